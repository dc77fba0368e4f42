import Foundation
import KafkaDump
import KafkaLog
import KafkaRecords
import XCTest

/// Control records and KRaft snapshot files, against the exact texts of dump-and-index §4.6/§4.11.
/// The batches are encoded here, by hand, from the layouts of on-disk-format §3 and §6.
final class ControlRecordDumpTests: XCTestCase {
    /// A v2 batch of single-record-per-offset records, built independently of kseg's writers.
    static func batch(baseOffset: Int64, attributes: UInt8, timestamp: Int64, records: [(key: [UInt8]?, value: [UInt8]?)]) -> [UInt8] {
        func varint(_ v: Int64) -> [UInt8] {
            var z = UInt64(bitPattern: (v << 1) ^ (v >> 63)), out: [UInt8] = []
            while z >= 0x80 { out.append(UInt8(z & 0x7f) | 0x80); z >>= 7 }
            return out + [UInt8(z)]
        }
        func be<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
        var body: [UInt8] = []
        for (i, r) in records.enumerated() {
            var rec: [UInt8] = [0] + varint(0) + varint(Int64(i))
            rec += r.key.map { varint(Int64($0.count)) + $0 } ?? varint(-1)
            rec += r.value.map { varint(Int64($0.count)) + $0 } ?? varint(-1)
            rec += varint(0)
            body += varint(Int64(rec.count)) + rec
        }
        var covered: [UInt8] = be(Int16(attributes)) + be(Int32(records.count - 1)) + be(timestamp) + be(timestamp)
        covered += be(Int64(-1)) + be(Int16(-1)) + be(Int32(-1)) + be(Int32(records.count)) + body
        let crc = covered.withUnsafeBytes { CRC.crc32c($0) }
        return be(baseOffset) + be(Int32(covered.count + 9)) + be(Int32(0)) + [2] + be(crc) + covered
    }

    func dump(_ bytes: [UInt8], name: String, options: DumpOptions) throws -> (out: String, err: String, status: Int32) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-ctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let out = OutputStream(capturing: ()), err = OutputStream(capturing: ())
        let status = DumpLogSegments.run(files: [path], options: options, stdout: out, stderr: err)
        out.flush(); err.flush()
        return (String(decoding: out.captured, as: UTF8.self).replacingOccurrences(of: path, with: name),
                String(decoding: err.captured, as: UTF8.self), status)
    }

    func testKRaftSnapshotControlRecordsPrintAsKafka() throws {
        let t0: Int64 = 1_700_000_000_000
        let header: [UInt8] = [0, 0] + [0, 0, 0, 0, 0, 0, 0x27, 0x10] + [0]
        let kraftVersion: [UInt8] = [0, 0, 0, 1, 0]
        let footer: [UInt8] = [0, 0, 0]
        let leaderChange: [UInt8] = [0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 1, 0, 0]
        let directoryId = Base64URL.decode("Uj5wn_FqTXirEASvVZRY1w")!
        var voters: [UInt8] = [0, 0, 2, 0, 0, 0, 1] + directoryId + [2]
        voters += [11] + Array("CONTROLLER".utf8) + [10] + Array("localhost".utf8) + [0x23, 0x85, 0]
        voters += [0, 0, 0, 1, 0, 0, 0]
        var file: [UInt8] = []
        for (i, (type, value)) in [(Int16(3), header), (5, kraftVersion), (4, footer), (2, leaderChange), (6, voters), (9, [0, 0])].enumerated() {
            file += Self.batch(baseOffset: Int64(i), attributes: 0x20, timestamp: t0,
                               records: [(key: [0, 0, UInt8(type >> 8), UInt8(type & 0xff)], value: value)])
        }
        var options = DumpOptions()
        options.deepIteration = true
        let result = try dump(file, name: "00000000000000000005-0000000002.checkpoint", options: options)
        XCTAssertEqual(result.status, 0, result.err)
        let lines = result.out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[1], "Snapshot end offset: 5, epoch: 2")
        let records = lines.filter { $0.hasPrefix("| ") }
        XCTAssertEqual(records, [
            "| offset: 0 CreateTime: 1700000000000 keySize: 4 valueSize: 11 sequence: -1 headerKeys: [] SnapshotHeader {\"version\":0,\"lastContainedLogTimestamp\":10000}",
            "| offset: 1 CreateTime: 1700000000000 keySize: 4 valueSize: 5 sequence: -1 headerKeys: [] KRaftVersion {\"version\":0,\"kRaftVersion\":1}",
            "| offset: 2 CreateTime: 1700000000000 keySize: 4 valueSize: 3 sequence: -1 headerKeys: [] SnapshotFooter {\"version\":0}",
            "| offset: 3 CreateTime: 1700000000000 keySize: 4 valueSize: 19 sequence: -1 headerKeys: [] controlType: LEADER_CHANGE(2)",
            "| offset: 4 CreateTime: 1700000000000 keySize: 4 valueSize: \(voters.count) sequence: -1 headerKeys: [] KRaftVoters {\"version\":0,\"voters\":[{\"voterId\":1,\"voterDirectoryId\":\"Uj5wn_FqTXirEASvVZRY1w\",\"endpoints\":[{\"name\":\"CONTROLLER\",\"host\":\"localhost\",\"port\":9093}],\"kRaftVersionFeature\":{\"minSupportedVersion\":0,\"maxSupportedVersion\":1}}]}",
            "| offset: 5 CreateTime: 1700000000000 keySize: 4 valueSize: 2 sequence: -1 headerKeys: [] controlType: UNKNOWN(9)",
        ])
        let bootstrap = try dump(file, name: "bootstrap.checkpoint", options: options)
        XCTAssertEqual(bootstrap.out.split(separator: "\n")[1], "KRaft bootstrap snapshot")
        // Control records print an empty line with --skip-record-metadata (§4.6).
        options.skipRecordMetadata = true
        options.printDataLog = true
        let skipped = try dump(file, name: "00000000000000000000.log", options: options)
        XCTAssertEqual(skipped.out.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.isEmpty }.count, 6 + 1)
    }

    /// Strings in control record JSON are Java strings printed by Jackson: malformed UTF-8 replaced as
    /// the JDK replaces it (one U+FFFD for an encoded surrogate) and control characters escaped with
    /// upper-case hex digits. A value cut short is reported with the exception Kafka dies with.
    func testControlRecordStringsAreEscapedAsJacksonDoesAndCutValuesAreReported() throws {
        let t0: Int64 = 1_700_000_000_000
        let name: [UInt8] = Array("a".utf8) + [0x1F, 0x62, 0xED, 0xA0, 0x80, 0x22]
        var voters: [UInt8] = [0, 0, 2, 0, 0, 0, 7] + [UInt8](repeating: 0, count: 16) + [2]
        voters += [UInt8(name.count + 1)] + name + [2] + Array("h".utf8) + [0xFF, 0xFF, 0]
        voters += [0, 0, 0, 1, 0, 0, 0]
        let file = Self.batch(baseOffset: 0, attributes: 0x20, timestamp: t0, records: [(key: [0, 0, 0, 6], value: voters)])
            + Self.batch(baseOffset: 1, attributes: 0x20, timestamp: t0, records: [(key: [0, 0, 0, 3], value: [0, 0, 0, 0])])
        var options = DumpOptions()
        options.deepIteration = true
        let result = try dump(file, name: "00000000000000000000.log", options: options)
        let records = result.out.split(separator: "\n").filter { $0.hasPrefix("| ") }
        XCTAssertEqual(records.first.map(String.init),
                       "| offset: 0 CreateTime: 1700000000000 keySize: 4 valueSize: \(voters.count) sequence: -1 headerKeys: [] KRaftVoters {\"version\":0,\"voters\":[{\"voterId\":7,\"voterDirectoryId\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"endpoints\":[{\"name\":\"a\\u001Fb\u{FFFD}\\\"\",\"host\":\"h\",\"port\":65535}],\"kRaftVersionFeature\":{\"minSupportedVersion\":0,\"maxSupportedVersion\":1}}]}")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("the SnapshotHeaderRecord control record at offset 1 cannot be read: java.nio.BufferUnderflowException"), result.err)
    }

    func testTransactionMarkersAndCorruptControlKeys() throws {
        let t0: Int64 = 1_700_000_000_000
        let commit = Self.batch(baseOffset: 10, attributes: 0x30, timestamp: t0, records: [(key: [0, 0, 0, 1], value: [0, 0, 0, 0, 0, 100])])
        let abort = Self.batch(baseOffset: 11, attributes: 0x30, timestamp: t0, records: [(key: [0, 0, 0, 0], value: [0, 0, 0, 0, 0, 101])])
        let shortKey = Self.batch(baseOffset: 12, attributes: 0x30, timestamp: t0, records: [(key: [0, 0], value: [0, 0, 0, 0, 0, 1])])
        let after = Self.batch(baseOffset: 13, attributes: 0, timestamp: t0, records: [(key: nil, value: Array("x".utf8))])
        var options = DumpOptions()
        options.printDataLog = true
        let result = try dump(commit + abort + shortKey + after, name: "00000000000000000010.log", options: options)
        XCTAssertTrue(result.out.contains("| offset: 10 CreateTime: 1700000000000 keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] endTxnMarker: COMMIT coordinatorEpoch: 100\n"), result.out)
        XCTAssertTrue(result.out.contains("endTxnMarker: ABORT coordinatorEpoch: 101\n"))
        // A 2-byte control key is corrupt (Kafka aborts); kseg reports it and goes on to offset 13.
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.err.contains("kseg: corruption:"), result.err)
        XCTAssertTrue(result.err.contains("byte \(commit.count + abort.count)"), result.err)
        XCTAssertTrue(result.out.contains("| offset: 13 CreateTime: 1700000000000 keySize: -1 valueSize: 1 sequence: -1 headerKeys: [] payload: x\n"), result.out)
    }
}
