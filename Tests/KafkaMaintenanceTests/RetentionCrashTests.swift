import Foundation
import KafkaMaintenance
import KsegTestSupport
import XCTest

/// `kseg retention --execute` stopped at every step (fail points) and at random moments (SIGKILL):
/// each partition is always one the broker loads — segments that are a suffix of the old log (plus
/// perhaps the new empty segment), each whole and unchanged, checkpoints old or new — and a second
/// run finishes the job with exactly the result of an uninterrupted run. It refuses while a broker
/// holds the log directory's lock.
final class RetentionCrashTests: XCTestCase {
    let fixture = try! RetentionFixture()
    /// Partitions that exercise every kind of step: epoch rewrite, snapshots, roll, checkpoint entry removal.
    let crashPartitions = ["worked-example-0", "roll-active-0", "log-start-at-boundary-0"]

    func testEveryCrashPointLeavesPartitionsTheBrokerLoads() throws {
        let reference = try finishedTree()
        var step = 0
        while true {
            let copy = try fixture.copy("logdir")
            let crashed = try KsegProcess.run(arguments(copy, partitions: crashPartitions),
                                              environment: [CrashPoint.environmentVariable: String(step)])
            if crashed.status == 0 { break }
            XCTAssertEqual(crashed.status, 137, "step \(step): \(crashed.err)")
            try assertLoadable(copy, partitions: crashPartitions, context: "crash point \(step)")
            let finish = try KsegProcess.run(arguments(copy, partitions: crashPartitions))
            XCTAssertEqual(finish.status, 0, "step \(step): \(finish.err)")
            RetentionFixtureTests.assertSameTree(try RetentionFixtureTests.snapshotOfTree(copy), reference, "step \(step): the finished run differs from an uninterrupted one")
            step += 1
            if step > 500 { XCTFail("no end to the crash points"); break }
        }
        XCTAssertGreaterThan(step, 40, "fewer crash points than the partitions' steps")
    }

    func testSIGKILLAtRandomMomentsLeavesPartitionsTheBrokerLoads() throws {
        let all = fixture.partitions(in: "logdir").map(\.name)
        var reference: [String: Data]?
        var rng = SeededGenerator(seed: 0x7e7e)
        var interrupted = 0
        for round in 0..<16 {
            let copy = try fixture.copy("logdir")
            let delay = UInt32(20_000 + rng.below(100_000))
            if try KsegProcess.runAndKill(arguments(copy, partitions: nil), afterMicroseconds: delay) { interrupted += 1 }
            try assertLoadable(copy, partitions: all, context: "round \(round), SIGKILL after \(delay) µs")
            let finish = try KsegProcess.run(arguments(copy, partitions: nil))
            XCTAssertEqual(finish.status, 0, "round \(round): \(finish.err)")
            let tree = try RetentionFixtureTests.snapshotOfTree(copy)
            if reference == nil { reference = tree }
            RetentionFixtureTests.assertSameTree(tree, reference!, "round \(round): finished state differs")
        }
        XCTAssertGreaterThan(interrupted, 0, "no run was interrupted: the kill loop tested nothing")
    }

    /// A broker's lock (a POSIX record lock, as Java's FileChannel.tryLock takes) makes --execute
    /// refuse with status 2 and change nothing; the dry run still works.
    func testRefusesWhenABrokerHoldsTheLock() throws {
        let copy = try fixture.copy("logdir")
        let before = try RetentionFixtureTests.snapshotOfTree(copy)
        let holder = try BrokerLock(logDirectory: copy)
        defer { holder.release() }

        // However the partitions are named (a trailing slash included), the lock is the log directory's.
        for paths in [[copy.path], [copy.appendingPathComponent("worked-example-0").path + "/"]] {
            let refused = try KsegProcess.run(["retention", "--execute", "--missing-high-watermark", "log-end"] + fixture.arguments(for: "logdir") + paths)
            XCTAssertEqual(refused.status, 2, "\(paths)")
            XCTAssertTrue(refused.err.contains("log directory is locked by process \(holder.processIdentifier)"), refused.err)
        }
        var after = try RetentionFixtureTests.snapshotOfTree(copy)
        after[".lock"] = nil
        RetentionFixtureTests.assertSameTree(after, before, "files changed while a broker held the lock")
        let dry = try KsegProcess.run(["retention"] + fixture.arguments(for: "logdir") + [copy.path])
        XCTAssertEqual(dry.status, 0, "a dry run needs no lock: \(dry.err)")
    }

    // MARK: - Helpers

    func arguments(_ copy: URL, partitions: [String]?) -> [String] {
        let paths = partitions.map { $0.map { copy.appendingPathComponent($0).path } } ?? [copy.path]
        return ["retention", "--execute", "--jobs", "1"] + fixture.arguments(for: "logdir") + paths
    }

    /// The tree an uninterrupted run leaves.
    func finishedTree() throws -> [String: Data] {
        let copy = try fixture.copy("logdir")
        let run = try KsegProcess.run(arguments(copy, partitions: crashPartitions))
        XCTAssertEqual(run.status, 0, run.err)
        return try RetentionFixtureTests.snapshotOfTree(copy)
    }

    /// What the broker's loader would find, checked against the old and the planned new state.
    func assertLoadable(_ copy: URL, partitions names: [String], context: String) throws {
        let original = RetentionFixture.directory.appendingPathComponent("logdir")
        let oldStart = try Data(contentsOf: original.appendingPathComponent("log-start-offset-checkpoint"))
        let startNow = try Data(contentsOf: copy.appendingPathComponent("log-start-offset-checkpoint"))
        for partition in fixture.partitions(in: "logdir") where names.contains(partition.name) {
            let expected = fixture.model(partition).expectation()
            let directory = copy.appendingPathComponent(partition.name)
            let files = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
            // The loader deletes *.deleted files and index files without a .log; what remains must be a suffix.
            let logs = files.filter { $0.hasSuffix(".log") }.sorted()
            let bases = partition.segments.map { RetentionFixture.name($0.base, ".log") }
            let rolled = expected.rollAt.map { RetentionFixture.name($0, ".log") }
            let originals = logs.filter { $0 != rolled }
            XCTAssertFalse(logs.isEmpty, "\(context): \(partition.name) has no segment left")
            XCTAssertEqual(originals, Array(bases.suffix(originals.count)), "\(context): \(partition.name) segments are not a suffix: \(logs)")
            let deleted = expected.actions.prefix { $0.hasPrefix("delete") }.count
            XCTAssertGreaterThanOrEqual(originals.count, partition.segments.count - deleted, "\(context): \(partition.name) lost a kept segment")
            for log in logs {
                let stem = String(log.dropLast(4))
                for suffix in [".log", ".index"] { XCTAssertTrue(files.contains(stem + suffix), "\(context): \(partition.name)/\(stem)\(suffix) missing") }
                if log == rolled {
                    XCTAssertTrue(files.contains(stem + ".timeindex"), "\(context): rolled segment without time index")
                    continue
                }
                for suffix in [".log", ".index", ".timeindex"] where files.contains(stem + suffix) {
                    XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent(stem + suffix)),
                                   try Data(contentsOf: original.appendingPathComponent(partition.name).appendingPathComponent(stem + suffix)),
                                   "\(context): \(partition.name)/\(stem)\(suffix) changed")
                }
            }
            if let epochs = partition.leaderEpochs {
                let now = try Data(contentsOf: directory.appendingPathComponent("leader-epoch-checkpoint"))
                let old = RetentionFixture.checkpoint(epochs.map { "\($0[0]) \($0[1])" })
                let new = RetentionFixture.checkpoint(RetentionFixtureTests.truncatedFromStart(epochs, expected.newLogStart).map { "\($0[0]) \($0[1])" })
                XCTAssertTrue(now == old || now == new, "\(context): \(partition.name) leader-epoch-checkpoint is neither old nor new")
            }
            // The log start offset the broker derives: max(checkpoint entry, first segment's base).
            let entry = String(decoding: startNow, as: UTF8.self).split(separator: "\n").dropFirst(2)
                .first { $0.hasPrefix("\(partition.topic) 0 ") }.map { Int64($0.split(separator: " ")[2])! }
            let firstBase = logs.map { Int64($0.prefix(20))! }.min()!
            let logStart = max(entry ?? firstBase, firstBase)
            XCTAssertTrue(logStart >= fixture.model(partition).logStart && logStart <= expected.newLogStart,
                          "\(context): \(partition.name) log start \(logStart) outside the old and new values")
        }
        // Old or new, never anything else: the other lines untouched, the entries of these partitions as Kafka writes them.
        var newLines: [String] = []
        for line in String(decoding: oldStart, as: UTF8.self).split(separator: "\n").dropFirst(2) {
            let fields = line.split(separator: " ")
            guard let partition = fixture.partitions(in: "logdir").first(where: { $0.topic == fields[0] && names.contains($0.name) }) else {
                newLines.append(String(line))
                continue
            }
            let expected = fixture.model(partition).expectation()
            let deleted = expected.actions.prefix { $0.hasPrefix("delete") }.count
            let firstRemaining = expected.rollAt ?? partition.segments[deleted].base
            if expected.newLogStart > firstRemaining { newLines.append("\(partition.topic) 0 \(expected.newLogStart)") }
        }
        XCTAssertTrue(startNow == oldStart || startNow == RetentionFixture.checkpoint(newLines), "\(context): log-start-offset-checkpoint is neither old nor new")
        // Partitions the fixture writes with a missing time index on purpose start with a finding.
        let clean = fixture.partitions(in: "logdir").filter { p in names.contains(p.name) && p.segments.allSatisfy(\.hasTimeIndex) }
        let verify = try KsegProcess.run(["verify-index"] + clean.map { copy.appendingPathComponent($0.name).path })
        XCTAssertEqual(verify.status, 0, "\(context): \(verify.out)")
    }
}
