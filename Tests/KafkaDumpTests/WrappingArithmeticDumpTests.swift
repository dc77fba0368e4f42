import Foundation
import KafkaLog
import KafkaRecords
import KsegTestSupport
import XCTest

/// Values on disk that overflow 32- or 64-bit arithmetic. Kafka's Java `int`/`long` arithmetic wraps
/// silently, so Kafka's tool prints wrapped values; kseg prints the same values (computed here with
/// Java's formulas, e.g. `DefaultRecordBatch.incrementSequence`), exits as Kafka does, and keeps every
/// line it printed before and after.
final class WrappingArithmeticDumpTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-wrap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func copy(_ fixture: String, as name: String, patch: (inout [UInt8]) -> Void) throws -> String {
        var bytes = try ReadOnlyFile(path: Repository.fixtures.appendingPathComponent(fixture).path).readAll()
        patch(&bytes)
        let path = directory.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func jsonObjects(_ result: KsegProcess.Result, type: String) -> [[String: Any]] {
        result.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["type"] as? String == type }
    }

    /// lastOffsetDelta 0xfffffff0 with baseSequence 0: Kafka's `incrementSequence(0, -16)` computes
    /// `Integer.MAX_VALUE - (-16)`, which wraps, then `-16 - (MAX_VALUE - 0) - 1`, which wraps to 2147483632.
    func testBatchLastSequenceWrapsAsJavaInt() throws {
        let path = try copy("kafka-reference/kafka-written/ref-v2-none-0/00000000000000000000.log", as: "00000000000000000000.log") {
            Mutation.overwrite(&$0, at: 23, with: UInt32(0xFFFF_FFF0))
            Mutation.overwrite(&$0, at: 53, with: Int32(0))
        }
        let original = try KsegProcess.run(["dump-log-segments", "--files", Repository.fixtures.path + "/kafka-reference/kafka-written/ref-v2-none-0/00000000000000000000.log"])
        let result = try KsegProcess.run(["dump-log-segments", "--files", path])
        XCTAssertNil(result.signal, result.err)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "")
        let lines = result.out.split(separator: "\n")
        XCTAssertEqual(lines.dropFirst(2).first, "baseOffset: 0 lastOffset: -16 count: 5 baseSequence: 0 lastSequence: 2147483632 producerId: -1 producerEpoch: -1 partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: 1727740800507 size: 443 magic: 2 compresscodec: none crc: 60556002 isvalid: false")
        XCTAssertEqual(Array(lines.dropFirst(3)), Array(original.out.split(separator: "\n").dropFirst(3)), "every later batch is printed")

        let deep = try KsegProcess.run(["dump-log-segments", "--print-data-log", "--files", path])
        XCTAssertNil(deep.signal, deep.err)
        XCTAssertEqual(deep.status, 0, deep.err)
        let json = try KsegProcess.run(["dump-log-segments", "--json", "--print-data-log", "--files", path])
        XCTAssertEqual(json.status, 0, json.err)
        let first = jsonObjects(json, type: "batch").first
        XCTAssertEqual(first?["lastSequence"] as? Int, 2_147_483_632)
        XCTAssertEqual(first?["lastOffset"] as? Int, -16)
    }

    /// A record offset delta of −2 (varint 0x03) in an idempotent batch with baseSequence 0: Kafka's
    /// `incrementSequence(0, -2)` wraps to 2147483646; the record's offset is 515 − 2 = 513.
    func testRecordSequenceWrapsAsJavaInt() throws {
        let path = try copy("kafka-python/kp-v2-none-0/00000000000000000014.log", as: "00000000000000000014.log") {
            XCTAssertEqual($0[6816], 0x00, "the first record's offset delta of the batch at byte 6751")
            $0[6816] = 0x03
        }
        for options in [["--deep-iteration"], ["--print-data-log"]] {
            let result = try KsegProcess.run(["dump-log-segments"] + options + ["--files", path])
            XCTAssertNil(result.signal, result.err)
            XCTAssertEqual(result.status, 0, result.err)
            // The batch's three records, after its batch line.
            let lines = result.out.split(separator: "\n")
            let batchLine = try XCTUnwrap(lines.firstIndex { $0.contains(" position: 6751 ") })
            func offsetAndSequence(_ line: Substring) -> String {
                let words = line.split(separator: " ")
                let sequence = words.firstIndex(of: "sequence:").map { words[$0 + 1] } ?? "?"
                return "\(words[2]) \(sequence)"
            }
            XCTAssertEqual(lines[(batchLine + 1)...].prefix(3).map(offsetAndSequence), ["513 2147483646", "516 1", "517 2"])
            XCTAssertEqual(result.err, "Non-consecutive offsets in \(path)\n  513 is followed by 516\n  514 is followed by 513\n")
        }
        let json = try KsegProcess.run(["dump-log-segments", "--json", "--deep-iteration", "--files", path])
        XCTAssertEqual(json.status, 0, json.err)
        let record = jsonObjects(json, type: "record").last { $0["offset"] as? Int == 513 }
        XCTAssertEqual(record?["sequence"] as? Int, 2_147_483_646)
    }

    /// A snapshot entry with lastSequence 2147483000 and offsetDelta −2000000000 (valid CRC): Kafka's
    /// `BatchMetadata.firstSeq()` = `decrementSequence(2147483000, -2000000000)` = 2147483000 + 2000000000,
    /// which wraps to −147484296.
    func testSnapshotFirstSequenceWrapsAsJavaInt() throws {
        let snapshot = ProducerSnapshot(entries: [
            ProducerSnapshotEntry(producerId: 4242, epoch: 3, lastSequence: 2_147_483_000, lastOffset: 10, offsetDelta: -2_000_000_000,
                                  timestamp: 1_700_000_000_000, coordinatorEpoch: -1, currentTxnFirstOffset: -1),
            ProducerSnapshotEntry(producerId: 4243, epoch: 0, lastSequence: Int32.min, lastOffset: 11, offsetDelta: Int32.max,
                                  timestamp: 1_700_000_000_001, coordinatorEpoch: 7, currentTxnFirstOffset: 9),
        ])
        let path = directory.appendingPathComponent("00000000000000000012.snapshot").path
        try Data(snapshot.serialized()).write(to: URL(fileURLWithPath: path))
        let result = try KsegProcess.run(["dump-log-segments", "--files", path])
        XCTAssertNil(result.signal, result.err)
        XCTAssertEqual(result.status, 0, result.err)
        // decrementSequence(MIN_VALUE, MAX_VALUE): MIN < MAX, so MAX_VALUE - (MAX_VALUE - MIN_VALUE) + 1,
        // where MAX_VALUE - MIN_VALUE wraps to −1: MAX_VALUE + 1 + 1 wraps to −2147483647.
        XCTAssertEqual(result.out, """
            Dumping \(path)
            producerId: 4242 producerEpoch: 3 coordinatorEpoch: -1 currentTxnFirstOffset: OptionalLong.empty lastTimestamp: 1700000000000 firstSequence: -147484296 lastSequence: 2147483000 lastOffset: 10 offsetDelta: -2000000000 timestamp: 1700000000000
            producerId: 4243 producerEpoch: 0 coordinatorEpoch: 7 currentTxnFirstOffset: OptionalLong[9] lastTimestamp: 1700000000001 firstSequence: -2147483647 lastSequence: -2147483648 lastOffset: 11 offsetDelta: 2147483647 timestamp: 1700000000001

            """)
        let json = try KsegProcess.run(["dump-log-segments", "--json", "--files", path])
        XCTAssertEqual(json.status, 0, json.err)
        XCTAssertEqual(jsonObjects(json, type: "producerEntry").map { $0["firstSequence"] as? Int }, [-147_484_296, -2_147_483_647])
    }

    /// A segment named after Long.MAX_VALUE: index offsets are `baseOffset + relativeOffset` in Java
    /// `long` arithmetic, which wraps to the negative range.
    func testIndexOffsetsWrapPastTheLargestBaseOffset() throws {
        let name = "09223372036854775807"
        let log = try ReadOnlyFile(path: Repository.fixtures.path + "/kafka-reference/kafka-written/ref-v2-none-0/00000000000000000000.log").readAll()
        try Data(log.prefix(443)).write(to: directory.appendingPathComponent(name + ".log"))
        // One entry: relative offset 5, position 0.
        try Data([0, 0, 0, 5, 0, 0, 0, 0]).write(to: directory.appendingPathComponent(name + ".index"))
        var time = [UInt8](repeating: 0, count: 12)
        Mutation.overwrite(&time, at: 0, with: Int64(1_727_740_800_507))
        Mutation.overwrite(&time, at: 8, with: Int32(5))
        try Data(time).write(to: directory.appendingPathComponent(name + ".timeindex"))
        let indexPath = directory.appendingPathComponent(name + ".index").path
        let timePath = directory.appendingPathComponent(name + ".timeindex").path
        let result = try KsegProcess.run(["dump-log-segments", "--files", indexPath + "," + timePath])
        XCTAssertNil(result.signal, result.err)
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.out, "Dumping \(indexPath)\noffset: -9223372036854775804 position: 0\nDumping \(timePath)\ntimestamp: 1727740800507 offset: -9223372036854775804\n")
        XCTAssertEqual(result.err, """
            Mismatches in :\(indexPath)
              Index offset: -9223372036854775804, log offset: 4
            The following indexed offsets are not found in the log.
            Indexed offset: -9223372036854775804, found log offset: 4

            """)
    }
}
