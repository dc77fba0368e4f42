import Foundation
import KafkaLog
import KafkaRecords
import XCTest

/// Our reader against Kafka's own reader classes, on partitions Kafka's storage code wrote.
final class KafkaReferenceReaderTests: XCTestCase {
    let written = ReaderListing.repositoryRoot.appendingPathComponent("Fixtures/kafka-reference/kafka-written").path

    func testSegmentsMatchKafkasFileRecordsListing() throws {
        var total = 0
        for partition in ["ref-v2-none-0", "ref-v1-gzip-0"] {
            let dir = written + "/" + partition
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".log") {
                total += try ReaderListing.assertMatches(logPath: dir + "/" + name, listingPath: dir + "/" + name + ".kafka-reader.json")
            }
        }
        XCTAssertEqual(total, 4582 + 4018)
    }

    func testIndexesMatchKafkasListing() throws {
        for partition in ["ref-v2-none-0", "ref-v1-gzip-0"] {
            let dir = written + "/" + partition
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".index") || name.hasSuffix(".timeindex") {
                let listing = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/" + name + ".kafka-reader.json"))) as! [String: Any]
                let items = listing["items"] as! [[String: Any]]
                let bytes = try ReadOnlyFile(path: dir + "/" + name).readAll()
                let base = LogFileName.offset(fromFileName: name)!
                try bytes.withUnsafeBytes { raw in
                    if name.hasSuffix(".index") {
                        let index = OffsetIndexView(bytes: raw, baseOffset: base)
                        XCTAssertEqual(index.count, items.count)
                        XCTAssertEqual(index.writtenEntryCount, items.count)
                        XCTAssertNil(index.sanityCheckFailure(path: name))
                        for (i, item) in items.enumerated() {
                            XCTAssertEqual(index[i], OffsetPosition(offset: (item["offset"] as! NSNumber).int64Value, position: (item["position"] as! NSNumber).int32Value))
                        }
                    } else {
                        let index = TimeIndexView(bytes: raw, baseOffset: base)
                        XCTAssertEqual(index.writtenEntryCount, items.count)
                        XCTAssertNil(index.sanityCheckFailure(path: name))
                        for (i, item) in items.enumerated() {
                            XCTAssertEqual(index[i], TimestampOffset(timestamp: (item["timestamp"] as! NSNumber).int64Value, offset: (item["offset"] as! NSNumber).int64Value))
                        }
                    }
                    _ = try XCTUnwrap(raw.baseAddress)
                }
            }
        }
    }

    func testSnapshotsMatchKafkasListing() throws {
        for partition in ["ref-v2-none-0", "ref-v1-gzip-0"] {
            let dir = written + "/" + partition
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".snapshot") {
                let listing = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/" + name + ".kafka-reader.json"))) as! [String: Any]
                let producers = listing["producers"] as! [[String: Any]]
                let bytes = try ReadOnlyFile(path: dir + "/" + name).readAll()
                let snapshot = try bytes.withUnsafeBytes { raw throws(ProducerSnapshot.Failure) in try ProducerSnapshot.parse(raw) }
                XCTAssertEqual(snapshot.entries.count, producers.count, name)
                for (entry, expected) in zip(snapshot.entries, producers) {
                    XCTAssertEqual(entry.producerId, (expected["producerId"] as! NSNumber).int64Value)
                    XCTAssertEqual(Int64(entry.epoch), (expected["producerEpoch"] as! NSNumber).int64Value)
                    XCTAssertEqual(entry.lastSequence, (expected["lastSequence"] as! NSNumber).int32Value)
                    XCTAssertEqual(entry.lastOffset, (expected["lastDataOffset"] as! NSNumber).int64Value)
                    XCTAssertEqual(entry.timestamp, (expected["lastTimestamp"] as! NSNumber).int64Value)
                    XCTAssertEqual(RecordFormat.decrementSequence(entry.lastSequence, by: entry.offsetDelta), (expected["firstSequence"] as! NSNumber).int32Value)
                }
                // Writing the parsed entries back gives Kafka's bytes.
                XCTAssertEqual(snapshot.serialized(), bytes, name)
            }
        }
    }
}
