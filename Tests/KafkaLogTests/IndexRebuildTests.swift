import Foundation
import KafkaLog
import KafkaRecords
import XCTest

/// `SegmentRecovery` + `IndexBuilder` reproduce, byte for byte, the indexes Kafka's own storage code
/// wrote for the reference partitions.
final class IndexRebuildTests: XCTestCase {
    let written = ReaderListing.repositoryRoot.appendingPathComponent("Fixtures/kafka-reference/kafka-written").path

    func testRebuiltIndexesAreKafkasBytes() throws {
        var compared = 0
        for partition in ["ref-v2-none-0", "ref-v1-gzip-0"] {
            let segments = try PartitionSegments(directory: written + "/" + partition)
            XCTAssertEqual(segments.segments.count, 3)
            var transactions = TransactionTracker()
            var scratch = ByteBuffer()
            for segment in segments.segments {
                let recovery = try SegmentRecovery.run(segment: segment, transactions: &transactions, scratch: &scratch)
                XCTAssertNil(recovery.invalidTail, segment.log)
                XCTAssertEqual(recovery.validBytes, recovery.fileSize)
                XCTAssertEqual(recovery.indexes.offsetIndexBytes, try ReadOnlyFile(path: segment.offsetIndex).readAll(), segment.offsetIndex)
                XCTAssertEqual(recovery.indexes.timeIndexBytes, try ReadOnlyFile(path: segment.timeIndex).readAll(), segment.timeIndex)
                XCTAssertTrue(recovery.abortedTransactions.isEmpty)
                compared += 2
            }
        }
        XCTAssertEqual(compared, 12)
    }

    /// The worked example of dump-and-index §13.2: interval 100 over the §4.11 batch layout.
    func testIndexIntervalRuleOnTheSpecExample() throws {
        let t0: Int64 = 1_700_000_000_000
        // (position, size, lastOffset, maxTimestamp)
        let batches: [(Int, Int, Int64, Int64)] = [(0, 77, 1, t0 + 1), (77, 98, 3, t0 + 5), (175, 94, 6, t0 + 8), (269, 69, 7, t0 + 9),
                                                   (338, 97, 9, t0 + 11), (435, 78, 10, t0 + 12), (513, 70, 11, t0 + 13),
                                                   (583, 78, 12, t0 + 14), (661, 83, 14, t0 + 20), (744, 82, 15, t0 + 15)]
        var builder = IndexBuilder(baseOffset: 0, indexIntervalBytes: 100)
        for (position, size, last, ts) in batches {
            try builder.append(position: position, size: size, lastOffset: last, maxTimestamp: ts, offsetOfMaxTimestamp: last)
        }
        try builder.finish()
        XCTAssertEqual(builder.offsetEntries, [OffsetPosition(offset: 6, position: 175), OffsetPosition(offset: 9, position: 338),
                                               OffsetPosition(offset: 11, position: 513), OffsetPosition(offset: 14, position: 661)])
        XCTAssertEqual(builder.timeEntries.map(\.offset), [6, 9, 11, 14])
        XCTAssertEqual(builder.timeEntries.map(\.timestamp), [t0 + 8, t0 + 11, t0 + 13, t0 + 20])
        XCTAssertEqual(builder.offsetIndexBytes.count, 32)
        XCTAssertEqual(builder.timeIndexBytes.count, 48)
    }
}
