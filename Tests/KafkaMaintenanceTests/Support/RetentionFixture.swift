import Foundation
import KsegTestSupport

/// `Fixtures/retention`: its manifest (what make.py wrote and intended), writable copies of its log
/// directories with the manifest's mtimes, and the arguments each log directory is run with.
struct RetentionFixture {
    static let directory = Repository.fixtures.appendingPathComponent("retention")

    struct Segment {
        var base: Int64
        var lastOffset: Int64?
        var size: Int64
        var largest: Int64
        var source: String
        var mtime: Int64
        var hasTimeIndex: Bool
    }

    struct Partition {
        var logDir: String
        var topic: String
        var config: [String: String]
        var configFile: String?
        var highWatermark: Int64?
        var logStartCheckpoint: Int64?
        var logEnd: Int64
        var snapshots: [Int64]
        var leaderEpochs: [[Int64]]?
        var segments: [Segment]
        var name: String { "\(topic)-0" }
    }

    let now: Int64
    let logDirArguments: [String: [String]]
    let partitions: [Partition]

    init() throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent("manifest.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        now = (root["now"] as! NSNumber).int64Value
        logDirArguments = root["logDirs"] as! [String: [String]]
        partitions = (root["partitions"] as! [[String: Any]]).map { p in
            Partition(
                logDir: p["logDir"] as! String, topic: p["topic"] as! String, config: p["config"] as! [String: String],
                configFile: p["configFile"] as? String, highWatermark: (p["highWatermark"] as? NSNumber)?.int64Value,
                logStartCheckpoint: (p["logStartCheckpoint"] as? NSNumber)?.int64Value,
                logEnd: (p["logEndOffset"] as! NSNumber).int64Value,
                snapshots: (p["snapshots"] as! [NSNumber]).map(\.int64Value),
                leaderEpochs: (p["leaderEpochs"] as? [[NSNumber]])?.map { $0.map(\.int64Value) },
                segments: (p["segments"] as! [[String: Any]]).map { s in
                    Segment(base: (s["baseOffset"] as! NSNumber).int64Value, lastOffset: (s["lastOffset"] as? NSNumber)?.int64Value,
                            size: (s["size"] as! NSNumber).int64Value, largest: (s["largestTimestamp"] as! NSNumber).int64Value,
                            source: s["timestampSource"] as! String, mtime: (s["mtime"] as! NSNumber).int64Value,
                            hasTimeIndex: s["timeIndex"] as! Bool)
                })
        }
    }

    func partitions(in logDir: String) -> [Partition] { partitions.filter { $0.logDir == logDir } }

    /// A writable copy of `logDir` with every `.log` mtime as the manifest says (git keeps none).
    func copy(_ logDir: String) throws -> URL {
        let copy = try Repository.temporaryCopy(of: "retention/\(logDir)")
        for partition in partitions(in: logDir) {
            for segment in partition.segments {
                let path = copy.appendingPathComponent(partition.name).appendingPathComponent(Self.name(segment.base, ".log")).path
                var times = [timespec(tv_sec: Int(segment.mtime / 1000), tv_nsec: Int(segment.mtime % 1000) * 1_000_000),
                             timespec(tv_sec: Int(segment.mtime / 1000), tv_nsec: Int(segment.mtime % 1000) * 1_000_000)]
                precondition(utimensat(AT_FDCWD, path, &times, 0) == 0, "utimensat \(path)")
            }
        }
        return copy
    }

    /// `--now` and every topic's `--topic-config`, then the log directory's own arguments.
    func arguments(for logDir: String) -> [String] {
        var arguments = ["--now", String(now)]
        for partition in partitions where partition.configFile != nil {
            arguments += ["--topic-config", "\(partition.topic)=\(Self.directory.appendingPathComponent(partition.configFile!).path)"]
        }
        return arguments + (logDirArguments[logDir] ?? [])
    }

    /// The independent model's view of `partition` as the manifest describes it.
    func model(_ partition: Partition) -> RetentionModel {
        let config = partition.config
        let internalTopic = partition.topic.hasPrefix("__")
        let policy = internalTopic ? ["compact"]
            : (config["cleanup.policy"] ?? "delete").split(separator: ",").map { String($0) }
        let first = partition.segments[0].base
        let logStart = max(partition.logStartCheckpoint ?? first, first)
        var hw = partition.highWatermark ?? logStart
        hw = min(max(hw, logStart), partition.logEnd)
        return RetentionModel(
            segments: partition.segments.map { .init(base: $0.base, size: $0.size, largest: $0.largest) },
            logStart: logStart, highWatermark: hw, logEnd: partition.logEnd, policy: policy,
            cleanerEnabled: !(logDirArguments[partition.logDir] ?? []).contains("--log.cleaner.enable"),
            retentionMs: Int64(config["retention.ms"] ?? "604800000")!, retentionBytes: Int64(config["retention.bytes"] ?? "-1")!,
            now: now, snapshotAtLogEnd: partition.snapshots.contains(partition.logEnd))
    }

    static func name(_ offset: Int64, _ suffix: String) -> String {
        let digits = String(offset)
        return String(repeating: "0", count: 20 - digits.count) + digits + suffix
    }

    /// The JSON objects of `--json` output.
    static func objects(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// A checkpoint file's bytes in Kafka's format.
    static func checkpoint(_ lines: [String]) -> Data {
        Data(("0\n\(lines.count)\n" + lines.map { $0 + "\n" }.joined()).utf8)
    }
}
