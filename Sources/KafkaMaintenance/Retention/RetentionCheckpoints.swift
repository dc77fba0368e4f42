import KafkaLog

/// The two log-directory checkpoints retention reads (maintenance spec §0.4, §1.2): the high
/// watermarks in `replication-offset-checkpoint` and the log start offsets in
/// `log-start-offset-checkpoint`. A missing file has no entries; a garbled one is an error naming the
/// file, the byte and the line, because acting on a guess could delete committed data.
public struct RetentionCheckpoints: Sendable {
    public var logDirectory: String
    /// High watermarks by partition; empty when the file is missing.
    public var highWatermarks: [TopicPartitionKey: Int64]
    public var highWatermarkFileExists: Bool
    /// `log-start-offset-checkpoint` as read, in file order (a later duplicate wins, as in Kafka).
    public var logStartEntries: [TopicPartitionOffset]
    public var logStartOffsets: [TopicPartitionKey: Int64]

    public init(logDirectory: String, highWatermarks: [TopicPartitionKey: Int64] = [:], highWatermarkFileExists: Bool = false,
                logStartEntries: [TopicPartitionOffset] = []) {
        self.logDirectory = logDirectory
        self.highWatermarks = highWatermarks
        self.highWatermarkFileExists = highWatermarkFileExists
        self.logStartEntries = logStartEntries
        self.logStartOffsets = Self.byPartition(logStartEntries)
    }

    /// Reads both files of `logDirectory`.
    public static func read(logDirectory: String) throws -> RetentionCheckpoints {
        let replication = try readEntries(FileSystem.join(logDirectory, OffsetCheckpointFile.replication))
        let logStart = try readEntries(FileSystem.join(logDirectory, OffsetCheckpointFile.logStartOffset))
        return RetentionCheckpoints(logDirectory: logDirectory, highWatermarks: byPartition(replication ?? []),
                                    highWatermarkFileExists: replication != nil, logStartEntries: logStart ?? [])
    }

    /// The entries of an offset checkpoint file, nil when it does not exist.
    public static func readEntries(_ path: String) throws -> [TopicPartitionOffset]? {
        guard FileSystem.exists(path) else { return nil }
        let bytes = try ReadOnlyFile(path: path).readAll(limit: 256 << 20)
        do {
            return try OffsetCheckpointFile.parse(bytes)
        } catch let failure as CheckpointText.Failure {
            throw LogError.corrupt(path: path, position: byteOffset(ofLine: failure.line, in: bytes), reason: failure.description)
        }
    }

    /// `log-start-offset-checkpoint` with the entries of `changes` replaced (nil removes an entry),
    /// every other entry kept as it was and where it was.
    public func logStartEntries(applying changes: [TopicPartitionKey: Int64?]) -> [TopicPartitionOffset] {
        var pending = changes
        var entries: [TopicPartitionOffset] = []
        for entry in logStartEntries {
            let key = TopicPartitionKey(topic: entry.topic, partition: entry.partition)
            guard let change = pending[key] else { entries.append(entry); continue }
            if let offset = change { entries.append(TopicPartitionOffset(topic: entry.topic, partition: entry.partition, offset: offset)) }
            // A duplicate line for the same partition (Kafka keeps the last) is dropped with the first.
            pending[key] = .some(nil)
        }
        for (key, change) in pending.sorted(by: { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }) {
            guard let offset = change else { continue }  // nil: removed, or already replaced in place
            entries.append(TopicPartitionOffset(topic: key.topic, partition: key.partition, offset: offset))
        }
        return entries
    }

    static func byPartition(_ entries: [TopicPartitionOffset]) -> [TopicPartitionKey: Int64] {
        var map: [TopicPartitionKey: Int64] = [:]
        for entry in entries { map[TopicPartitionKey(topic: entry.topic, partition: entry.partition)] = entry.offset }
        return map
    }

    /// The byte at which 1-based `line` starts.
    static func byteOffset(ofLine line: Int, in bytes: [UInt8]) -> Int {
        var current = 1
        var i = 0
        while current < line && i < bytes.count {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) { current += 1 }
            i += 1
        }
        return i
    }
}

/// A topic partition, as checkpoint files name it.
public struct TopicPartitionKey: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
    public var description: String { "\(topic)-\(partition)" }
}
