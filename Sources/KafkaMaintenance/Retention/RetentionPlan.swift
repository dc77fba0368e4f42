import KafkaLog

/// What `kseg retention` would do to one partition, and why (maintenance spec §1.11 steps 1–4):
/// every segment with its size, largest timestamp and the rule that deletes it or the reason it
/// stays; the new log start offset; whether a new empty segment is rolled first; the checkpoint
/// entries that change. Computing a plan reads only metadata: directory listings, `stat`s, the last
/// slots of the indexes and the batches after the last segment's last offset-index entry.
public struct PartitionRetentionPlan: Sendable {
    public let directory: String
    public let topicPartition: TopicPartitionKey
    public let config: TopicConfig
    /// The rules Kafka runs for this topic, in order.
    public let rules: [RetentionRule]
    /// How the policy limits the rules, in words (nil when all three apply).
    public let policyNote: String?
    public let segments: [SegmentMetadata]
    public let snapshotOffsets: [Int64]
    /// One verdict per segment.
    public let verdicts: [SegmentVerdict]
    /// max(checkpoint entry, first base offset).
    public let logStartOffset: Int64
    /// The `log-start-offset-checkpoint` entry as read (nil: none).
    public let logStartCheckpointEntry: Int64?
    public let highWatermark: HighWatermark?
    /// The last segment's scan (nil when the partition has no segment).
    public let logEnd: LogEndScan?
    /// The log start offset after the pass.
    public let newLogStartOffset: Int64
    /// The entry Kafka would write for this partition after the pass (nil: no entry).
    public let newLogStartCheckpointEntry: Int64?
    /// Base offset of the empty segment rolled before everything else is deleted.
    public let rolledSegmentBaseOffset: Int64?
    /// `leader-epoch-checkpoint` before and after Kafka's `truncateFromStart`, when that changes it.
    public let leaderEpochChange: (old: [EpochEntry], new: [EpochEntry])?
    /// Leftovers of interrupted deletions and compactions that `--execute` first clears as the broker would.
    public let leftovers: [LeftoverRecovery.Action]
    /// Why nothing may be done to this partition, when that is so.
    public let refusal: RetentionRefusal?
    /// Data problems found while planning (reported, exit status 1), also when planning went ahead.
    public let findings: [String]

    public var deletedSegments: ArraySlice<SegmentMetadata> { segments.prefix(verdicts.prefix { $0.deletes }.count) }
    public var bytesDeleted: Int64 { deletedSegments.reduce(0) { $0 + $1.size } }
    public var logStartCheckpointChanges: Bool { logStartCheckpointEntry != newLogStartCheckpointEntry }
    /// True when executing the plan changes something.
    public var hasChanges: Bool {
        refusal == nil && (!deletedSegments.isEmpty || logStartCheckpointChanges || leaderEpochChange != nil)
    }
}

/// The high watermark retention used, and where it came from.
public struct HighWatermark: Sendable, Equatable {
    public enum Source: String, Sendable {
        case checkpoint = "replication-offset-checkpoint"
        /// No entry: the log start offset (Kafka's start-up value).
        case missingAsLogStart = "missing: log start offset"
        /// No entry: the log end offset (`--missing-high-watermark log-end`).
        case missingAsLogEnd = "missing: log end offset"
    }
    /// The value used, clamped to [log start offset, log end offset] as Kafka clamps it.
    public var offset: Int64
    public var source: Source
    /// The checkpoint's value before clamping, when there was one.
    public var checkpointValue: Int64?
}

/// Why a partition is left alone.
public struct RetentionRefusal: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case tieredStorage = "tiered-storage"
        case logEndUnknown = "log-end-unknown"
        case logStartAboveLogEnd = "log-start-above-log-end"
        case corruptSegment = "corrupt-segment"
        case leaderEpochCheckpoint = "leader-epoch-checkpoint"
        case noSegments = "no-segments"
    }
    public var kind: Kind
    public var detail: String
}

extension PartitionRetentionPlan {
    /// Plans retention for the partition directory `directory`, whose log directory's checkpoints are
    /// `checkpoints`. Reads only. Throws for failures to read; data that forbids acting becomes a
    /// `refusal`.
    public static func make(partition directory: String, checkpoints: RetentionCheckpoints, options: RetentionOptions) throws -> PartitionRetentionPlan {
        let name = LogFileName.fileName(of: directory)
        guard let parsed = PartitionDirectoryName(name), parsed.isPlain else {
            throw LogError.badName(path: directory, reason: "not a live partition directory (<topic>-<partition>); kseg never touches -delete, -future or -stray directories")
        }
        var builder = PlanBuilder(directory: directory, key: TopicPartitionKey(topic: parsed.topic, partition: parsed.partition),
                                  config: try options.configs.config(forTopic: parsed.topic), options: options)
        try builder.read(checkpoints: checkpoints)
        return builder.plan()
    }
}
