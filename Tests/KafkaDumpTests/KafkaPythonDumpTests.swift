import Foundation
import KsegTestSupport
import XCTest

/// What `dump-log-segments` prints for segments kafka-python wrote equals what kafka-python reads back:
/// every batch and record of the JSON output (keys and values in hex) against the oracle's listing,
/// and the text output's batch lines against the same listing.
final class KafkaPythonDumpTests: XCTestCase {
    static let root = GoldenDumpTests.root.appendingPathComponent("Fixtures/kafka-python")

    func hex(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        return "\(value)"
    }

    func testPrintedBatchesAndRecordsEqualKafkaPythonsReading() throws {
        var checkedRecords = 0
        for dir in try FileManager.default.contentsOfDirectory(atPath: Self.root.path).sorted() where dir.hasPrefix("kp-") {
            let partition = Self.root.appendingPathComponent(dir)
            for name in try FileManager.default.contentsOfDirectory(atPath: partition.path).sorted() where name.hasSuffix(".log") {
                let path = partition.appendingPathComponent(name).path
                let listing = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + ".expected.json"))) as! [String: Any]
                let batches = listing["batches"] as! [[String: Any]]
                let result = try KsegProcess.run(["dump-log-segments", "--json", "--print-data-log",
                                                  "--key-decoder-class", "hex", "--value-decoder-class", "hex", path])
                XCTAssertEqual(result.status, 0, result.err)
                let objects = result.out.split(separator: "\n").map {
                    try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
                }
                let printedBatches = objects.filter { $0["type"] as? String == "batch" }
                let printedRecords = objects.filter { $0["type"] as? String == "record" }
                XCTAssertEqual(printedBatches.count, batches.count, path)
                for (printed, expected) in zip(printedBatches, batches) {
                    XCTAssertEqual(printed["position"] as? Int, expected["position"] as? Int, path)
                    XCTAssertEqual(printed["size"] as? Int, expected["sizeInBytes"] as? Int, path)
                    XCTAssertEqual(printed["crc"] as? Int, expected["checksum"] as? Int, path)
                    XCTAssertEqual(printed["isValid"] as? Bool, expected["isValid"] as? Bool, path)
                    XCTAssertEqual(printed["compressCodec"] as? String, expected["compressionType"] as? String, path)
                    if (expected["magic"] as? Int) == 2 {
                        for (ours, theirs) in [("baseOffset", "baseOffset"), ("lastOffset", "lastOffset"), ("count", "count"),
                                               ("producerId", "producerId"), ("producerEpoch", "producerEpoch"),
                                               ("baseSequence", "baseSequence"), ("lastSequence", "lastSequence"),
                                               ("partitionLeaderEpoch", "partitionLeaderEpoch"), ("maxTimestamp", "maxTimestamp")] {
                            XCTAssertEqual(printed[ours] as? Int, expected[theirs] as? Int, "\(path) \(ours)")
                        }
                        XCTAssertEqual(printed["isTransactional"] as? Bool, expected["isTransactional"] as? Bool, path)
                        XCTAssertEqual(printed["isControl"] as? Bool, expected["isControlBatch"] as? Bool, path)
                    } else {
                        XCTAssertEqual(printed["offset"] as? Int, expected["lastOffset"] as? Int, path)
                        XCTAssertEqual(printed["timestamp"] as? Int, expected["maxTimestamp"] as? Int, path)
                    }
                }
                let expectedRecords = batches.flatMap { batch in
                    (batch["records"] as? [[String: Any]] ?? []).map { ($0, batch["isControlBatch"] as? Bool ?? false) }
                }
                XCTAssertEqual(printedRecords.count, expectedRecords.count, path)
                for (printed, (expected, isControl)) in zip(printedRecords, expectedRecords) {
                    XCTAssertEqual(printed["offset"] as? Int, expected["offset"] as? Int, path)
                    XCTAssertEqual(printed["timestamp"] as? Int, expected["timestamp"] as? Int, path)
                    XCTAssertEqual(printed["keySize"] as? Int, expected["keySize"] as? Int, path)
                    XCTAssertEqual(printed["valueSize"] as? Int, expected["valueSize"] as? Int, path)
                    if isControl {
                        let control = printed["control"] as? [String: Any]
                        let theirs = expected["control"] as? [String: Any]
                        XCTAssertEqual(control?["type"] as? String, theirs?["type"] as? String, path)
                        XCTAssertEqual(control?["coordinatorEpoch"] as? Int, theirs?["coordinatorEpoch"] as? Int, path)
                    } else {
                        XCTAssertEqual(hex(printed["key"]), hex(expected["key"]), "\(path) key at \(expected["offset"]!)")
                        XCTAssertEqual(hex(printed["payload"]), hex(expected["value"]), "\(path) value at \(expected["offset"]!)")
                    }
                    checkedRecords += 1
                }
            }
        }
        XCTAssertGreaterThan(checkedRecords, 5000)
    }
}
