/// The text format shared by Kafka's checkpoint files (on-disk-format §1.6): a version line, an entry
/// count line, then that many entry lines. Lines end in `\n`, `\r\n` or `\r` (Java `readLine`).
public enum CheckpointText {
    public struct Failure: Error, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The entry lines, each split on runs of whitespace; checks version 0 and the count.
    public static func parse(_ bytes: [UInt8]) throws -> [[String]] {
        let lines = splitLines(bytes)
        if lines.isEmpty { return [] }
        guard let version = LogFileName.parseJavaInt(lines[0]) else {
            throw Failure(line: 1, reason: "malformed version line \"\(lines[0])\"")
        }
        guard version == 0 else { throw Failure(line: 1, reason: "unrecognized version \(version) (expected 0)") }
        if lines.count == 1 { return [] }
        guard let count = LogFileName.parseJavaInt(lines[1]), count >= 0 else {
            throw Failure(line: 2, reason: "malformed entry count \"\(lines[1])\"")
        }
        let entryLines = lines.dropFirst(2)
        guard entryLines.count == Int(count) else {
            throw Failure(line: 2, reason: "expected \(count) entries but found \(entryLines.count)")
        }
        return entryLines.map { line in line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
    }

    /// Serializes entry lines in Kafka's form: `0\n<count>\n<line>\n…`.
    public static func serialize(_ entryLines: [String]) -> [UInt8] {
        var text = "0\n\(entryLines.count)\n"
        for line in entryLines { text += line + "\n" }
        return Array(text.utf8)
    }

    static func splitLines(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                lines.append(String(decoding: bytes[start..<i], as: UTF8.self))
                if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { lines.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return lines
    }
}

/// An entry of `recovery-point-offset-checkpoint`, `replication-offset-checkpoint`,
/// `log-start-offset-checkpoint` or `cleaner-offset-checkpoint`.
public struct TopicPartitionOffset: Equatable, Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

public enum OffsetCheckpointFile {
    public static let recoveryPoint = "recovery-point-offset-checkpoint"
    public static let replication = "replication-offset-checkpoint"
    public static let logStartOffset = "log-start-offset-checkpoint"
    public static let cleanerOffset = "cleaner-offset-checkpoint"
    public static let names = [recoveryPoint, replication, logStartOffset, cleanerOffset]

    public static func parse(_ bytes: [UInt8]) throws -> [TopicPartitionOffset] {
        try CheckpointText.parse(bytes).enumerated().map { index, fields in
            guard fields.count == 3, let partition = LogFileName.parseJavaInt(fields[1]),
                  let offset = LogFileName.parseJavaLong(fields[2]) else {
                throw CheckpointText.Failure(line: index + 3, reason: "malformed entry \"\(fields.joined(separator: " "))\"")
            }
            return TopicPartitionOffset(topic: fields[0], partition: partition, offset: offset)
        }
    }

    public static func serialize(_ entries: [TopicPartitionOffset]) -> [UInt8] {
        CheckpointText.serialize(entries.map { "\($0.topic) \($0.partition) \($0.offset)" })
    }
}

/// An entry of `leader-epoch-checkpoint`: the first offset written in a leader epoch.
public struct EpochEntry: Equatable, Sendable {
    public var epoch: Int32
    public var startOffset: Int64
    public init(epoch: Int32, startOffset: Int64) { self.epoch = epoch; self.startOffset = startOffset }
}

public enum LeaderEpochCheckpointFile {
    public static let name = "leader-epoch-checkpoint"

    public static func parse(_ bytes: [UInt8]) throws -> [EpochEntry] {
        try CheckpointText.parse(bytes).enumerated().map { index, fields in
            guard fields.count == 2, let epoch = LogFileName.parseJavaInt(fields[0]),
                  let offset = LogFileName.parseJavaLong(fields[1]) else {
                throw CheckpointText.Failure(line: index + 3, reason: "malformed entry \"\(fields.joined(separator: " "))\"")
            }
            return EpochEntry(epoch: epoch, startOffset: offset)
        }
    }

    public static func serialize(_ entries: [EpochEntry]) -> [UInt8] {
        CheckpointText.serialize(entries.map { "\($0.epoch) \($0.startOffset)" })
    }
}
