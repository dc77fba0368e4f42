import Foundation
import KsegTestSupport
import XCTest
@testable import KafkaRecords

/// The batch builders against batches other writers made: rebuilding a batch from its own records
/// and header reproduces Kafka's (and kafka-python's) bytes exactly when it is uncompressed, and the
/// same records when it is compressed.
final class BatchBuilderTests: XCTestCase {
    /// Each batch of a `.log` file (12-byte overhead included).
    private func batches(_ relative: String) throws -> [[UInt8]] {
        let data = [UInt8](try Data(contentsOf: Repository.fixtures.appendingPathComponent(relative)))
        var result: [[UInt8]] = []
        var position = 0
        while data.count - position > 17 {
            let size = Int(data.withUnsafeBytes { $0.baseAddress!.int32BE(at: position + 8) })
            guard position + 12 + size <= data.count else { break }
            result.append(Array(data[position..<(position + 12 + size)]))
            position += 12 + size
        }
        return result
    }

    private func logFiles(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Repository.fixtures.appendingPathComponent(directory).path)
            .filter { $0.hasSuffix(".log") }.sorted().map { "\(directory)/\($0)" }
    }

    private func rebuild(_ original: [UInt8], horizon: Int64? = nil) throws -> [UInt8] {
        try original.withUnsafeBytes { raw in
            let batch = RecordBatch(bytes: raw)
            let builder = RecordBatchBuilder()
            var header = RecordBatchBuilder.Header(of: batch)
            if let horizon { header.deleteHorizonMs = horizon }
            builder.begin(header)
            var scratch = ByteBuffer()
            try batch.forEachRecord(scratch: &scratch) { builder.append($0) }
            var output = ByteBuffer()
            try builder.build(into: &output, compressor: Compressor())
            return output.toArray()
        }
    }

    private func records(_ bytes: [UInt8]) throws -> [String] {
        try bytes.withUnsafeBytes { raw in
            var scratch = ByteBuffer()
            var result: [String] = []
            let visit: (borrowing Record) -> Void = { record in
                result.append("\(record.offset) \(record.timestamp) \(record.key.map { Array($0) } ?? []) \(record.value.map { "\(Array($0))" } ?? "null") \(Array(record.rawHeaders))")
            }
            if raw.baseAddress!.int8(at: 16) >= 2 {
                try RecordBatch(bytes: raw).forEachRecord(scratch: &scratch, visit)
            } else {
                try LegacyEntry(bytes: raw).forEachRecord(scratch: &scratch, visit)
            }
            return result
        }
    }

    /// Uncompressed v2 batches written by Kafka's broker and by kafka-python come out byte for byte.
    func testRebuiltV2BatchesEqualKafkasBytes() throws {
        var identical = 0, compressed = 0
        for file in try logFiles("kafka-reference/kafka-written/ref-v2-none-0") + logFiles("kafka-python/kp-v2-none-0")
            + logFiles("kafka-python/kp-v2-gzip-0") + logFiles("kafka-python/kp-v2-zstd-0") + logFiles("kafka-python/kp-v2-lz4-0")
            + logFiles("kafka-python/kp-v2-snappy-0") {
            for original in try batches(file) {
                let attributes = original[22]
                // LogAppendTime batches keep the producer's deltas on disk; rebuilt ones, as Kafka's, do not.
                if attributes & 0x08 != 0 { continue }
                let rebuilt = try rebuild(original)
                if attributes & 0x07 == 0 {
                    XCTAssertEqual(rebuilt, original, "\(file): batch at offset \(original.withUnsafeBytes { $0.baseAddress!.int64BE(at: 0) })")
                    identical += 1
                } else {
                    // Everything but the length and the CRC (the compressed bytes differ).
                    for range in [0..<8, 12..<17, 21..<61] {
                        XCTAssertEqual(Array(rebuilt[range]), Array(original[range]), "\(file): header bytes \(range)")
                    }
                    XCTAssertEqual(try records(rebuilt), try records(original), file)
                    compressed += 1
                }
            }
        }
        XCTAssertGreaterThan(identical, 100)
        XCTAssertGreaterThan(compressed, 20)
    }

    /// A delete horizon re-expresses every timestamp delta against it (KIP-534) without changing any
    /// record's timestamp — the cleaned-batch example of the on-disk spec, byte for byte.
    func testDeleteHorizonBatchMatchesTheSpecExample() throws {
        // Spec on-disk-format §3.13: base offset 100, one tombstone at 101 (key k1, timestamp
        // 1700000000007), lastOffsetDelta 1 kept, horizon 1700086400000.
        let expected: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0x00, 0x02,
                                 0x02, 0x67, 0xb2, 0x7b, 0x62, 0x00, 0x40, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x8b, 0xd5,
                                 0x0b, 0xc4, 0x00, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x07, 0xff, 0xff, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x16, 0x00, 0xf1,
                                 0xef, 0xb2, 0x52, 0x02, 0x04, 0x6b, 0x31, 0x01, 0x00]
        let builder = RecordBatchBuilder()
        builder.begin(.init(baseOffset: 100, lastOffsetDelta: 1, partitionLeaderEpoch: 2, deleteHorizonMs: 1_700_086_400_000))
        Array("k1".utf8).withUnsafeBytes { key in
            builder.append(offset: 101, timestamp: 1_700_000_000_007, key: key, value: nil, headerCount: 0, headers: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        var output = ByteBuffer()
        try builder.build(into: &output, compressor: Compressor())
        XCTAssertEqual(output.toArray(), expected)
    }

    /// The empty batch of the spec's example (§3.13): base 490, last 495, transactional, producer 4000.
    func testEmptyBatchMatchesTheSpecExample() throws {
        let expected: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xea, 0x00, 0x00, 0x00, 0x31, 0x00, 0x00, 0x00, 0x03,
                                 0x02, 0x55, 0x78, 0xc4, 0xee, 0x00, 0x10, 0x00, 0x00, 0x00, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x0f, 0xa0, 0x00, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00]
        // A source batch with the same header and one record; its records do not matter.
        let builder = RecordBatchBuilder()
        builder.begin(.init(baseOffset: 490, lastOffsetDelta: 5, partitionLeaderEpoch: 3, codec: .gzip, isTransactional: true,
                            producerId: 4000, producerEpoch: 1, baseSequence: 10))
        builder.append(offset: 490, timestamp: 1_700_000_000_009, key: nil, value: nil, headerCount: 0, headers: UnsafeRawBufferPointer(start: nil, count: 0))
        var source = ByteBuffer()
        try builder.build(into: &source, compressor: Compressor())
        var output = ByteBuffer()
        RecordBatchBuilder.appendEmptyBatch(of: RecordBatch(bytes: source.bytes), into: &output)
        XCTAssertEqual(output.toArray(), expected)
    }

    /// Legacy entries: uncompressed messages byte for byte, wrappers with the same inner messages.
    func testRebuiltLegacyEntriesEqualTheirSources() throws {
        var checked = 0
        for file in try logFiles("kafka-python/kp-v0-none-0") + logFiles("kafka-python/kp-v1-none-0") + logFiles("kafka-python/kp-v1-gzip-0")
            + logFiles("kafka-python/kp-v0-lz4-0") + logFiles("kafka-python/kp-v1-snappy-0") + logFiles("kafka-reference/kafka-written/ref-v1-gzip-0") {
            for original in try batches(file) {
                let rebuilt: [UInt8] = try original.withUnsafeBytes { raw in
                    let entry = LegacyEntry(bytes: raw)
                    let builder = LegacyEntryBuilder()
                    builder.begin(magic: entry.magic, codec: entry.compressionCodec!, logAppendTime: entry.timestampType == .logAppendTime ? entry.timestamp : nil)
                    var scratch = ByteBuffer()
                    try entry.forEachRecord(scratch: &scratch) { builder.append($0) }
                    var output = ByteBuffer()
                    try builder.build(into: &output, compressor: Compressor())
                    return output.toArray()
                }
                if original[17] & 0x07 == 0 {
                    if original[17] & 0x08 == 0 { XCTAssertEqual(rebuilt, original, file) }
                } else {
                    XCTAssertEqual(Array(rebuilt[0..<8]), Array(original[0..<8]), "\(file): wrapper offset = last inner offset")
                    XCTAssertEqual(Array(rebuilt[16..<26]), Array(original[16..<26]), "\(file): magic, attributes, timestamp")
                    XCTAssertEqual(try records(rebuilt), try records(original), file)
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }
}
