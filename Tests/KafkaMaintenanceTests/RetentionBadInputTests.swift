import Foundation
import KsegTestSupport
import XCTest

/// Hostile and broken input for `kseg retention`: each case gives a message naming the file and the
/// position, the documented exit status, and no change to data it cannot judge — never a crash.
final class RetentionBadInputTests: XCTestCase {
    let fixture = try! RetentionFixture()

    func run(_ extra: [String], _ paths: [String], logDir: String = "logdir") throws -> KsegProcess.Result {
        try KsegProcess.run(["retention"] + extra + fixture.arguments(for: logDir) + paths)
    }

    func write(_ text: String, to url: URL) throws { try Data(text.utf8).write(to: url) }

    /// Runs and checks the exit status and that standard error says `message`.
    @discardableResult
    func expect(_ status: Int32, _ message: String, _ extra: [String], _ paths: [String],
                file: StaticString = #filePath, line: UInt = #line) throws -> KsegProcess.Result {
        let result = try run(extra, paths)
        XCTAssertEqual(result.status, status, result.err, file: file, line: line)
        XCTAssertTrue(result.err.contains(message), "expected \"\(message)\" in: \(result.err)", file: file, line: line)
        return result
    }

    /// A garbled log-directory checkpoint stops that log directory (exit 1), not the others.
    func testGarbledCheckpointsStopOnlyTheirLogDirectory() throws {
        let broken = try fixture.copy("logdir"), fine = try fixture.copy("logdir-cleaner-off")
        let before = try RetentionFixtureTests.snapshotOfTree(broken)
        try write("0\n2\nfoo 0 12\nbar x 9\n", to: broken.appendingPathComponent("replication-offset-checkpoint"))
        var result = try run(["--execute"], [broken.path, fine.path])
        XCTAssertEqual(result.status, 1, result.err)
        XCTAssertTrue(result.err.contains("\(broken.path)/replication-offset-checkpoint: at byte 13: line 4: malformed entry \"bar x 9\""), result.err)
        var after = try RetentionFixtureTests.snapshotOfTree(broken)
        after["replication-offset-checkpoint"] = before["replication-offset-checkpoint"]
        after[".lock"] = nil
        RetentionFixtureTests.assertSameTree(after, before, "a log directory with a garbled checkpoint was changed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fine.appendingPathComponent("delete-off-0/00000000000000000000.log").path),
                       "the healthy log directory was not processed")

        try write("0\n3\nfoo 0 12\n", to: broken.appendingPathComponent("log-start-offset-checkpoint"))
        try FileManager.default.removeItem(at: broken.appendingPathComponent("replication-offset-checkpoint"))
        try expect(1, "log-start-offset-checkpoint: at byte 2: line 2: expected 3 entries but found 1", [], [broken.path])
        try write("1\n0\n", to: broken.appendingPathComponent("log-start-offset-checkpoint"))
        result = try expect(1, "line 1: unrecognized version 1 (expected 0)", ["--json"], [broken.path])
        XCTAssertEqual(try RetentionFixture.objects(result.out).first?["type"] as? String, "error")
    }

    /// No log-start-offset-checkpoint: the log start is the first segment's base, and no file appears
    /// unless an entry is needed.
    func testMissingLogStartCheckpointMeansFirstBase() throws {
        let copy = try fixture.copy("logdir")
        try FileManager.default.removeItem(at: copy.appendingPathComponent("log-start-offset-checkpoint"))
        let partitions = ["log-start-breach-0", "retention-ms-0"].map { copy.appendingPathComponent($0).path }
        let result = try run(["--execute", "--json"], partitions)
        XCTAssertEqual(result.status, 0, result.err)
        let headers = try RetentionFixture.objects(result.out).filter { $0["type"] as? String == "partition" }
        XCTAssertEqual(headers.map { $0["segmentsDeleted"] as? Int64 }, [0, 2])
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy.appendingPathComponent("log-start-offset-checkpoint").path))
    }

    /// A garbled leader-epoch-checkpoint refuses its partition only.
    func testGarbledLeaderEpochCheckpointRefusesItsPartition() throws {
        let copy = try fixture.copy("logdir")
        let bad = copy.appendingPathComponent("retention-ms-0"), good = copy.appendingPathComponent("roll-active-0")
        try write("0\n1\n0\n", to: bad.appendingPathComponent("leader-epoch-checkpoint"))
        let result = try run(["--execute"], [bad.path, good.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("kseg: refused \(bad.path) (leader-epoch-checkpoint): \(bad.path)/leader-epoch-checkpoint: at byte 4: line 3: malformed entry \"0\""), result.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: bad.appendingPathComponent("00000000000000000000.log").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: good.appendingPathComponent("00000000000000000000.log").path))
    }

    /// A torn or corrupt last batch makes the log end offset unknowable: the partition is left alone
    /// (exit 1) unless --as-recovered, which keeps the last segment and judges the rest.
    func testCorruptLastSegmentKeepsItsData() throws {
        for damage in ["torn", "crc", "zeros"] {
            let copy = try fixture.copy("logdir")
            let partition = copy.appendingPathComponent("retention-ms-0")
            let last = partition.appendingPathComponent("00000000000000000300.log")
            var bytes = try Data(contentsOf: last)
            let size = bytes.count
            let position: Int
            if damage == "torn" {
                bytes.append(contentsOf: [0, 0, 0, 0, 0, 0, 1, 0x90, 0, 0, 0, 0x40, 0, 0, 0, 0, 2, 0])
                position = size
            } else if damage == "zeros" {  // log.preallocate=true after a crash
                bytes.append(Data(count: 8192))
                position = size
            } else {
                bytes[size - 3] ^= 0x01  // inside the last batch's records
                position = try Self.lastBatchPosition(bytes)
            }
            try bytes.write(to: last)
            // A refused partition is left exactly as it is, leftovers of earlier runs included.
            try write("x", to: partition.appendingPathComponent("00000000000000000000.log.deleted"))
            try write("", to: partition.appendingPathComponent("00000000000000000050.index"))
            let before = try RetentionFixtureTests.snapshotOfTree(partition)
            let refused = try run(["--execute"], [partition.path])
            XCTAssertEqual(refused.status, 1, damage)
            XCTAssertTrue(refused.err.contains("kseg: refused \(partition.path) (log-end-unknown): \(last.path): at byte \(position): "), "\(damage): \(refused.err)")
            XCTAssertEqual(refused.err.contains("zeros follow: a preallocated segment"), damage == "zeros", refused.err)
            RetentionFixtureTests.assertSameTree(try RetentionFixtureTests.snapshotOfTree(partition), before, "\(damage): data changed")

            let recovered = try run(["--execute", "--as-recovered", "--json"], [partition.path])
            XCTAssertEqual(recovered.status, 1, "\(damage): a corrupt segment is still a finding")
            XCTAssertTrue(recovered.err.contains("kseg: finding: \(partition.path): \(last.path): at byte \(position): "), recovered.err)
            let rows = try RetentionFixture.objects(recovered.out).filter { $0["type"] as? String == "segment" }
            XCTAssertEqual(rows.map { $0["action"] as! String }, ["delete", "delete", "keep", "keep"], damage)
            XCTAssertEqual(rows.last?["size"] as? Int64, Int64(position), "\(damage): size as recovery leaves it")
            XCTAssertEqual(try Data(contentsOf: last), bytes, "\(damage): the last segment was touched")
        }
    }

    /// A last segment whose offset index points nowhere sensible is read whole, with a note.
    func testBadOffsetIndexOnTheLastSegmentFallsBackToAFullScan() throws {
        let copy = try fixture.copy("logdir")
        let partition = copy.appendingPathComponent("worked-example-0")
        let index = partition.appendingPathComponent("00000000000000004000.index")
        var bytes = try Data(contentsOf: index)
        bytes[bytes.count - 2] ^= 0x10  // the last entry's position
        try bytes.write(to: index)
        let result = try run(["--json"], [partition.path])
        XCTAssertEqual(result.status, 0, result.err)
        let objects = try RetentionFixture.objects(result.out)
        XCTAssertEqual(objects.first?["logEndOffset"] as? Int64, 4300)
        let notes = objects.last { $0["type"] as? String == "segment" }?["notes"] as? [String] ?? []
        XCTAssertTrue(notes.contains { $0.contains("does not point at a valid batch; the whole segment was read") }, "\(notes)")
    }

    func testStructuralProblems() throws {
        let copy = try fixture.copy("logdir")
        // A .log that is not a file.
        let partition = copy.appendingPathComponent("retention-ms-0")
        try FileManager.default.createDirectory(at: partition.appendingPathComponent("00000000000000000500.log"), withIntermediateDirectories: false)
        try expect(2, "00000000000000000500.log: ", [], [partition.path])
        try FileManager.default.removeItem(at: partition.appendingPathComponent("00000000000000000500.log"))
        // No segments; a log start offset above the log end.
        let empty = copy.appendingPathComponent("empty-0")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: false)
        try expect(1, "(no-segments)", [], [empty.path])
        try write("0\n1\nretention-ms 0 999\n", to: copy.appendingPathComponent("log-start-offset-checkpoint"))
        try expect(1, "(log-start-above-log-end): log start offset 999 (log-start-offset-checkpoint) is above the log end offset 400", ["--execute"], [partition.path])
        XCTAssertTrue(FileManager.default.fileExists(atPath: partition.appendingPathComponent("00000000000000000000.log").path))
        // Paths kseg never touches, and paths that are not there.
        let metadata = copy.appendingPathComponent("__cluster_metadata-0")
        try FileManager.default.createDirectory(at: metadata, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: partition.appendingPathComponent("00000000000000000000.log"), to: metadata.appendingPathComponent("00000000000000000000.log"))
        try expect(2, "never modified by kseg", ["--execute"], [metadata.path])
        let stray = copy.appendingPathComponent("orders-0.0123456789abcdef0123456789abcdef-delete")
        try FileManager.default.createDirectory(at: stray, withIntermediateDirectories: false)
        try FileManager.default.copyItem(at: partition.appendingPathComponent("00000000000000000000.log"), to: stray.appendingPathComponent("00000000000000000000.log"))
        try expect(2, "not a live partition directory", ["--execute"], [stray.path])
        try expect(2, "missing-0", [], [copy.appendingPathComponent("missing-0").path])
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: partition.path)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: partition.path) }
            try expect(2, "Permission denied", [], [partition.path])
        }
    }

    func testUsageErrors() throws {
        let copy = try fixture.copy("logdir")
        for arguments in [["--execute", "--dry-run"], ["--missing-high-watermark", "sometimes"], ["--retention.ms", "-5"],
                          ["--log.cleaner.enable", "maybe"], ["--cleanup.policy", "shred"], ["--topic-config", "nofile"]] {
            let result = try KsegProcess.run(["retention"] + arguments + [copy.path])
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.err)")
        }
        let ok = try KsegProcess.run(["retention", "--retention.ms", "-1", "--retention.bytes", "-1", copy.path])
        XCTAssertEqual(ok.status, 0, "-1 is a value, not an option: \(ok.err)")
        let missing = try KsegProcess.run(["retention", "--config", "/nonexistent.properties", copy.path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.err.contains("/nonexistent.properties: open failed"), missing.err)
    }

    /// Leftovers of interrupted deletions and compactions are listed by the dry run and cleared by
    /// --execute as the broker's loader would, before planning.
    func testLeftoversAreClearedFirst() throws {
        let copy = try fixture.copy("logdir")
        let partition = copy.appendingPathComponent("retention-ms-0")
        for name in ["00000000000000000000.log.deleted", "00000000000000000050.index", "00000000000000000007.snapshot"] {
            try Data().write(to: partition.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: partition.appendingPathComponent("00000000000000000300.log"),
                                         to: partition.appendingPathComponent("00000000000000000300.log.cleaned"))
        let dry = try run([], [partition.path])
        XCTAssertEqual(dry.status, 0, dry.err)
        XCTAssertTrue(dry.out.contains("leftovers, which --execute first clears as the broker's loader would: delete 00000000000000000000.log.deleted (scheduled for deletion); delete 00000000000000000300.log.cleaned (incomplete cleaning)"), dry.out)
        let executed = try run(["--execute"], [partition.path])
        XCTAssertEqual(executed.status, 0, executed.err)
        XCTAssertTrue(executed.out.contains("recovered as the broker would: delete 00000000000000000000.log.deleted"), executed.out)
        XCTAssertTrue(executed.out.contains("removed files of an interrupted deletion: 00000000000000000050.index"), executed.out)
        let names = try FileManager.default.contentsOfDirectory(atPath: partition.path)
        XCTAssertFalse(names.contains { $0.hasSuffix(".deleted") || $0.hasSuffix(".cleaned") || $0.hasPrefix("00000000000000000050") || $0.hasPrefix("00000000000000000007") }, "\(names)")
        let again = try run(["--json"], [partition.path])
        XCTAssertEqual(try RetentionFixture.objects(again.out).last?["segmentsDeleted"] as? Int64, 0)
    }

    /// A broker that stopped on a full disk: kseg frees space before it writes anything, so a disk
    /// with no free byte at all still gets its expired segments deleted. Needs a 1 MiB tmpfs (root).
    func testFullDiskStillFreesSpace() throws {
        let mountPoint = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: mountPoint) }
        func command(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        guard try command(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.path]) == 0 else {
            throw XCTSkip("cannot mount a tmpfs here (needs root)")
        }
        defer { _ = try? command(["umount", mountPoint.path]) }
        let logDir = mountPoint.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: logDir, withIntermediateDirectories: false)
        let source = try fixture.copy("logdir")
        for partition in ["worked-example-0", "roll-active-0"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(partition), to: logDir.appendingPathComponent(partition))
        }
        for name in ["replication-offset-checkpoint", "log-start-offset-checkpoint"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: logDir.appendingPathComponent(name))
        }
        try Data().write(to: logDir.appendingPathComponent(".lock"))
        // Fill every last byte.
        let filler = FileHandle(forWritingAtPath: mountPoint.appendingPathComponent("filler").path) ?? {
            FileManager.default.createFile(atPath: mountPoint.appendingPathComponent("filler").path, contents: nil)
            return FileHandle(forWritingAtPath: mountPoint.appendingPathComponent("filler").path)!
        }()
        while (try? filler.write(contentsOf: Data(count: 4096))) != nil {}
        try? filler.close()
        XCTAssertThrowsError(try Data([1]).write(to: logDir.appendingPathComponent("probe")), "the disk is not full")

        let run = try KsegProcess.run(["retention", "--execute"] + fixture.arguments(for: "logdir") + [logDir.path])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: logDir.appendingPathComponent("worked-example-0/00000000000000000000.log").path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: logDir.appendingPathComponent("roll-active-0").path).sorted(),
                       ["00000000000000000200.index", "00000000000000000200.log", "00000000000000000200.snapshot",
                        "00000000000000000200.timeindex", "leader-epoch-checkpoint"])
        XCTAssertEqual(String(decoding: try Data(contentsOf: logDir.appendingPathComponent("worked-example-0/leader-epoch-checkpoint")), as: UTF8.self),
                       "0\n2\n1 2000\n3 2500\n")
    }

    /// Byte position of the last batch of a `.log`.
    static func lastBatchPosition(_ bytes: Data) throws -> Int {
        var position = 0, last = 0
        while position + 12 <= bytes.count {
            let length = bytes[(position + 8)..<(position + 12)].reduce(0) { $0 << 8 | Int($1) }
            last = position
            position += 12 + length
        }
        return last
    }
}
