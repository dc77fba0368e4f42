import Foundation
import KafkaLog
import KafkaRecords
import XCTest

/// Compares what our reader decodes from a `.log` with a JSON listing made by an independent reader
/// (Kafka's own `FileRecords` for `Fixtures/kafka-reference`, kafka-python for `Fixtures/kafka-python`).
/// Both listings share one schema (Fixtures/kafka-reference/README.md).
enum ReaderListing {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func hex(_ bytes: UnsafeRawBufferPointer?) -> Any {
        guard let bytes else { return NSNull() }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks every batch and record of `logPath` against `listingPath`; returns the number of records compared.
    @discardableResult
    static func assertMatches(logPath: String, listingPath: String, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let listing = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: listingPath))) as! [String: Any]
        let expectedBatches = listing["batches"] as! [[String: Any]]
        let mapped = try MappedFile(path: logPath)
        var iterator = LogBatchIterator(file: mapped)
        var scratch = ByteBuffer()
        var batchIndex = 0
        var recordsCompared = 0
        func check(_ actual: Any?, _ expected: Any?, _ what: String) {
            if let flag = actual as? Bool {
                XCTAssertEqual(flag, expected as? Bool, "\(logPath) batch #\(batchIndex): \(what)", file: file, line: line)
                return
            }
            let a = actual.map { "\($0)" } ?? "nil", e = expected.map { "\($0)" } ?? "nil"
            XCTAssertEqual(a, e, "\(logPath) batch #\(batchIndex): \(what)", file: file, line: line)
        }
        while let batch = try iterator.next() {
            guard batchIndex < expectedBatches.count else {
                XCTFail("\(logPath): more batches than the listing's \(expectedBatches.count)", file: file, line: line)
                break
            }
            let e = expectedBatches[batchIndex]
            check(batch.position, e["position"], "position")
            check(batch.sizeInBytes, e["sizeInBytes"], "sizeInBytes")
            check(Int(batch.magic), e["magic"], "magic")
            check(batch.lastOffset, e["lastOffset"], "lastOffset")
            check(batch.maxTimestamp, e["maxTimestamp"], "maxTimestamp")
            check(batch.isValid, (e["isValid"] as? Bool), "isValid")
            var records: [[String: Any]] = []
            try batch.forEachRecord(scratch: &scratch) { r in
                var headers: [[String: Any]] = []
                r.forEachHeader { k, v in headers.append(["key": String(decoding: k, as: UTF8.self), "value": hex(v)]) }
                var item: [String: Any] = ["offset": r.offset, "timestamp": r.timestamp, "sequence": Int(r.sequence),
                                           "keySize": r.keySize, "valueSize": r.valueSize, "key": hex(r.key),
                                           "value": hex(r.value), "headers": headers, "sizeInBytes": r.sizeInBytes]
                if let crc = r.legacyCRC { item["checksum"] = crc; item["isValid"] = r.legacyIsValid }
                records.append(item)
            }
            switch try batch.format() {
            case .v2(let b):
                check(b.baseOffset, e["baseOffset"], "baseOffset")
                check(b.compressionCodec?.name, e["compressionType"], "compressionType")
                check(b.storedCRC, e["checksum"], "checksum")
                check(Int(b.recordsCount), e["count"], "count")
                check(b.timestampType.name.description, e["timestampType"], "timestampType")
                check(b.partitionLeaderEpoch, e["partitionLeaderEpoch"], "partitionLeaderEpoch")
                check(b.producerId, e["producerId"], "producerId")
                check(b.producerEpoch, e["producerEpoch"], "producerEpoch")
                check(b.baseSequence, e["baseSequence"], "baseSequence")
                check(b.lastSequence, e["lastSequence"], "lastSequence")
                check(b.isTransactional, e["isTransactional"] as? Bool, "isTransactional")
                check(b.isControl, e["isControlBatch"] as? Bool, "isControlBatch")
            case .legacy(let entry):
                check(records.first?["offset"], e["baseOffset"], "baseOffset")
                check(entry.compressionCodec?.name, e["compressionType"], "compressionType")
                check(entry.storedCRC, e["checksum"], "checksum")
                check(entry.timestampType.name.description, e["timestampType"], "timestampType")
            }
            let expectedRecords = e["records"] as? [[String: Any]] ?? []
            XCTAssertEqual(records.count, expectedRecords.count, "\(logPath) batch #\(batchIndex): record count", file: file, line: line)
            for (actual, expected) in zip(records, expectedRecords) {
                for key in ["offset", "timestamp", "sequence", "keySize", "valueSize", "key", "value", "sizeInBytes"] {
                    check(actual[key], expected[key], "record \(expected["offset"] ?? "?") \(key)")
                }
                if let expectedChecksum = expected["checksum"], !(expectedChecksum is NSNull) {
                    check(actual["checksum"], expectedChecksum, "record checksum")
                    check(actual["isValid"], expected["isValid"], "record isValid")
                }
                let actualHeaders = (actual["headers"] as! [[String: Any]]).map { "\($0["key"]!)=\($0["value"]!)" }
                let expectedHeaders = (expected["headers"] as? [[String: Any]] ?? []).map { "\($0["key"]!)=\($0["value"]!)" }
                XCTAssertEqual(actualHeaders, expectedHeaders, "\(logPath) record \(expected["offset"] ?? "?") headers", file: file, line: line)
                recordsCompared += 1
            }
            batchIndex += 1
        }
        XCTAssertEqual(batchIndex, expectedBatches.count, "\(logPath): batch count", file: file, line: line)
        return recordsCompared
    }
}
