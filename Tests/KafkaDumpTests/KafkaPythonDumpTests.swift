import Foundation
import KsegTestSupport
import XCTest

/// What `dump-log-segments` prints for segments kafka-python wrote equals what kafka-python reads back,
/// in both outputs: the text lines (parsed field by field) and the `--json` objects, each against the
/// oracle's listing (`*.expected.json`), for every field both sides have — per batch: position, size,
/// magic, codec, CRC, validity, timestamp type and max timestamp, offsets, count, producer id and
/// epoch, base and last sequence, leader epoch, transactional and control flags; per record: offset,
/// timestamp and its type, key and value sizes, key and value (hex), sequence and headers (v2), CRC
/// and validity (legacy), and the control marker. (The record size kafka-python lists is printed by
/// neither output.)
final class KafkaPythonDumpTests: XCTestCase {
    static let root = Repository.fixtures.appendingPathComponent("kafka-python")
    static let hexDecoders = ["--print-data-log", "--key-decoder-class", "hex", "--value-decoder-class", "hex"]

    /// One side's view of a batch or record: field name → value as text, in the listing's names.
    typealias Fields = [String: String]

    static func text(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "null" }
        // JSON booleans arrive as their own class; numbers 0 and 1 would also cast to Bool.
        if String(describing: type(of: value)).contains("Boolean") || type(of: value) == Bool.self {
            return (value as! Bool) ? "true" : "false"
        }
        return "\(value)"
    }

    /// "a: 1 b: 2 …" → ["a": "1", "b": "2"].
    static func pairs(_ text: Substring) -> Fields {
        var fields: Fields = [:]
        var name: Substring?
        for token in text.split(separator: " ", omittingEmptySubsequences: false) {
            if let pending = name {
                fields[String(pending)] = String(token)
                name = nil
            } else if token.hasSuffix(":") {
                name = token.dropLast()
            }
        }
        return fields
    }

    /// A text batch line in the listing's names.
    static func parseBatchLine(_ line: Substring) -> Fields {
        var f = pairs(line)
        for type in ["CreateTime", "LogAppendTime", "NoTimestampType"] {
            if let ts = f.removeValue(forKey: type) { f["timestampType"] = type; f["maxTimestamp"] = ts }
        }
        let renames = ["size": "sizeInBytes", "compresscodec": "compressionType", "crc": "checksum", "isvalid": "isValid",
                       "isControl": "isControlBatch", "offset": "lastOffset"]
        for (ours, theirs) in renames { if let v = f.removeValue(forKey: ours) { f[theirs] = v } }
        return f
    }

    /// A text record line in the listing's names; `headerKeys` stays one text (`[k1,k2]`).
    static func parseRecordLine(_ line: Substring) -> Fields {
        var body = line.dropFirst(2)
        var f: Fields = [:]
        if let start = body.range(of: " headerKeys: [") {
            // Keys may hold spaces; nothing after the list (hex data, control text) holds a `]`.
            let close = body[start.upperBound...].lastIndex(of: "]")!
            f["headerKeys"] = "[" + body[start.upperBound..<close] + "]"
            body = body[..<start.lowerBound] + body[body.index(after: close)...]
        }
        f.merge(pairs(body)) { a, _ in a }
        for type in ["CreateTime", "LogAppendTime", "NoTimestampType"] {
            if let ts = f.removeValue(forKey: type) { f["timestampType"] = type; f["timestamp"] = ts }
        }
        if let crc = f.removeValue(forKey: "crc") { f["checksum"] = String(crc.dropLast()) }  // Kafka's stray `}`
        if let payload = f.removeValue(forKey: "payload") { f["value"] = payload }
        return f
    }

    /// The listing's batch fields that kseg prints, for a batch of this magic.
    static func expectedBatch(_ b: [String: Any]) -> Fields {
        var names = ["position", "sizeInBytes", "magic", "compressionType", "checksum", "isValid", "timestampType", "maxTimestamp", "lastOffset"]
        if b["magic"] as? Int == 2 {
            names += ["baseOffset", "count", "producerId", "producerEpoch", "baseSequence", "lastSequence", "partitionLeaderEpoch",
                      "isTransactional", "isControlBatch"]
        }
        return Dictionary(uniqueKeysWithValues: names.map { ($0, text(b[$0])) })
    }

    static func expectedRecord(_ r: [String: Any], batch: [String: Any]) -> Fields {
        var f: Fields = ["offset": text(r["offset"]), "timestamp": text(r["timestamp"]), "timestampType": text(batch["timestampType"]),
                         "keySize": text(r["keySize"]), "valueSize": text(r["valueSize"])]
        if batch["magic"] as? Int == 2 {
            f["sequence"] = text(r["sequence"])
            let headers = r["headers"] as? [[String: Any]] ?? []
            f["headerKeys"] = "[" + headers.map { text($0["key"]) }.joined(separator: ",") + "]"
        } else {
            f["isValid"] = text(r["isValid"])
            f["checksum"] = text(r["checksum"])
        }
        if let control = r["control"] as? [String: Any] {
            f["endTxnMarker"] = text(control["type"])
            f["coordinatorEpoch"] = text(control["coordinatorEpoch"])
        } else {
            if r["key"] != nil && !(r["key"] is NSNull) { f["key"] = text(r["key"]) }
            if r["value"] != nil && !(r["value"] is NSNull) { f["value"] = text(r["value"]) }
        }
        return f
    }

    /// Every segment, with its listing's batches.
    func segments() throws -> [(path: String, batches: [[String: Any]])] {
        var result: [(String, [[String: Any]])] = []
        for dir in try FileManager.default.contentsOfDirectory(atPath: Self.root.path).sorted() where dir.hasPrefix("kp-") {
            let partition = Self.root.appendingPathComponent(dir)
            for name in try FileManager.default.contentsOfDirectory(atPath: partition.path).sorted() where name.hasSuffix(".log") {
                let path = partition.appendingPathComponent(name).path
                let listing = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + ".expected.json"))) as! [String: Any]
                result.append((path, listing["batches"] as! [[String: Any]]))
            }
        }
        return result
    }

    func testTextLinesEqualKafkaPythonsReading() throws {
        var checkedRecords = 0, checkedHeaders = 0
        for (path, batches) in try segments() {
            let result = try KsegProcess.run(["dump-log-segments"] + Self.hexDecoders + [path])
            XCTAssertEqual(result.status, 0, result.err)
            var lines = result.out.split(separator: "\n", omittingEmptySubsequences: false)[2...].filter { !$0.isEmpty }[...]
            for batch in batches {
                guard let line = lines.popFirst() else { XCTFail("\(path): fewer batch lines than batches"); break }
                XCTAssertEqual(Self.parseBatchLine(line).filter { Self.expectedBatch(batch)[$0.key] != nil }, Self.expectedBatch(batch), "\(path): \(line)")
                for record in batch["records"] as? [[String: Any]] ?? [] {
                    guard let recordLine = lines.popFirst() else { XCTFail("\(path): fewer record lines than records"); break }
                    XCTAssertEqual(Self.parseRecordLine(recordLine), Self.expectedRecord(record, batch: batch), "\(path): \(recordLine.prefix(400))")
                    checkedRecords += 1
                    if !(record["headers"] as? [Any] ?? []).isEmpty { checkedHeaders += 1 }
                }
            }
            XCTAssertTrue(lines.isEmpty, "\(path): lines left over: \(lines.prefix(3))")
        }
        XCTAssertGreaterThan(checkedRecords, 5000)
        XCTAssertGreaterThan(checkedHeaders, 20)
    }

    func testJSONObjectsEqualKafkaPythonsReading() throws {
        var checkedRecords = 0
        for (path, batches) in try segments() {
            let result = try KsegProcess.run(["dump-log-segments", "--json"] + Self.hexDecoders + [path])
            XCTAssertEqual(result.status, 0, result.err)
            let objects = result.out.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            let printedBatches = objects.filter { $0["type"] as? String == "batch" }
            let printedRecords = objects.filter { $0["type"] as? String == "record" }
            XCTAssertEqual(printedBatches.count, batches.count, path)
            for (printed, expected) in zip(printedBatches, batches) {
                var ours: Fields = [:]
                let names = ["position": "position", "size": "sizeInBytes", "magic": "magic", "compressCodec": "compressionType",
                             "crc": "checksum", "isValid": "isValid", "timestampType": "timestampType", "baseOffset": "baseOffset",
                             "lastOffset": "lastOffset", "count": "count", "producerId": "producerId", "producerEpoch": "producerEpoch",
                             "baseSequence": "baseSequence", "lastSequence": "lastSequence", "partitionLeaderEpoch": "partitionLeaderEpoch",
                             "maxTimestamp": "maxTimestamp", "isTransactional": "isTransactional", "isControl": "isControlBatch",
                             "offset": "lastOffset", "timestamp": "maxTimestamp"]
                for (key, value) in printed where names[key] != nil { ours[names[key]!] = Self.text(value) }
                XCTAssertEqual(ours, Self.expectedBatch(expected), path)
            }
            let expectedRecords = batches.flatMap { batch in (batch["records"] as? [[String: Any]] ?? []).map { ($0, batch) } }
            XCTAssertEqual(printedRecords.count, expectedRecords.count, path)
            for (printed, (expected, batch)) in zip(printedRecords, expectedRecords) {
                var ours: Fields = [:]
                let names = ["offset": "offset", "timestamp": "timestamp", "timestampType": "timestampType", "keySize": "keySize",
                             "valueSize": "valueSize", "sequence": "sequence", "isValid": "isValid", "crc": "checksum"]
                for (key, value) in printed where names[key] != nil { ours[names[key]!] = Self.text(value) }
                if let headers = printed["headers"] as? [[String: Any]] {
                    ours["headerKeys"] = "[" + headers.map { Self.text($0["key"]) }.joined(separator: ",") + "]"
                    let theirs = (expected["headers"] as? [[String: Any]] ?? []).map { "\(Self.text($0["key"]))=\(Self.text($0["value"]))" }
                    XCTAssertEqual(headers.map { "\(Self.text($0["key"]))=\(Self.text($0["value"]))" }, theirs, "\(path) headers at \(expected["offset"]!)")
                }
                if let control = printed["control"] as? [String: Any] {
                    ours["endTxnMarker"] = Self.text(control["type"])
                    ours["coordinatorEpoch"] = Self.text(control["coordinatorEpoch"])
                } else {
                    if !(printed["key"] is NSNull) { ours["key"] = Self.text(printed["key"]) }
                    if !(printed["payload"] is NSNull) { ours["value"] = Self.text(printed["payload"]) }
                }
                XCTAssertEqual(ours, Self.expectedRecord(expected, batch: batch), "\(path) record at \(expected["offset"]!)")
                checkedRecords += 1
            }
        }
        XCTAssertGreaterThan(checkedRecords, 5000)
    }
}
