import Foundation
import KsegTestSupport
import XCTest

/// A writable copy of a `Fixtures/maintenance` scenario (a log directory with one partition), with
/// the segment modification times its manifest prescribes, plus the helpers the compaction tests share.
struct CompactionFixture {
    struct Manifest: Decodable {
        struct Segment: Decodable {
            var baseOffset: Int64
            var bytes: Int
            var mtimeMsBeforeNow: Int64
        }
        var partition: String
        var logEndOffset: Int64
        var highWatermark: Int64
        var segments: [Segment]
        var now: Int64
    }

    let logDirectory: URL
    let partition: URL
    let manifest: Manifest
    var now: Int64 { manifest.now }

    /// Copies `Fixtures/maintenance/<scenario>`.
    init(_ scenario: String) throws {
        let source = Repository.fixtures.appendingPathComponent("maintenance/\(scenario)")
        manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: source.appendingPathComponent("manifest.json")))
        logDirectory = try Repository.temporaryCopy(of: "maintenance/\(scenario)", into: "logs-\(scenario)")
        partition = logDirectory.appendingPathComponent(manifest.partition)
        try applyModificationTimes()
    }

    /// Generates a random partition with `make.py --random` (seeded, so runs repeat).
    init(randomSeed seed: Int, records: Int, keys: Int, segmentBytes: Int = 60_000) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-test-\(UUID().uuidString)/logs-random")
        let made = try Python.run(["Fixtures/maintenance/make.py", "--random", base.path, "--seed", "\(seed)", "--records", "\(records)",
                                   "--keys", "\(keys)", "--segment-bytes", "\(segmentBytes)"])
        XCTAssertEqual(made.status, 0, made.err)
        logDirectory = base
        manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: base.appendingPathComponent("manifest.json")))
        try FileManager.default.removeItem(at: base.appendingPathComponent("manifest.json"))
        partition = base.appendingPathComponent(manifest.partition)
        try applyModificationTimes()
    }

    private init(logDirectory: URL, partition: URL, manifest: Manifest) {
        self.logDirectory = logDirectory
        self.partition = partition
        self.manifest = manifest
    }

    /// A fresh copy of this fixture as it is now (cheaper than generating it again).
    func copy() throws -> CompactionFixture {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let destination = base.appendingPathComponent(logDirectory.lastPathComponent)
        try FileManager.default.copyItem(at: logDirectory, to: destination)
        let copy = CompactionFixture(logDirectory: destination, partition: destination.appendingPathComponent(partition.lastPathComponent), manifest: manifest)
        try copy.applyModificationTimes()
        return copy
    }

    /// Every record as kseg's dump reads it: "offset key value", in log order (cheaper than
    /// kafka-python in loops; the dump's reader is itself checked against Kafka's).
    func dumpedRecords() throws -> [String] {
        let dump = try KsegProcess.run(["dump-log-segments", "--deep-iteration", "--print-data-log", partition.path])
        XCTAssertEqual(dump.status, 0, dump.err)
        return dump.out.split(separator: "\n").filter { $0.hasPrefix("| offset: ") }.map { line in
            let fields = line.split(separator: " ")
            let key = line.range(of: " key: ").map { String(line[$0.upperBound...].prefix { $0 != " " }) } ?? "-"
            let payload = line.range(of: " payload: ").map { String(line[$0.upperBound...]) } ?? "-"
            return "\(fields[2]) \(key) \(payload)"
        }
    }

    func segmentURL(_ base: Int64, _ suffix: String = ".log") -> URL {
        partition.appendingPathComponent(String(format: "%020lld", base) + suffix)
    }

    func applyModificationTimes() throws {
        for segment in manifest.segments {
            let date = Date(timeIntervalSince1970: Double(now - segment.mtimeMsBeforeNow) / 1000)
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: segmentURL(segment.baseOffset).path)
        }
    }

    /// Milliseconds of a file's modification time (as Java reads it).
    func modificationMs(_ url: URL) throws -> Int64 {
        let date = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as! Date
        return Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Runs `kseg compact` on the fixture's log directory with `--now` and compaction enabled.
    func compact(_ arguments: [String], environment: [String: String] = [:]) throws -> KsegProcess.Result {
        try KsegProcess.run(["compact", "--cleanup.policy", "compact", "--now", "\(now)"] + arguments + [logDirectory.path],
                            environment: environment)
    }

    /// The files of the partition directory and their bytes.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: partition.path) {
            files[name] = try Data(contentsOf: partition.appendingPathComponent(name))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: logDirectory.path) where !name.hasPrefix(".") {
            let url = logDirectory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files["../" + name] = try Data(contentsOf: url)
            }
        }
        return files
    }

    /// A properties file in the log directory's parent, for `--config`.
    func propertiesFile(_ properties: [String: String]) throws -> String {
        let url = logDirectory.deletingLastPathComponent().appendingPathComponent("test-\(UUID().uuidString).properties")
        try properties.map { "\($0.key)=\($0.value)" }.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The JSON objects of a `--json` run, by type.
    static func jsonLines(_ output: String, type: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            .filter { $0["type"] as? String == type }
    }
}

extension CompactionModel {
    /// Checks kseg's output against the model's outcome for every input batch, batch by batch.
    static func assertOutput(_ output: PartitionListing, input: PartitionListing, outcomes: [Outcome], bound: Int64,
                             file: StaticString = #filePath, line: UInt = #line) {
        var expected: [(outcome: Outcome?, batch: Batch)] = outcomes.filter { !$0.removed }.map { ($0, $0.source) }
        expected += input.batches.filter { $0.lastOffset >= bound }.map { (nil, $0) }
        let actual = output.batches
        XCTAssertEqual(actual.count, expected.count, "batches in the output", file: file, line: line)
        for segment in output.segments {
            XCTAssertEqual(segment.trailingBytes, 0, "\(segment.file) ends in a partial batch", file: file, line: line)
        }
        for (got, want) in zip(actual, expected) {
            let where_ = "batch \(want.batch.baseOffset)...\(want.batch.lastOffset)"
            XCTAssertTrue(got.crcValid, "\(where_): CRC", file: file, line: line)
            XCTAssertEqual(got.magic, want.batch.magic, "\(where_): magic", file: file, line: line)
            XCTAssertEqual(got.producerId, want.batch.producerId, "\(where_): producer id", file: file, line: line)
            XCTAssertEqual(got.isTransactional, want.batch.isTransactional, "\(where_): transactional", file: file, line: line)
            XCTAssertEqual(got.isControl, want.batch.isControl, "\(where_): control", file: file, line: line)
            guard let outcome = want.outcome else {
                XCTAssertEqual(got.sha256, want.batch.sha256, "\(where_): beyond the cleaned range, must be untouched", file: file, line: line)
                continue
            }
            let records = outcome.keptEmpty ? [] : outcome.kept
            XCTAssertEqual(got.records, records, "\(where_): surviving records", file: file, line: line)
            if outcome.verbatim {
                XCTAssertEqual(got.sha256, want.batch.sha256, "\(where_): every record survives, so the batch is kept byte for byte", file: file, line: line)
            }
            if want.batch.magic >= 2 {
                XCTAssertEqual(got.baseOffset, want.batch.baseOffset, "\(where_): base offset", file: file, line: line)
                XCTAssertEqual(got.lastOffset, want.batch.lastOffset, "\(where_): last offset (kept for the producer's sequence)", file: file, line: line)
                XCTAssertEqual(got.producerEpoch, want.batch.producerEpoch, "\(where_): producer epoch", file: file, line: line)
                XCTAssertEqual(got.baseSequence, want.batch.baseSequence, "\(where_): base sequence", file: file, line: line)
                XCTAssertEqual(got.deleteHorizon, outcome.keptEmpty ? nil : outcome.horizon, "\(where_): delete horizon", file: file, line: line)
                XCTAssertEqual(got.codec, outcome.keptEmpty ? 0 : want.batch.codec, "\(where_): codec", file: file, line: line)
                XCTAssertEqual(got.isLogAppendTime, want.batch.isLogAppendTime, "\(where_): timestamp type", file: file, line: line)
                if want.batch.isLogAppendTime || outcome.keptEmpty || outcome.verbatim {
                    XCTAssertEqual(got.maxTimestamp, want.batch.maxTimestamp, "\(where_): max timestamp", file: file, line: line)
                } else {
                    XCTAssertEqual(got.maxTimestamp, records.map(\.timestamp).max() ?? -1, "\(where_): max timestamp of the survivors", file: file, line: line)
                }
            } else {
                XCTAssertEqual(got.codec, want.batch.codec, "\(where_): codec", file: file, line: line)
                XCTAssertEqual(got.lastOffset, records.last?.offset, "\(where_): a legacy wrapper's offset is its last message's", file: file, line: line)
            }
        }
    }
}
