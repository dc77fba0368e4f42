import Foundation
import KafkaMaintenance
import KsegTestSupport
import XCTest

/// SIGKILL during `compact --execute`, at every durable step and at random moments: what is left is
/// always a valid partition that still holds every record that should survive, the broker's leftover
/// recovery (here `kseg rebuild-index`, which runs it) finishes or rolls back the interrupted swap,
/// and a new run completes the job with exactly the uninterrupted result.
final class CompactionCrashTests: XCTestCase {
    private func assertValid(_ fixture: CompactionFixture, containing survivors: Set<String>, _ context: String) throws {
        let verify = try KsegProcess.run(["verify-index", fixture.partition.path])
        XCTAssertEqual(verify.status, 0, "\(context): \(verify.out)")
        let records = try fixture.dumpedRecords()
        let offsets = records.map { Int64($0.prefix { $0 != " " })! }
        XCTAssertEqual(offsets, offsets.sorted(), "\(context): offsets in order")
        XCTAssertEqual(Set(offsets).count, offsets.count, "\(context): no offset twice")
        let present = Set(records)
        let missing = survivors.subtracting(present)
        XCTAssertTrue(missing.isEmpty, "\(context): \(missing.count) records that must survive are gone, e.g. \(missing.sorted().prefix(3))")
    }

    /// Kills the run at step 1, 2, 3, … of its mutating steps (CrashPoint) until a run
    /// gets through; several groups and two rounds, so swaps and checkpoint writes are all hit.
    func testKillAtEveryStep() throws {
        let arguments = ["--segment.bytes", "30000", "--log.cleaner.dedupe.buffer.size", "\(24 * 200)"]
        let pristine = try CompactionFixture(randomSeed: 23, records: 1_200, keys: 220, segmentBytes: 14_000)
        let reference = try pristine.copy()
        let done = try reference.compact(["--execute", "--json"] + arguments)
        XCTAssertEqual(done.status, 0, done.err)
        let rounds = try CompactionFixture.jsonLines(done.out, type: "partition").first?["rounds"] as? [[String: Any]] ?? []
        XCTAssertGreaterThanOrEqual(rounds.count, 2, "several rounds, so checkpoint writes between rounds are hit")
        XCTAssertGreaterThanOrEqual(rounds.reduce(0) { $0 + (($1["groups"] as? [Any])?.count ?? 0) }, 3, "several groups")
        let expected = try reference.dumpedRecords()
        XCTAssertEqual(try PartitionListing.read(reference.partition).records.count, expected.count, "kafka-python reads the result")
        let survivors = Set(expected)

        var step = 0
        while true {
            let fixture = try pristine.copy()
            let run = try fixture.compact(["--execute"] + arguments, environment: [CrashPoint.environmentVariable: "\(step)"])
            if run.status == 0 { break }
            XCTAssertEqual(run.status, 137, "step \(step): stopped as by SIGKILL; \(run.err)")
            // The broker's start-up recovery, then the partition as it would load.
            let recovered = try KsegProcess.run(["rebuild-index", "--execute", fixture.partition.path])
            XCTAssertEqual(recovered.status, 0, "step \(step): \(recovered.out) \(recovered.err)")
            try assertValid(fixture, containing: survivors, "killed at step \(step)")
            // A new run finishes the job.
            let again = try fixture.compact(["--execute"] + arguments)
            XCTAssertEqual(again.status, 0, "step \(step): \(again.err)")
            XCTAssertEqual(try fixture.dumpedRecords(), expected, "step \(step): the result after a restart")
            step += 1
            if step > 400 { XCTFail("the run never completed"); break }
        }
        XCTAssertGreaterThan(step, 20, "too few crash points: the hook is not reached")
        print("compact --execute stopped before each of its \(step) mutating steps")
    }

    /// SIGKILL after a random delay, on a partition large enough to be caught mid-write; the next
    /// `compact --execute` (which runs the leftover recovery itself) completes the job.
    func testKillAtRandomMoments() throws {
        let arguments = ["--segment.bytes", "400000"]
        let pristine = try CompactionFixture(randomSeed: 5, records: 60_000, keys: 5_000, segmentBytes: 150_000)
        let reference = try pristine.copy()
        let started = Date()
        XCTAssertEqual(try reference.compact(["--execute"] + arguments).status, 0)
        let duration = Date().timeIntervalSince(started)
        let expected = try reference.dumpedRecords()
        let survivors = Set(expected)

        var generator = SeededGenerator(seed: 0xC0FFEE)
        var interrupted = 0
        for round in 0..<10 {
            let fixture = try pristine.copy()
            let delay = UInt32(Double(generator.below(1000)) / 1000 * duration * 1_000_000)
            if try KsegProcess.runAndKill(["compact", "--execute", "--cleanup.policy", "compact", "--now", "\(fixture.now)"] + arguments + [fixture.logDirectory.path],
                                          afterMicroseconds: delay) {
                interrupted += 1
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: fixture.partition.path)
            if round % 2 == 0 {
                // Half the rounds: the broker's view right after the crash.
                XCTAssertEqual(try KsegProcess.run(["rebuild-index", "--execute", fixture.partition.path]).status, 0, "round \(round): \(names)")
                try assertValid(fixture, containing: survivors, "round \(round), killed after \(delay) µs")
            }
            let again = try fixture.compact(["--execute"] + arguments)
            XCTAssertEqual(again.status, 0, "round \(round): \(again.err)")
            XCTAssertEqual(try fixture.dumpedRecords(), expected, "round \(round): the result after a restart")
            XCTAssertEqual(try KsegProcess.run(["verify-index", fixture.partition.path]).status, 0)
        }
        XCTAssertGreaterThan(interrupted, 3, "the kills came too late to interrupt anything")
    }
}
