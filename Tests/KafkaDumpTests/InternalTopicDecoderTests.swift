import Foundation
import KafkaLog
import KafkaRecords
import KsegTestSupport
import XCTest

/// `--offsets-decoder` and `--transaction-log-decoder` through the real binary, against what Kafka's
/// tool prints as computed independently of kseg: `Fixtures/internal-topics/make.py` encodes the
/// records from Kafka's own schema files, writes them with kafka-python's batch builder and predicts
/// every line (see `Fixtures/internal-topics/README.md`).
final class InternalTopicDecoderTests: XCTestCase {
    static let fixtures = Repository.fixtures.appendingPathComponent("internal-topics")

    struct Expected: Decodable {
        let offset: Int64
        /// The whole record line, when Kafka prints one.
        let line: String?
        /// Where Kafka's tool aborts: the line as far as it prints it, and the exception's toString().
        let partial: String?
        let abort: String?
    }

    static func segment(_ partition: String) -> String {
        fixtures.appendingPathComponent(partition).appendingPathComponent("00000000000000000000.log").path
    }

    static func expectations(_ partition: String) throws -> [Expected] {
        struct File: Decodable { let records: [Expected] }
        let data = try Data(contentsOf: URL(fileURLWithPath: segment(partition) + ".expected.json"))
        return try JSONDecoder().decode(File.self, from: data).records
    }

    /// The record lines of a dump, split at line feeds only (keys may hold a CR).
    static func recordLines(_ stdout: Data) -> [String] {
        stdout.split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
            .filter { $0.hasPrefix("| offset: ") }
    }

    /// The key text and payload text of an expected line (the fixture script checks that no key text
    /// holds " payload: ").
    static func dataPart(_ line: String) -> (key: String?, payload: String?) {
        guard let keyStart = line.range(of: " key: ") else {
            return (nil, line.range(of: " payload: ").map { String(line[$0.upperBound...]) })
        }
        let rest = line[keyStart.upperBound...]
        guard let payloadStart = rest.range(of: " payload: ") else { return (String(rest), nil) }
        return (String(rest[..<payloadStart.lowerBound]), String(rest[payloadStart.upperBound...]))
    }

    func checkAgainstExpectations(_ partition: String, _ decoder: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try Self.expectations(partition)
        let result = try KsegProcess.run(["dump-log-segments", decoder, "--files", Self.segment(partition)])
        let lines = Self.recordLines(result.stdout)
        XCTAssertEqual(lines.count, expected.count, "record lines of \(partition)", file: file, line: line)
        let reports = result.err.split(separator: "\n").filter { $0.hasPrefix("kseg: corruption: ") }
        var aborts = 0
        for (printed, want) in zip(lines, expected) {
            if let whole = want.line {
                XCTAssertEqual(printed, whole, "\(partition) offset \(want.offset)", file: file, line: line)
            } else if let partial = want.partial, let abort = want.abort {
                // Kafka prints the metadata part and dies; kseg ends the line there, reports, goes on.
                XCTAssertEqual(printed, partial, "\(partition) offset \(want.offset)", file: file, line: line)
                let report = "cannot decode the record at offset \(want.offset) (Kafka's tool aborts here): \(abort)"
                XCTAssertTrue(reports.contains { $0.hasSuffix(report) }, "\(partition): no report \(report)", file: file, line: line)
                aborts += 1
            }
        }
        XCTAssertEqual(reports.count, aborts, result.err, file: file, line: line)
        XCTAssertEqual(result.status, aborts > 0 ? 1 : 0, result.err, file: file, line: line)
    }

    // MARK: - Independent expectations

    func testOffsetsDecoderPrintsEveryRecordTypeAndVersionAsKafka() throws {
        try checkAgainstExpectations("__consumer_offsets-0", "--offsets-decoder")
        // The fixture covers what it must: every record type at every value version it has.
        let lines = try Self.expectations("__consumer_offsets-0").compactMap(\.line)
        var seen = Set<String>()
        for line in lines {
            let (key, payload) = Self.dataPart(line)
            guard let key, key.hasPrefix("{\"type\":\""), let payload else { continue }
            let type = key.dropFirst(9).prefix { $0 != "\"" }
            let version = payload.hasPrefix("{\"version\":\"") ? String(payload.dropFirst(12).prefix { $0 != "\"" }) : payload
            seen.insert("\(type)/\(version)")
        }
        var required = ["0/0", "1/0", "1/1", "1/2", "1/3", "1/4", "2/0", "2/1", "2/2", "2/3", "2/4"]
        required += (3...15).map { "\($0)/0" }
        required += (0...15).filter { $0 != 0 }.map { "\($0)/<DELETE>" }
        XCTAssertEqual(Set(required).subtracting(seen), [], "record type/value version pairs missing from the fixture")
    }

    func testOffsetsDecoderOnEveryTruncationAndBitFlip() throws {
        try checkAgainstExpectations("__consumer_offsets-1", "--offsets-decoder")
    }

    func testTransactionLogDecoderPrintsEveryStateAndVersionAsKafka() throws {
        try checkAgainstExpectations("__transaction_state-0", "--transaction-log-decoder")
    }

    func testTransactionLogDecoderAbortsWhereKafkaAbortsOnTruncationsAndBitFlips() throws {
        try checkAgainstExpectations("__transaction_state-1", "--transaction-log-decoder")
    }

    /// The same texts without record metadata, and as the `key`/`payload` members of `--json`.
    func testSkipRecordMetadataAndJSONCarryTheSameTexts() throws {
        for (partition, decoder) in [("__consumer_offsets-0", "--offsets-decoder"), ("__transaction_state-0", "--transaction-log-decoder")] {
            let expected = try Self.expectations(partition).compactMap(\.line).map(Self.dataPart)

            let bare = try KsegProcess.run(["dump-log-segments", decoder, "--skip-record-metadata", "--files", Self.segment(partition)])
            let bareLines = bare.stdout.split(separator: 0x0A).map { String(decoding: $0, as: UTF8.self) }.filter { $0.hasPrefix("| key: ") }
            XCTAssertEqual(bareLines.count, expected.count, partition)
            for (printed, want) in zip(bareLines, expected) {
                XCTAssertEqual(printed, "| key: \(want.key ?? "")" + (want.payload.map { " payload: \($0)" } ?? ""), partition)
            }

            let json = try KsegProcess.run(["dump-log-segments", decoder, "--json", "--files", Self.segment(partition)])
            let records = json.stdout.split(separator: 0x0A).compactMap {
                try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any]
            }.filter { $0["type"] as? String == "record" }
            // A record Kafka aborts on leaves no half-written object behind.
            XCTAssertEqual(records.count, expected.count, partition)
            for (record, want) in zip(records, expected) {
                XCTAssertEqual(record["key"] as? String, want.key, partition)
                XCTAssertEqual(record["payload"] as? String, want.payload, "\(partition) offset \(record["offset"] ?? "?")")
            }
        }
    }

    // MARK: - Random corruption: never a crash, a hang or a silent gap

    /// The good records of a fixture segment, read with kseg's storage engine (the record framing is
    /// not what these tests are about).
    static func records(_ partition: String) throws -> [(key: [UInt8]?, value: [UInt8]?)] {
        let expected = try expectations(partition)
        let good = Set(expected.filter { $0.line.map { !$0.contains("Error at offset") && !$0.contains("Unknown record") } ?? false }.map(\.offset))
        var out: [(key: [UInt8]?, value: [UInt8]?)] = []
        var batches = LogBatchIterator(file: try MappedFile(path: segment(partition)))
        var scratch = ByteBuffer()
        while let batch = try batches.next() {
            try batch.forEachRecord(scratch: &scratch) { record in
                if good.contains(record.offset) { out.append((record.key.map { Array($0) }, record.value.map { Array($0) })) }
            }
        }
        return out
    }

    static func mutate(_ bytes: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var b = bytes
        guard !b.isEmpty else { return [0xFF] }
        switch rng.below(5) {
        case 0: b = Array(b.prefix(rng.below(b.count)))
        case 1: for _ in 0...rng.below(3) { b[rng.below(b.count)] ^= UInt8(1 << rng.below(8)) }
        case 2: for _ in 0...rng.below(3) { b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next()) }
        case 3 where b.count > 2:
            // An absurd length or count (int16, int32 or varint) somewhere after the version.
            let at = 2 + rng.below(b.count - 2)
            let absurd: [[UInt8]] = [[0x7F, 0xFF], [0x7F, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0x07], [0x80, 0x80, 0x80, 0x80, 0x08]]
            let patch = absurd[rng.below(absurd.count)]
            b.replaceSubrange(at..<min(b.count, at + patch.count), with: patch)
        default:
            b += (0..<(1 + rng.below(8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        return b
    }

    func checkRandomCorruption(_ partition: String, _ decoder: String, seed: UInt64, count: Int, oneBatchEach: Bool) throws {
        var rng = SeededGenerator(seed: seed)
        let good = try Self.records(partition)
        XCTAssertFalse(good.isEmpty)
        var cases: [(key: [UInt8]?, value: [UInt8]?)] = []
        for _ in 0..<count {
            let (key, value) = good[rng.below(good.count)]
            if rng.below(4) == 0, let key { cases.append((Self.mutate(key, &rng), value)) } else { cases.append((key, value.map { Self.mutate($0, &rng) })) }
        }
        var file: [UInt8] = []
        let groups = oneBatchEach ? cases.map { [$0] } : stride(from: 0, to: cases.count, by: 50).map { Array(cases[$0..<min($0 + 50, cases.count)]) }
        var offset: Int64 = 0
        for group in groups {
            file += ControlRecordDumpTests.batch(baseOffset: offset, attributes: 0, timestamp: 1_700_000_000_000, records: group)
            offset += Int64(group.count)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("00000000000000000000.log").path
        try Data(file).write(to: URL(fileURLWithPath: path))

        let started = Date()
        let result = try KsegProcess.run(["dump-log-segments", decoder, "--files", path])
        XCTAssertLessThan(Date().timeIntervalSince(started), 60, "seed \(seed)")
        // 0 or 1: never a trap or a signal.
        XCTAssertTrue([0, 1].contains(result.status), "seed \(seed): status \(result.status)\n\(result.err.suffix(2000))")
        let lines = Self.recordLines(result.stdout)
        XCTAssertEqual(lines.count, cases.count, "seed \(seed): every record has its line")
        var failures = 0
        for line in lines {
            let (key, payload) = Self.dataPart(line)
            guard let key else { failures += 1; continue }
            if decoder == "--offsets-decoder" {
                let wellFormed = key.hasPrefix("{\"type\":\"") && (payload == "<DELETE>" || payload?.hasPrefix("{\"version\":\"") == true)
                let failure = payload == nil && (key.hasPrefix("Error at offset ") || key.hasPrefix("Unknown record type "))
                XCTAssertTrue(wellFormed || failure, "seed \(seed): \(line)")
            } else {
                let wellFormed = key.hasPrefix("transaction_metadata::transactionalId=") && (payload == "<DELETE>" || payload?.hasPrefix("producerId:") == true)
                XCTAssertTrue(wellFormed || (key.hasPrefix("unknown::version=") && payload == nil), "seed \(seed): \(line)")
            }
        }
        let reports = result.err.split(separator: "\n").filter { $0.hasPrefix("kseg: corruption: ") }
        XCTAssertEqual(reports.count, failures, "seed \(seed): one report per record Kafka aborts on\n\(result.err.suffix(2000))")
    }

    func testRandomlyCorruptedOffsetsRecordsGiveKafkasErrorLinesAndTheRunGoesOn() throws {
        for seed: UInt64 in [1, 2, 3] {
            try checkRandomCorruption("__consumer_offsets-0", "--offsets-decoder", seed: seed, count: 400, oneBatchEach: false)
        }
    }

    func testRandomlyCorruptedTransactionRecordsAbortOnlyTheirOwnBatch() throws {
        for seed: UInt64 in [11, 12, 13] {
            try checkRandomCorruption("__transaction_state-0", "--transaction-log-decoder", seed: seed, count: 200, oneBatchEach: true)
        }
    }
}
