import Foundation
import KsegTestSupport
import XCTest

/// The bad-input cases of issue #2, each through the real binary: a clear message naming the file
/// and byte position, the documented exit status, and never a crash, hang or silent partial result.
final class BadInputDumpTests: XCTestCase {
    var partition: URL!
    let first = "00000000000000000000.log"

    override func setUpWithError() throws {
        partition = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
    }

    func path(_ name: String) -> String { partition.appendingPathComponent(name).path }
    func data(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path(name))) }
    func write(_ data: Data, _ name: String) throws { try data.write(to: URL(fileURLWithPath: path(name))) }

    /// Batch lines of the untouched segment, for comparison.
    func originalBatchLines() throws -> [Substring] {
        let ok = try KsegProcess.run(["dump-log-segments", "--files", path(first)])
        return ok.out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }
    }

    func testTruncatedSegmentReportsTheCutBatch() throws {
        let lines = try originalBatchLines()
        let original = try data(first)
        // Cut in the middle of the 11th batch.
        let positions = lines.map { line -> Int in Int(line.split(separator: " ")[line.split(separator: " ").firstIndex(of: "position:")! + 1])! }
        let cut = positions[10] + 100
        try write(original.prefix(cut), first)
        let result = try KsegProcess.run(["dump-log-segments", "--files", path(first)])
        XCTAssertEqual(result.status, 0, "as Kafka: a truncated tail is a finding, not a failure")
        XCTAssertEqual(result.out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }, Array(lines.prefix(10)))
        XCTAssertTrue(result.out.hasSuffix("Found 100 invalid bytes at the end of \(first)\n"), result.out)
        XCTAssertTrue(result.err.contains("the batch at byte \(positions[10]) declares"), result.err)
    }

    func testFlippedBitMarksOnlyThatBatchInvalidAndTheRunContinues() throws {
        let lines = try originalBatchLines()
        var bytes = try data(first)
        bytes[800] ^= 0x04
        try write(bytes, first)
        let shallow = try KsegProcess.run(["dump-log-segments", "--files", path(first)])
        XCTAssertEqual(shallow.status, 0)
        let after = shallow.out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }
        XCTAssertEqual(after.count, lines.count)
        XCTAssertEqual(after.filter { $0.hasSuffix("isvalid: false") }.count, 1)
        // Byte 800 lies in a header value of the batch at 443: Kafka's deep iteration does not check
        // the CRC and does not print header values, so the output differs from the intact file's only
        // in that batch's `isvalid`, and the run ends normally.
        let intact = try KsegProcess.run(["dump-log-segments", "--print-data-log", "--files",
                                          Repository.fixtures.path + "/kafka-reference/kafka-written/ref-v2-none-0/" + first])
        let deep = try KsegProcess.run(["dump-log-segments", "--print-data-log", "--files", path(first)])
        XCTAssertEqual(deep.status, 0)
        XCTAssertEqual(deep.err, "")
        let expected = intact.out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map { line in
            line.contains(" position: 443 ") ? line.replacingOccurrences(of: "isvalid: true", with: "isvalid: false") : String(line)
        }
        XCTAssertEqual(deep.out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().map(String.init), expected)
    }

    func testGarbageAndAbsurdLengthsAfterTheLastBatch() throws {
        let original = try data(first)
        // A length field far beyond the file: Kafka's iterator stops, the rest is "invalid bytes".
        var absurd = original
        absurd.append(contentsOf: [0, 0, 0, 0, 0, 0, 0x10, 0, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 0, 2, 1, 2, 3])
        try write(absurd, first)
        let result = try KsegProcess.run(["dump-log-segments", "--files", path(first)])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.out.hasSuffix("Found 20 invalid bytes at the end of \(first)\n"), result.out)
        XCTAssertTrue(result.err.contains("declares 2147483659 bytes but only 20 remain"), result.err)

        // A zero-filled (preallocated) tail: size field 0 < 14, which Kafka aborts on.
        try write(original + Data(count: 4096), first)
        let zeros = try KsegProcess.run(["dump-log-segments", "--files", path(first) + "," + path("00000000000000001615.log")])
        XCTAssertEqual(zeros.status, 1)
        XCTAssertTrue(zeros.err.contains("kseg: corruption: \(path(first)): at byte \(original.count): Found record size 0 smaller than minimum record overhead (14)"), zeros.err)
        XCTAssertTrue(zeros.out.contains("Dumping \(path("00000000000000001615.log"))\nLog starting offset: 1615\nbaseOffset: 1615"), "the next file is still dumped")
    }

    func testUnknownMagicAndShortV2Batch() throws {
        // Magic -3 in a legacy-sized entry.
        var negative = Data([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 1, 2, 3, 4, 0xfd]) + Data(count: 20 - 5)
        try write(negative, first)
        var result = try KsegProcess.run(["dump-log-segments", "--print-data-log", "--files", path(first)])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("Invalid magic used in LegacyRecord: -3"), result.err)
        // Magic 2 but shorter than the 61-byte v2 header.
        negative[16] = 2
        try write(negative, first)
        result = try KsegProcess.run(["dump-log-segments", "--print-data-log", "--files", path(first)])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.out.contains("baseOffset: 0 position: 0 size: 32 magic: 2 isvalid: false"), result.out)
        XCTAssertTrue(result.err.contains("smaller than the minimum allowed overhead (61)"), result.err)
    }

    func testEmptyFilesMissingFilesAndDirectories() throws {
        try write(Data(), first)
        try write(Data(), "00000000000000000000.index")
        let empty = try KsegProcess.run(["dump-log-segments", "--files", path(first) + "," + path("00000000000000000000.index")])
        XCTAssertEqual(empty.status, 0)
        XCTAssertEqual(empty.out, "Dumping \(path(first))\nLog starting offset: 0\nDumping \(path("00000000000000000000.index"))\n\(path("00000000000000000000.index")) is empty.\n")

        let missing = try KsegProcess.run(["dump-log-segments", "--files", path("00000000000000009999.log")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.err.contains("\(path("00000000000000009999.log")): open failed: No such file or directory"), missing.err)

        let unreadable = try KsegProcess.run(["dump-log-segments", "--files", partition.path + "/x.log"])
        XCTAssertEqual(unreadable.status, 1, "a name that is not an offset, as Kafka's NumberFormatException")

        let directoryAsFile = partition.appendingPathComponent("00000000000000000042.log")
        try FileManager.default.createDirectory(at: directoryAsFile, withIntermediateDirectories: false)
        let notAFile = try KsegProcess.run(["dump-log-segments", "--files", directoryAsFile.path])
        XCTAssertEqual(notAFile.status, 2)
        XCTAssertTrue(notAFile.err.contains("Is a directory"), notAFile.err)

        let emptyDir = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-empty-\(UUID().uuidString)/orders-0")
        try FileManager.default.createDirectory(at: emptyDir, withIntermediateDirectories: true)
        let noSegments = try KsegProcess.run(["dump-log-segments", emptyDir.path])
        XCTAssertEqual(noSegments.status, 2)
        XCTAssertTrue(noSegments.err.contains("holds no segment (.log) files"), noSegments.err)
    }

    func testUsageErrors() throws {
        XCTAssertEqual(try KsegProcess.run(["dump-log-segments"]).status, 64)
        XCTAssertEqual(try KsegProcess.run(["dump-log-segments", "--files", "a.log,,b.log"]).status, 64)
        XCTAssertEqual(try KsegProcess.run(["dump-log-segments", "--files", "a.log", "--max-bytes", "-1"]).status, 64)
        XCTAssertEqual(try KsegProcess.run(["dump-log-segments", "--files", "a.log", "--value-decoder-class", "com.example.Foo"]).status, 64)
        XCTAssertEqual(try KsegProcess.run(["dump-log-segments", "--no-such-option"]).status, 64)
    }

    /// The seek options use the indexes and give the same batches as a full dump; a broken index
    /// falls back to a scan with a note.
    func testSeekMatchesTheFullDumpAndFallsBack() throws {
        let segment = path("00000000000000001615.log")
        let full = try KsegProcess.run(["dump-log-segments", "--files", segment]).out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }
        func range(_ line: Substring) -> (Int, Int) {
            let f = line.split(separator: " ")
            return (Int(f[1])!, Int(f[3])!)
        }
        let wanted = full.filter { range($0).1 >= 2000 && range($0).0 <= 2100 }
        let seek = try KsegProcess.run(["dump-log-segments", "--offset-start", "2000", "--offset-end", "2100", "--files", segment])
        XCTAssertEqual(seek.status, 0)
        XCTAssertEqual(seek.out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }, wanted)
        XCTAssertEqual(seek.err, "")

        let records = try KsegProcess.run(["dump-log-segments", "--print-data-log", "--offset-start", "2000", "--offset-end", "2010", "--files", segment])
        let offsets = records.out.split(separator: "\n").filter { $0.hasPrefix("| offset: ") }.map { Int($0.split(separator: " ")[2])! }
        XCTAssertEqual(offsets, Array(2000...2010))

        try Data(repeating: 0xff, count: 13).write(to: URL(fileURLWithPath: path("00000000000000001615.index")))
        let fallback = try KsegProcess.run(["dump-log-segments", "--offset-start", "2000", "--offset-end", "2100", "--files", segment])
        XCTAssertEqual(fallback.out, seek.out)
        XCTAssertTrue(fallback.err.contains("kseg: note:") && fallback.err.contains("scanning"), fallback.err)

        let t = try KsegProcess.run(["dump-log-segments", "--json", "--timestamp-start", "1727741000000", "--files", segment])
        let batches = t.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.filter { $0["type"] as? String == "batch" }
        let all = try KsegProcess.run(["dump-log-segments", "--json", "--files", segment]).out.split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.filter { $0["type"] as? String == "batch" }
        let firstAtOrAfter = all.firstIndex { ($0["maxTimestamp"] as! Int) >= 1_727_741_000_000 }!
        XCTAssertEqual(batches.first?["position"] as? Int, all[firstAtOrAfter]["position"] as? Int)
    }

    /// `--offset-end` holds across segments: a batch is printed only if its first offset is at most
    /// the end (one overlapping the boundary is printed whole), and a segment whose base offset is
    /// beyond the end is not read at all.
    func testOffsetEndBoundsEverySegment() throws {
        func range(_ line: Substring) -> (first: Int, last: Int) {
            let f = line.split(separator: " ")
            return (Int(f[1])!, Int(f[3])!)
        }
        func batchLines(_ result: KsegProcess.Result) -> [Substring] { result.out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") } }
        let all = batchLines(try KsegProcess.run(["dump-log-segments", partition.path]))
        let holding1700 = all.filter { range($0).first <= 1700 && range($0).last >= 1700 }
        XCTAssertEqual(holding1700.count, 1)
        let directory = try KsegProcess.run(["dump-log-segments", "--offset-start", "1700", "--offset-end", "1700", partition.path])
        XCTAssertEqual(directory.status, 0, directory.err)
        XCTAssertEqual(batchLines(directory), holding1700)

        let segments = ["00000000000000000000.log", "00000000000000001615.log", "00000000000000003291.log"].map(path)
        let upTo1700 = all.filter { range($0).first <= 1700 }
        XCTAssertLessThan(range(upTo1700.last!).first, 1700)
        XCTAssertGreaterThan(range(upTo1700.last!).last, 1700, "the last batch printed overlaps the boundary")
        // The last segment lies wholly beyond the range: its bytes are now ones that would be
        // reported as corrupt if they were read.
        try write(Data(count: 4096), "00000000000000003291.log")
        for json in [false, true] {
            let result = try KsegProcess.run(["dump-log-segments", "--offset-end", "1700"] + (json ? ["--json"] : []) + ["--files", segments.joined(separator: ",")])
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertEqual(result.err, "")
            if json {
                let batches = result.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                    .filter { $0["type"] as? String == "batch" }
                XCTAssertEqual(batches.map { $0["baseOffset"] as? Int }, upTo1700.map { range($0).first })
            } else {
                XCTAssertEqual(batchLines(result), upTo1700)
                XCTAssertTrue(result.out.hasSuffix("Dumping \(segments[2])\nLog starting offset: 3291\n"), result.out)
            }
        }
        let beyond = try KsegProcess.run(["dump-log-segments", "--offset-end", "1700", "--files", segments[2]])
        XCTAssertEqual(beyond.status, 0, beyond.err)
        XCTAssertEqual(beyond.out, "Dumping \(segments[2])\nLog starting offset: 3291\n")
        XCTAssertEqual(beyond.err, "")
    }

    func testInvertedOffsetRangeIsAUsageError() throws {
        let result = try KsegProcess.run(["dump-log-segments", "--offset-start", "2000", "--offset-end", "1000", "--files", path(first)])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.out, "")
        XCTAssertTrue(result.err.contains("--offset-start 2000 is beyond --offset-end 1000"), result.err)
    }

    func testPartitionAndLogDirectoriesAndCheckpointFiles() throws {
        let result = try KsegProcess.run(["dump-log-segments", partition.path])
        XCTAssertEqual(result.status, 0, result.err)
        let dumped = result.out.split(separator: "\n").filter { $0.hasPrefix("Dumping ") }.map { String($0.dropFirst(8).split(separator: "/").last!) }
        XCTAssertEqual(dumped, ["00000000000000000000.log", "00000000000000000000.index", "00000000000000000000.timeindex",
                                "00000000000000001615.log", "00000000000000001615.index", "00000000000000001615.timeindex",
                                "00000000000000003291.log", "00000000000000003291.index", "00000000000000003291.timeindex",
                                "00000000000000001615.snapshot", "00000000000000003291.snapshot", "00000000000000004582.snapshot",
                                "leader-epoch-checkpoint", "partition.metadata"])
        XCTAssertTrue(result.out.contains("leader-epoch-checkpoint\nversion: 0 entries: 3\nleaderEpoch: 0 startOffset: 0\n"), result.out)
        XCTAssertTrue(result.out.contains("partition.metadata\nversion: 0 topicId: "), result.out)

        let logDir = partition.deletingLastPathComponent()
        try Data("0\n1\nref-v2-none 0 4582\n".utf8).write(to: logDir.appendingPathComponent("recovery-point-offset-checkpoint"))
        let whole = try KsegProcess.run(["dump-log-segments", logDir.path])
        XCTAssertEqual(whole.status, 0)
        XCTAssertTrue(whole.out.hasPrefix("Dumping \(logDir.path)/recovery-point-offset-checkpoint\nversion: 0 entries: 1\ntopic: ref-v2-none partition: 0 offset: 4582\n"), whole.out)
    }
}
