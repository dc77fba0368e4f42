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
        let replication = try OffsetCheckpointFile.readIfPresent(FileSystem.join(logDirectory, OffsetCheckpointFile.replication))
        let logStart = try OffsetCheckpointFile.readIfPresent(FileSystem.join(logDirectory, OffsetCheckpointFile.logStartOffset))
        return RetentionCheckpoints(logDirectory: logDirectory, highWatermarks: byPartition(replication ?? []),
                                    highWatermarkFileExists: replication != nil, logStartEntries: logStart ?? [])
    }

    static func byPartition(_ entries: [TopicPartitionOffset]) -> [TopicPartitionKey: Int64] {
        var map: [TopicPartitionKey: Int64] = [:]
        for entry in entries { map[TopicPartitionKey(topic: entry.topic, partition: entry.partition)] = entry.offset }
        return map
    }
}
