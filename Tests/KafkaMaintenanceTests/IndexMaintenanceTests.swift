import Foundation
import KafkaLog
import KafkaMaintenance
import KsegTestSupport
import XCTest

/// `verify-index` and `rebuild-index`, run as users run them (the real binary) on copies of
/// partitions written by Kafka's storage code and by kafka-python.
final class IndexMaintenanceTests: XCTestCase {
    let segmentsV2 = ["00000000000000000000", "00000000000000001615", "00000000000000003291"]

    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// Every index of every reference segment deleted, rebuilt: Kafka's bytes.
    func testRebuildFromScratchIsByteIdenticalToKafka() throws {
        for partition in ["ref-v2-none-0", "ref-v1-gzip-0"] {
            let original = Repository.fixtures.appendingPathComponent("kafka-reference/kafka-written/\(partition)")
            let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/\(partition)")
            let indexes = try FileManager.default.contentsOfDirectory(atPath: copy.path).filter { $0.hasSuffix(".index") || $0.hasSuffix(".timeindex") }
            XCTAssertEqual(indexes.count, 6)
            for name in indexes { try FileManager.default.removeItem(at: copy.appendingPathComponent(name)) }

            let dry = try KsegProcess.run(["rebuild-index", copy.path])
            XCTAssertEqual(dry.status, 1, "a dry run with work to do exits 1")
            XCTAssertEqual(dry.out.components(separatedBy: "missing (would create").count - 1, 6, dry.out)
            XCTAssertFalse(FileManager.default.fileExists(atPath: copy.appendingPathComponent(indexes[0]).path), "dry run wrote nothing")

            let run = try KsegProcess.run(["rebuild-index", "--execute", copy.path])
            XCTAssertEqual(run.status, 0, run.err)
            for name in indexes {
                XCTAssertEqual(try bytes(copy.appendingPathComponent(name).path), try bytes(original.appendingPathComponent(name).path), "\(partition)/\(name)")
            }
            XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: copy.path).contains { $0.hasSuffix(".txnindex") || $0.hasSuffix(".kseg-tmp") })
            let again = try KsegProcess.run(["rebuild-index", copy.path])
            XCTAssertEqual(again.status, 0, "second dry run finds nothing to do: \(again.out)")
            XCTAssertEqual(try KsegProcess.run(["verify-index", copy.path]).status, 0)
        }
    }

    func testVerifyIsCleanOnKafkaWrittenPartitions() throws {
        let dir = Repository.fixtures.appendingPathComponent("kafka-reference/kafka-written").path
        let result = try KsegProcess.run(["verify-index", dir + "/ref-v2-none-0", dir + "/ref-v1-gzip-0"])
        XCTAssertEqual(result.status, 0, result.out)
        XCTAssertTrue(result.out.hasSuffix("2 partitions, 6 segments, 603971 bytes of log checked: 0 findings\n"), result.out)
        let json = try KsegProcess.run(["verify-index", "--json", dir + "/ref-v1-gzip-0"])
        let summary = try JSONSerialization.jsonObject(with: Data(json.out.split(separator: "\n").last!.utf8)) as! [String: Any]
        XCTAssertEqual(summary["type"] as? String, "summary")
        XCTAssertEqual(summary["findings"] as? Int, 0)
        XCTAssertEqual(summary["segments"] as? Int, 3)
    }

    /// Each kind of damage is found, named by file and entry/position.
    func testVerifyFindsEachKindOfDamage() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        func path(_ name: String) -> String { copy.appendingPathComponent(name).path }
        // .index entry 2 of segment 0 moved off its batch start.
        var index = try bytes(path("00000000000000000000.index"))
        let position = index[20..<24].reduce(0) { $0 << 8 | Int($1) } + 3
        index.replaceSubrange(20..<24, with: [UInt8((position >> 24) & 0xff), UInt8((position >> 16) & 0xff), UInt8((position >> 8) & 0xff), UInt8(position & 0xff)])
        try index.write(to: URL(fileURLWithPath: path("00000000000000000000.index")))
        // Time index of segment 1615 loses its last entry (the one time retention reads).
        let timeIndex = try bytes(path("00000000000000001615.timeindex"))
        try timeIndex.prefix(timeIndex.count - 12).write(to: URL(fileURLWithPath: path("00000000000000001615.timeindex")))
        // A flipped bit in a batch of segment 3291, and a torn tail.
        var log = try bytes(path("00000000000000003291.log"))
        log[60_000] ^= 0x10
        log.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0x10, 0])
        try log.write(to: URL(fileURLWithPath: path("00000000000000003291.log")))

        let result = try KsegProcess.run(["verify-index", copy.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.contains("00000000000000000000.index: entry 2 (byte 16): entryNotOnBatchStart"), result.out)
        XCTAssertTrue(result.out.contains("00000000000000001615.timeindex: entry 25: timeIndexLastEntry"), result.out)
        XCTAssertTrue(result.out.contains("00000000000000003291.log: byte "), result.out)
        XCTAssertTrue(result.out.contains("invalidBatch"), result.out)
        XCTAssertTrue(result.out.contains("entryBeyondLogEnd"), result.out)
    }

    /// --repair saves the cut bytes, cuts the tail as Kafka's recovery does, and rebuilds the indexes;
    /// without --repair the corrupt segment is left alone.
    /// Corruption in a middle segment: as Kafka's recovery, the log ends at the cut — the later
    /// segment is set aside whole (not deleted), snapshots above the new end go, epochs above it go.
    func testRepairOfAMiddleSegmentEndsTheLogThereAsKafkaDoes() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        func path(_ name: String) -> String { copy.appendingPathComponent(name).path }
        let middle = path(segmentsV2[1] + ".log"), last = path(segmentsV2[2] + ".log")
        var damaged = try bytes(middle)
        damaged[50_000] ^= 0xff
        try damaged.write(to: URL(fileURLWithPath: middle))
        let lastBytes = try bytes(last)
        try "0\n2\n0 0\n7 3500\n".write(toFile: path("leader-epoch-checkpoint"), atomically: true, encoding: .utf8)

        let dry = try KsegProcess.run(["rebuild-index", copy.path])
        XCTAssertEqual(dry.status, 1)
        XCTAssertTrue(dry.out.contains("\(last): beyond the invalid tail (\(lastBytes.count) bytes, offsets 3291..4581)"), dry.out)

        let run = try KsegProcess.run(["rebuild-index", "--execute", "--repair", copy.path])
        XCTAssertEqual(run.status, 0, run.err)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: copy.path))
        XCTAssertFalse(names.contains(segmentsV2[2] + ".log") || names.contains(segmentsV2[2] + ".index") || names.contains(segmentsV2[2] + ".timeindex"),
                       names.sorted().joined(separator: " "))
        XCTAssertEqual(try bytes(last + ".corrupt-0"), lastBytes, "the later segment is kept, set aside")
        XCTAssertFalse(names.contains("00000000000000003291.snapshot") || names.contains("00000000000000004582.snapshot"))
        XCTAssertTrue(names.contains("00000000000000001615.snapshot"))
        let cut = try bytes(middle).count
        XCTAssertEqual(try bytes(middle + ".corrupt-\(cut)").count + cut, damaged.count)
        XCTAssertEqual(try String(contentsOfFile: path("leader-epoch-checkpoint"), encoding: .utf8), "0\n1\n0 0\n")
        XCTAssertEqual(try KsegProcess.run(["verify-index", copy.path]).status, 0)
        XCTAssertEqual(try KsegProcess.run(["rebuild-index", copy.path]).status, 0, "nothing left to do")
    }

    /// A 2 GiB (sparse) garbage index is a finding, not a failure, and is replaced without being
    /// loaded whole.
    func testOversizedIndexIsReportedAndReplaced() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        let index = copy.appendingPathComponent(segmentsV2[0] + ".index")
        let original = try bytes(index.path)
        XCTAssertEqual(truncate(index.path, 2 << 30), 0)
        let verify = try KsegProcess.run(["verify-index", copy.path])
        XCTAssertEqual(verify.status, 1, verify.err)
        XCTAssertTrue(verify.out.contains("indexSize: expected at most 1073741824 bytes"), verify.out)
        let run = try KsegProcess.run(["rebuild-index", "--execute", copy.path])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertEqual(try bytes(index.path), original)
    }

    func testRepairCutsInvalidTailAfterSavingIt() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        let logPath = copy.appendingPathComponent("00000000000000003291.log").path
        let original = try bytes(logPath)
        let torn = original + Data([0, 0, 0, 0, 0, 0, 0x12, 0x34, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0xAB])
        try torn.write(to: URL(fileURLWithPath: logPath))

        let withoutRepair = try KsegProcess.run(["rebuild-index", "--execute", copy.path])
        XCTAssertEqual(withoutRepair.status, 1)
        XCTAssertTrue(withoutRepair.out.contains("left \(logPath) alone"), withoutRepair.out)
        XCTAssertEqual(try bytes(logPath), torn)

        let repaired = try KsegProcess.run(["rebuild-index", "--execute", "--repair", copy.path])
        XCTAssertEqual(repaired.status, 0, repaired.err)
        XCTAssertTrue(repaired.out.contains("cut 18 bytes from byte \(original.count)"), repaired.out)
        XCTAssertEqual(try bytes(logPath), original)
        XCTAssertEqual(try bytes(logPath + ".corrupt-\(original.count)"), torn.suffix(18))
        XCTAssertEqual(try KsegProcess.run(["verify-index", copy.path]).status, 0)
    }

    /// Transaction indexes: kafka-python wrote transactional batches with COMMIT and ABORT markers;
    /// the rebuilt `.txnindex` holds exactly the aborted transactions an independent model of
    /// Kafka's rule (written here, from kafka-python's reading) predicts.
    func testTransactionIndexMatchesIndependentModel() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-python/kp-v2-lz4-0")
        let listingURL = Repository.fixtures.appendingPathComponent("kafka-python/kp-v2-lz4-0/00000000000000000000.log.expected.json")
        let listing = try JSONSerialization.jsonObject(with: Data(contentsOf: listingURL)) as! [String: Any]
        var open: [Int: Int] = [:]
        var expected: [AbortedTransaction] = []
        for batch in listing["batches"] as! [[String: Any]] {
            let producer = batch["producerId"] as! Int
            guard producer >= 0 else { continue }
            let base = batch["baseOffset"] as! Int
            if batch["isControlBatch"] as! Bool {
                let type = ((batch["records"] as! [[String: Any]]).first?["control"] as? [String: Any])?["type"] as? String
                guard let first = open.removeValue(forKey: producer) else { continue }
                if type == "ABORT" {
                    let lastStable = open.values.min() ?? base + 1
                    expected.append(AbortedTransaction(producerId: Int64(producer), firstOffset: Int64(first), lastOffset: Int64(base), lastStableOffset: Int64(lastStable)))
                }
            } else if batch["isTransactional"] as! Bool, open[producer] == nil {
                open[producer] = base
            }
        }
        XCTAssertEqual(expected.count, 1)

        XCTAssertEqual(try KsegProcess.run(["verify-index", copy.path]).status, 1, "no indexes yet")
        let run = try KsegProcess.run(["rebuild-index", "--execute", copy.path])
        XCTAssertEqual(run.status, 0, run.err)
        let txn = try bytes(copy.appendingPathComponent("00000000000000000000.txnindex").path)
        let actual = txn.withUnsafeBytes { TransactionIndexReader.entries($0) }
        XCTAssertEqual(actual, expected)
        XCTAssertEqual(txn.count, 34 * expected.count)
        let verify = try KsegProcess.run(["verify-index", copy.path])
        XCTAssertEqual(verify.status, 0, verify.out)

        // A wrong entry is reported.
        var broken = txn
        broken[33] ^= 1
        try broken.write(to: copy.appendingPathComponent("00000000000000000000.txnindex"))
        let after = try KsegProcess.run(["verify-index", copy.path])
        XCTAssertEqual(after.status, 1)
        XCTAssertTrue(after.out.contains("txnindex: entry 0 (byte 0): transactionIndex"), after.out)
    }

    /// Leftovers of a compaction killed after its `.cleaned` → `.swap` step (and of a deletion) are
    /// resolved first, as Kafka's loader resolves them: `.deleted` and `.cleaned` files go, the swapped
    /// segment replaces the files it covers, and the indexes are then rebuilt for the result.
    func testRebuildResolvesInterruptedSwapsAsKafkaDoes() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        let fm = FileManager.default
        func path(_ name: String) -> String { copy.appendingPathComponent(name).path }
        let first = segmentsV2[0], second = segmentsV2[1]
        let sourceLog = try bytes(path(first + ".log"))
        try fm.copyItem(atPath: path(first + ".log"), toPath: path(first + ".log.swap"))      // cleaned segment, renamed to .swap
        try fm.copyItem(atPath: path(first + ".index"), toPath: path(first + ".index.deleted")) // a deletion's leftover
        try fm.copyItem(atPath: path(second + ".log"), toPath: path(second + ".log.cleaned"))   // an attempt never swapped
        try Data("junk".utf8).write(to: URL(fileURLWithPath: path(second + ".log.swap")))     // its interrupted rename (≥ min .cleaned)

        let dry = try KsegProcess.run(["rebuild-index", copy.path])
        XCTAssertEqual(dry.status, 1, dry.out)
        XCTAssertTrue(dry.out.contains("\(first).log.swap: leftover of an interrupted swap: would resolve by renaming it to \(first).log"), dry.out)
        XCTAssertTrue(fm.fileExists(atPath: path(first + ".log.swap")), "a dry run changes nothing")

        let run = try KsegProcess.run(["rebuild-index", "--execute", copy.path])
        XCTAssertEqual(run.status, 0, run.err + run.out)
        let names = Set(try fm.contentsOfDirectory(atPath: copy.path))
        for gone in [first + ".log.swap", first + ".index.deleted", second + ".log.cleaned", second + ".log.swap"] {
            XCTAssertFalse(names.contains(gone), "\(gone) should be gone: \(names.sorted())")
        }
        XCTAssertEqual(try bytes(path(first + ".log")), sourceLog)
        XCTAssertTrue(names.contains(first + ".index") && names.contains(second + ".log"), names.sorted().joined(separator: " "))
        XCTAssertEqual(try KsegProcess.run(["verify-index", copy.path]).status, 0)
        XCTAssertEqual(try KsegProcess.run(["rebuild-index", copy.path]).status, 0, "nothing left to do")
    }

    /// A broker's lock (a POSIX record lock, as Java's FileChannel.tryLock takes) makes mutating
    /// commands refuse with exit status 2; read-only ones still run.
    func testRefusesWhenABrokerHoldsTheLock() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        let logDir = copy.deletingLastPathComponent()
        try FileManager.default.removeItem(at: copy.appendingPathComponent("00000000000000000000.index"))
        let holder = try BrokerLock(logDirectory: logDir)
        defer { holder.release() }

        let refused = try KsegProcess.run(["rebuild-index", "--execute", copy.path])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.err.contains("log directory is locked by process \(holder.processIdentifier)"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy.appendingPathComponent("00000000000000000000.index").path))
        XCTAssertEqual(try KsegProcess.run(["verify-index", copy.path]).status, 1, "read-only commands need no lock")
    }

    /// The lock guarding a partition is its real log directory's, however the partition is named:
    /// `.` from inside it, a trailing slash, a symlink from elsewhere.
    func testLockIsFoundThroughDotSlashAndSymlinks() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        let index = copy.appendingPathComponent("00000000000000000000.index")
        try FileManager.default.removeItem(at: index)
        let link = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-link-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: copy)
        defer { try? FileManager.default.removeItem(at: link) }
        let holder = try BrokerLock(logDirectory: copy.deletingLastPathComponent())
        defer { holder.release() }
        for (arguments, directory) in [(["rebuild-index", "--execute", "."], copy.path),
                                       (["rebuild-index", "--execute", copy.path + "/"], nil),
                                       (["rebuild-index", "--execute", link.path], nil)] {
            let run = try KsegProcess.run(arguments, currentDirectory: directory)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.out)\(run.err)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: index.path), "\(arguments) wrote under a broker's lock")
            XCTAssertFalse(FileManager.default.fileExists(atPath: copy.appendingPathComponent(".lock").path), "\(arguments) locked inside the partition")
        }
    }

    /// The KRaft metadata log is never modified: skipped in a log dir, refused when named.
    func testClusterMetadataLogIsNeverModified() throws {
        let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
        let metadata = copy.deletingLastPathComponent().appendingPathComponent("__cluster_metadata-0")
        try FileManager.default.copyItem(at: copy, to: metadata)
        try FileManager.default.removeItem(at: metadata.appendingPathComponent("00000000000000000000.index"))
        try FileManager.default.removeItem(at: copy.appendingPathComponent("00000000000000000000.index"))
        let named = try KsegProcess.run(["rebuild-index", "--execute", metadata.path])
        XCTAssertEqual(named.status, 2, named.err)
        XCTAssertTrue(named.err.contains("KRaft metadata log"), named.err)
        let walked = try KsegProcess.run(["rebuild-index", "--execute", copy.deletingLastPathComponent().path])
        XCTAssertEqual(walked.status, 0, walked.err)
        XCTAssertTrue(walked.err.contains("skipped"), walked.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: copy.appendingPathComponent("00000000000000000000.index").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: metadata.appendingPathComponent("00000000000000000000.index").path))
    }

    /// SIGINT or SIGKILL at random moments: every index file is always either the old or the new
    /// bytes, and a later run completes the job.
    func testKilledRebuildLeavesEveryFileOldOrNew() throws {
        let pristine = Repository.fixtures.appendingPathComponent("kafka-reference/kafka-written/ref-v2-none-0")
        var rng = SeededGenerator(seed: 0x5eed)
        var interruptedRuns = 0, interruptedBySIGINT = 0
        for round in 0..<25 {
            let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
            var old: [String: Data] = [:]
            for base in segmentsV2 {
                // Damage: drop one index, scramble another.
                try FileManager.default.removeItem(at: copy.appendingPathComponent("\(base).index"))
                let timeIndex = copy.appendingPathComponent("\(base).timeindex")
                try Data(repeating: 0x7f, count: 24).write(to: timeIndex)
                old["\(base).timeindex"] = Data(repeating: 0x7f, count: 24)
            }
            // Odd rounds interrupt as a user's Ctrl-C does, even rounds as the OOM killer does.
            let signal = round % 2 == 1 ? SIGINT : SIGKILL
            if try KsegProcess.runAndKill(["rebuild-index", "--execute", copy.path], afterMicroseconds: UInt32(rng.next() % 40_000), signal: signal) {
                interruptedRuns += 1
                if signal == SIGINT { interruptedBySIGINT += 1 }
            }
            for base in segmentsV2 {
                for suffix in [".index", ".timeindex"] {
                    let name = base + suffix
                    let path = copy.appendingPathComponent(name).path
                    let new = try bytes(pristine.appendingPathComponent(name).path)
                    if FileManager.default.fileExists(atPath: path) {
                        let now = try bytes(path)
                        XCTAssertTrue(now == new || now == old[name], "round \(round): \(name) is neither old nor new")
                    } else {
                        XCTAssertNil(old[name], "round \(round): \(name) vanished")
                    }
                }
            }
            let finish = try KsegProcess.run(["rebuild-index", "--execute", copy.path])
            XCTAssertEqual(finish.status, 0, finish.err)
            XCTAssertEqual(try KsegProcess.run(["verify-index", copy.path]).status, 0)
            XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: copy.path).contains { $0.hasSuffix(".kseg-tmp") })
        }
        XCTAssertGreaterThan(interruptedRuns, 0, "no run was interrupted: the kill loop tested nothing")
        XCTAssertGreaterThan(interruptedBySIGINT, 0, "no run was interrupted by SIGINT")
    }

    /// `--repair` of a corrupt middle segment interrupted (SIGINT or SIGKILL) at random moments:
    /// a rerun always ends exactly where an uninterrupted run ends, so no step loses a byte or
    /// leaves a state the repair cannot finish.
    func testInterruptedRepairFinishesLikeAnUninterruptedOne() throws {
        func damagedCopy() throws -> URL {
            let copy = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
            let middle = copy.appendingPathComponent(segmentsV2[1] + ".log")
            var data = try bytes(middle.path)
            data[50_000] ^= 0xff
            try data.write(to: middle)
            return copy
        }
        func contents(_ dir: URL) throws -> [String: Data] {
            var result: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
                result[name] = try bytes(dir.appendingPathComponent(name).path)
            }
            return result
        }
        let reference = try damagedCopy()
        XCTAssertEqual(try KsegProcess.run(["rebuild-index", "--execute", "--repair", reference.path]).status, 0)
        let expected = try contents(reference)

        var rng = SeededGenerator(seed: 0x2e9a12)
        var interrupted = 0
        for round in 0..<16 {
            let copy = try damagedCopy()
            if try KsegProcess.runAndKill(["rebuild-index", "--execute", "--repair", copy.path],
                                          afterMicroseconds: UInt32(rng.next() % 30_000), signal: round % 2 == 1 ? SIGINT : SIGKILL) {
                interrupted += 1
            }
            let finish = try KsegProcess.run(["rebuild-index", "--execute", "--repair", copy.path])
            XCTAssertEqual(finish.status, 0, "round \(round): \(finish.err)")
            XCTAssertEqual(try contents(copy), expected, "round \(round): the finished repair differs from an uninterrupted one")
        }
        XCTAssertGreaterThan(interrupted, 0, "no run was interrupted: the loop tested nothing")

        // And deterministically: a crash (as after SIGKILL) before each mutating step in turn.
        var step = 0
        while true {
            let copy = try damagedCopy()
            let crashed = try KsegProcess.run(["rebuild-index", "--execute", "--repair", copy.path], environment: ["KSEG_CRASH_AFTER": String(step)])
            let finish = try KsegProcess.run(["rebuild-index", "--execute", "--repair", copy.path])
            XCTAssertEqual(finish.status, 0, "crash before step \(step): \(finish.err)")
            XCTAssertEqual(try contents(copy), expected, "crash before step \(step): the finished repair differs from an uninterrupted one")
            if crashed.status != 137 { break }
            step += 1
        }
        XCTAssertGreaterThan(step, 8, "the repair has a fail point before each of its writes")
    }

    func testParallelResultsEqualSerialResults() throws {
        let logDir = try Repository.temporaryCopy(of: "kafka-python").path
        let one = try KsegProcess.run(["verify-index", "--jobs", "1", logDir])
        let two = try KsegProcess.run(["verify-index", "--jobs", "2", logDir])
        XCTAssertEqual(one.status, 1, "kafka-python fixtures have no indexes")
        XCTAssertEqual(one.out, two.out)
        XCTAssertTrue(one.out.contains("13 partitions"), one.out)
    }
}
