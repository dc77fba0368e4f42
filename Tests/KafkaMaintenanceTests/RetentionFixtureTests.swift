import Foundation
import KsegTestSupport
import XCTest

/// `kseg retention`, run as users run it, on partitions an independent writer produced
/// (Fixtures/retention, kafka-python's builders): the plan equals an independent model of Kafka's
/// rules segment by segment, and `--execute` leaves exactly the files, checkpoints and snapshots
/// Kafka would, which kseg's verifier and kafka-python's reader accept.
final class RetentionFixtureTests: XCTestCase {
    let fixture = try! RetentionFixture()

    /// Every partition of every fixture log directory, segment by segment, against the model.
    func testDryRunMatchesTheIndependentModel() throws {
        var compared = 0
        for logDir in fixture.logDirArguments.keys.sorted() {
            let copy = try fixture.copy(logDir)
            let before = try Self.snapshotOfTree(copy)
            let run = try KsegProcess.run(["retention", "--json"] + fixture.arguments(for: logDir) + [copy.path])
            XCTAssertEqual(run.status, logDir == "logdir-refused" ? 1 : 0, "\(logDir): \(run.err)")
            Self.assertSameTree(try Self.snapshotOfTree(copy), before, "\(logDir): a dry run changed files")
            let objects = try RetentionFixture.objects(run.out)
            for partition in fixture.partitions(in: logDir) {
                let directory = copy.appendingPathComponent(partition.name).path
                let header = try XCTUnwrap(objects.first { $0["type"] as? String == "partition" && $0["directory"] as? String == directory }, partition.name)
                let rows = objects.filter { $0["type"] as? String == "segment" && $0["directory"] as? String == directory }
                XCTAssertEqual(rows.count, partition.segments.count, partition.name)
                for (row, segment) in zip(rows, partition.segments) {
                    XCTAssertEqual(row["baseOffset"] as? Int64, segment.base, partition.name)
                    XCTAssertEqual(row["size"] as? Int64, segment.size, "\(partition.name) \(segment.base)")
                    XCTAssertEqual(row["largestTimestamp"] as? Int64, segment.largest, "\(partition.name) \(segment.base)")
                    XCTAssertEqual(row["timestampSource"] as? String, segment.source, "\(partition.name) \(segment.base)")
                }
                if partition.config["remote.storage.enable"] == "true" {
                    XCTAssertEqual((header["refusal"] as? [String: Any])?["kind"] as? String, "tiered-storage")
                    XCTAssertTrue(rows.allSatisfy { $0["reason"] as? String == "refused" })
                    XCTAssertTrue(run.err.contains("kseg: refused \(directory) (tiered-storage)"), run.err)
                    continue
                }
                let expected = fixture.model(partition).expectation()
                let actions = rows.map { row in
                    row["action"] as! String == "delete" ? "delete \(row["rule"] as! String)" : "keep \(row["reason"] as! String)"
                }
                XCTAssertEqual(actions, expected.actions, partition.name)
                XCTAssertEqual(header["newLogStartOffset"] as? Int64, expected.newLogStart, partition.name)
                XCTAssertEqual(header["rollsSegmentAt"] as? Int64, expected.rollAt, partition.name)
                XCTAssertEqual(header["logEndOffset"] as? Int64, partition.logEnd, partition.name)
                compared += rows.count
            }
        }
        XCTAssertGreaterThan(compared, 70)
    }

    /// The spec's worked example (§1.10), as the text table prints it.
    func testWorkedExampleReadsAsTheSpecSays() throws {
        let copy = try fixture.copy("logdir")
        let run = try KsegProcess.run(["retention"] + fixture.arguments(for: "logdir") + [copy.appendingPathComponent("worked-example-0").path])
        XCTAssertEqual(run.status, 0, run.err)
        let lines = run.out.split(separator: "\n").map(String.init)
        let expected = [
            "            0  33970  2024-10-17T03:33:20.000Z  timeindex  delete (retention.bytes): partition stays at or above retention.bytes 67940 without its 33970 bytes",
            "         1000  33970  2024-10-19T03:33:20.000Z  timeindex  delete (retention.bytes): partition stays at or above retention.bytes 67940 without its 33970 bytes",
            "         2000  33970  2024-10-28T03:33:20.000Z  timeindex  keep (rule-not-met): log-start-offset: next segment's base offset 3000 > log start offset 2000; retention.bytes: without its 33970 bytes the log would be 44161 < 67940; retention.ms: largest timestamp is 1d 0h in the future",
            "         3000  33970  2024-10-18T03:33:20.000Z  timeindex  keep (not-contiguous): an older segment (base offset 2000) stays; on its own it qualifies for retention.ms",
            "         4000  10191  2024-10-27T03:32:20.000Z  timeindex  keep (not-contiguous): an older segment (base offset 2000) stays",
            "  would delete 2 of 5 segments (67940 bytes); log start offset 0 -> 2000; leader-epoch-checkpoint [0 0, 1 1500, 3 2500] -> [1 2000, 3 2500]",
        ]
        for line in expected { XCTAssertTrue(lines.contains(line), "missing: \(line)\n\(run.out)") }
        XCTAssertTrue(run.out.hasSuffix("would delete 2 segments, 67940 bytes (66.3 KiB). Nothing was changed (use --execute).\n"), run.out)
    }

    /// `--execute`: the files left, byte for byte; checkpoints in Kafka's format; snapshots; then
    /// kseg's verifier and kafka-python's reader on the result; a second run finds nothing to do.
    func testExecuteLeavesWhatKafkaWould() throws {
        for logDir in ["logdir", "logdir-nohw", "logdir-cleaner-off"] {
            let copy = try fixture.copy(logDir)
            let original = RetentionFixture.directory.appendingPathComponent(logDir)
            let run = try KsegProcess.run(["retention", "--execute"] + fixture.arguments(for: logDir) + [copy.path])
            XCTAssertEqual(run.status, 0, "\(logDir): \(run.err)")
            var expectedStartLines = ["unrelated-topic 7 42"]
            var remainingLogs: [(String, Int64, Int64)] = []
            for partition in fixture.partitions(in: logDir) {
                let expected = fixture.model(partition).expectation()
                let deleted = expected.actions.prefix { $0.hasPrefix("delete") }.count
                let kept = partition.segments.dropFirst(deleted)
                let firstRemaining = expected.rollAt ?? kept.first!.base
                var names: Set<String> = []
                for segment in kept {
                    names.insert(RetentionFixture.name(segment.base, ".log"))
                    names.insert(RetentionFixture.name(segment.base, ".index"))
                    if segment.hasTimeIndex { names.insert(RetentionFixture.name(segment.base, ".timeindex")) }
                    if segment.lastOffset != nil { remainingLogs.append((copy.appendingPathComponent(partition.name).appendingPathComponent(RetentionFixture.name(segment.base, ".log")).path, segment.base, segment.lastOffset!)) }
                }
                if let roll = expected.rollAt {
                    for suffix in [".log", ".index", ".timeindex"] { names.insert(RetentionFixture.name(roll, suffix)) }
                }
                for offset in partition.snapshots where offset >= firstRemaining { names.insert(RetentionFixture.name(offset, ".snapshot")) }
                if partition.leaderEpochs != nil { names.insert("leader-epoch-checkpoint") }
                let directory = copy.appendingPathComponent(partition.name)
                XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)), names, partition.name)
                for name in names where !name.hasPrefix("leader") && !(expected.rollAt.map { name.hasPrefix(RetentionFixture.name($0, "")) } ?? false) {
                    XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent(name)),
                                   try Data(contentsOf: original.appendingPathComponent(partition.name).appendingPathComponent(name)), "\(partition.name)/\(name)")
                }
                if let roll = expected.rollAt {
                    for suffix in [".log", ".index", ".timeindex"] {
                        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent(RetentionFixture.name(roll, suffix))).count, 0)
                    }
                }
                if let epochs = partition.leaderEpochs {
                    let truncated = Self.truncatedFromStart(epochs, expected.newLogStart)
                    XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("leader-epoch-checkpoint")),
                                   RetentionFixture.checkpoint(truncated.map { "\($0[0]) \($0[1])" }), partition.name)
                }
                if partition.logStartCheckpoint != nil {
                    if expected.newLogStart > firstRemaining { expectedStartLines.append("\(partition.topic) 0 \(expected.newLogStart)") }
                }
            }
            let checkpoint = try Data(contentsOf: copy.appendingPathComponent("log-start-offset-checkpoint"))
            XCTAssertEqual(checkpoint, RetentionFixture.checkpoint(expectedStartLines), logDir)
            for name in ["replication-offset-checkpoint", "recovery-point-offset-checkpoint"] where FileManager.default.fileExists(atPath: original.appendingPathComponent(name).path) {
                XCTAssertEqual(try Data(contentsOf: copy.appendingPathComponent(name)), try Data(contentsOf: original.appendingPathComponent(name)), name)
            }

            let verify = try KsegProcess.run(["verify-index", copy.path])
            XCTAssertEqual(verify.status, 0, "\(logDir): \(verify.out)")
            let read = try Self.kafkaPythonOffsets(remainingLogs.map(\.0))
            for (path, base, last) in remainingLogs {
                let (first, lastRead, count) = try XCTUnwrap(read[path], path)
                XCTAssertEqual(first, base, path)
                XCTAssertEqual(lastRead, last, path)
                XCTAssertEqual(count, last - base + 1, path)
            }
            let again = try KsegProcess.run(["retention", "--json"] + fixture.arguments(for: logDir) + [copy.path])
            let summary = try RetentionFixture.objects(again.out).last!
            XCTAssertEqual(summary["segmentsDeleted"] as? Int64, 0, "\(logDir): a second run still finds work")
            XCTAssertFalse(try RetentionFixture.objects(again.out).contains {
                $0["type"] as? String == "partition" && ($0["leaderEpochCheckpoint"] is [String: Any] || $0["logStartCheckpointEntry"] as? Int64 != $0["newLogStartCheckpointEntry"] as? Int64)
            }, logDir)
        }
    }

    /// Without a high watermark nothing above the log start offset goes, unless the operator says
    /// every offset is committed.
    func testMissingHighWatermarkKeepsDataUnlessOverridden() throws {
        let copy = try fixture.copy("logdir-nohw")
        let keep = try KsegProcess.run(["retention", "--execute", "--json"] + fixture.arguments(for: "logdir-nohw") + [copy.path])
        XCTAssertEqual(keep.status, 0, keep.err)
        XCTAssertEqual(try RetentionFixture.objects(keep.out).last!["segmentsDeleted"] as? Int64, 0)
        let header = try RetentionFixture.objects(keep.out).first { $0["type"] as? String == "partition" }!
        XCTAssertEqual(header["highWatermarkSource"] as? String, "missing: log start offset")
        let override = try KsegProcess.run(["retention", "--execute", "--json", "--missing-high-watermark", "log-end"]
                                           + fixture.arguments(for: "logdir-nohw") + [copy.path])
        XCTAssertEqual(override.status, 0, override.err)
        XCTAssertEqual(try RetentionFixture.objects(override.out).last!["segmentsDeleted"] as? Int64, 2)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: copy.appendingPathComponent("no-hw-0").path)),
                       ["00000000000000000200.log", "00000000000000000200.index", "00000000000000000200.timeindex",
                        "00000000000000000200.snapshot", "leader-epoch-checkpoint"])
    }

    /// --changes-only reports only partitions with something to do; the summary still counts all.
    func testChangesOnlyReportsWhatChanges() throws {
        let copy = try fixture.copy("logdir")
        let all = try RetentionFixture.objects(try KsegProcess.run(["retention", "--json"] + fixture.arguments(for: "logdir") + [copy.path]).out)
        let some = try RetentionFixture.objects(try KsegProcess.run(["retention", "--json", "--changes-only"] + fixture.arguments(for: "logdir") + [copy.path]).out)
        let changing = all.filter { $0["type"] as? String == "partition" && ($0["segmentsDeleted"] as! Int64 > 0 || $0["leaderEpochCheckpoint"] is [String: Any]
            || $0["logStartCheckpointEntry"] as? Int64 != $0["newLogStartCheckpointEntry"] as? Int64) }
        XCTAssertEqual(some.filter { $0["type"] as? String == "partition" }.map { $0["directory"] as! String }, changing.map { $0["directory"] as! String })
        XCTAssertLessThan(changing.count, fixture.partitions(in: "logdir").count)
        XCTAssertEqual(some.last?["partitions"] as? Int64, Int64(fixture.partitions(in: "logdir").count))
        let executed = try KsegProcess.run(["retention", "--execute", "--changes-only"] + fixture.arguments(for: "logdir") + [copy.path])
        let again = try KsegProcess.run(["retention", "--changes-only"] + fixture.arguments(for: "logdir") + [copy.path])
        XCTAssertEqual(executed.status, 0, executed.err)
        XCTAssertEqual(again.out.split(separator: "\n").count, 1, "after --execute only the summary is left: \(again.out)")
    }

    /// A partition named twice (its log directory and itself, written differently) is handled once.
    func testPartitionsNamedTwiceAreHandledOnce() throws {
        let copy = try fixture.copy("logdir")
        let partition = copy.appendingPathComponent("worked-example-0").path
        let run = try KsegProcess.run(["retention", "--execute", "--json"] + fixture.arguments(for: "logdir") + [copy.path, partition + "/", partition])
        XCTAssertEqual(run.status, 0, run.err)
        let objects = try RetentionFixture.objects(run.out)
        XCTAssertEqual(objects.filter { $0["type"] as? String == "partition" }.count, fixture.partitions(in: "logdir").count)
        XCTAssertEqual(objects.last?["failed"] as? Int64, 0)
    }

    // MARK: - Helpers

    /// Kafka's `truncateFromStart`, written again for the test.
    static func truncatedFromStart(_ epochs: [[Int64]], _ start: Int64) -> [[Int64]] {
        var rest = epochs.sorted { $0[0] < $1[0] }
        var lastRemoved: [Int64]?
        while let first = rest.first, first[1] <= start { lastRemoved = rest.removeFirst() }
        if let lastRemoved { rest.insert([lastRemoved[0], start], at: 0) }
        return rest
    }

    /// Names and bytes of every file under `root`.
    static func snapshotOfTree(_ root: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root.path)!
        while let relative = enumerator.nextObject() as? String {
            let url = root.appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// Fails with the paths that differ (not two whole trees) when `actual` is not `expected`.
    static func assertSameTree(_ actual: [String: Data], _ expected: [String: Data], _ message: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        let differing = Set(actual.keys).union(expected.keys).filter { actual[$0] != expected[$0] }.sorted()
        if !differing.isEmpty {
            XCTFail("\(message): \(differing.map { "\($0) (\(expected[$0] == nil ? "added" : actual[$0] == nil ? "removed" : "changed"))" }.joined(separator: ", "))",
                    file: file, line: line)
        }
    }

    /// First offset, last offset and record count of each `.log`, as kafka-python's reader sees them.
    static func kafkaPythonOffsets(_ paths: [String]) throws -> [String: (Int64, Int64, Int64)] {
        let python = try PythonEnvironment.interpreter().path
        let script = """
        import json, sys
        from kafka.record import MemoryRecords
        out = {}
        for path in sys.argv[1:]:
            records = MemoryRecords(open(path, 'rb').read())
            first = last = None
            count = 0
            while records.has_next():
                for record in records.next_batch():
                    first = record.offset if first is None else first
                    last = record.offset
                    count += 1
            out[path] = [first, last, count]
        print(json.dumps(out))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let parsed = try JSONSerialization.jsonObject(with: data) as! [String: [NSNumber]]
        return parsed.mapValues { ($0[0].int64Value, $0[1].int64Value, $0[2].int64Value) }
    }
}
