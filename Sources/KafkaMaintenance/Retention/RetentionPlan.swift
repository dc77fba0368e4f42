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

/// Settings of a retention run.
public struct RetentionOptions: Sendable {
    public var configs: TopicConfigSet
    /// `now`, taken once for the whole run.
    public var nowMs: Int64
    /// The high watermark of a partition without an entry in `replication-offset-checkpoint`.
    public var missingHighWatermark: MissingHighWatermark
    /// Apply retention to partitions whose last segment ends in an invalid batch, as Kafka's recovery
    /// would leave them (the last segment itself is kept).
    public var asRecovered: Bool

    public init(configs: TopicConfigSet = TopicConfigSet(), nowMs: Int64, missingHighWatermark: MissingHighWatermark = .logStartOffset,
                asRecovered: Bool = false) {
        self.configs = configs
        self.nowMs = nowMs
        self.missingHighWatermark = missingHighWatermark
        self.asRecovered = asRecovered
    }
}

/// What stands for a high watermark that `replication-offset-checkpoint` does not have.
public enum MissingHighWatermark: String, Sendable, CaseIterable {
    /// Kafka's choice at start-up: nothing above the log start offset becomes deletable.
    case logStartOffset = "log-start"
    /// The operator says every offset is committed (e.g. a single-replica topic).
    case logEndOffset = "log-end"
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

/// Collects what a plan needs, refusing as soon as the data forbids acting.
struct PlanBuilder {
    let directory: String
    let key: TopicPartitionKey
    let config: TopicConfig
    let options: RetentionOptions
    let rules: [RetentionRule]
    let policyNote: String?
    var segments: [SegmentMetadata] = []
    var snapshotOffsets: [Int64] = []
    var leftovers: [LeftoverRecovery.Action] = []
    var logStartOffset: Int64 = 0
    var logStartEntry: Int64?
    var logEnd: LogEndScan?
    var highWatermark: HighWatermark?
    var leaderEpochs: [EpochEntry]?
    var refusal: RetentionRefusal?
    var findings: [String] = []
    var pinnedLastSegment: KeepReason?

    init(directory: String, key: TopicPartitionKey, config: TopicConfig, options: RetentionOptions) {
        self.directory = directory
        self.key = key
        self.config = config
        self.options = options
        rules = RetentionRules.applicable(to: config, cleanerEnabled: options.configs.cleaner.enabled)
        policyNote = Self.policyNote(config, cleanerEnabled: options.configs.cleaner.enabled)
    }

    static func policyNote(_ config: TopicConfig, cleanerEnabled: Bool) -> String? {
        if config.compacts && !cleanerEnabled { return "log.cleaner.enable=false: Kafka applies no retention to topics whose cleanup.policy contains compact" }
        if config.deletes { return nil }
        return config.compacts ? "cleanup.policy=compact: only the log-start-offset rule applies"
                               : "cleanup.policy is empty: only the log-start-offset rule applies"
    }

    mutating func refuse(_ kind: RetentionRefusal.Kind, _ detail: String) {
        if refusal == nil { refusal = RetentionRefusal(kind: kind, detail: detail) }
    }

    mutating func read(checkpoints: RetentionCheckpoints) throws {
        let listing = try PartitionSegments(directory: directory)
        snapshotOffsets = listing.snapshotOffsets
        leftovers = try LeftoverRecovery.plan(partition: directory)
        if config.remoteStorageEnable {
            refuse(.tieredStorage, "remote.storage.enable=true: Kafka deletes only segments already copied to remote storage, which cannot be known offline")
        }
        guard let lastFiles = listing.segments.last else {
            refuse(.noSegments, "no segments (.log files)")
            return
        }
        for files in listing.segments {
            let metadata = try SegmentMetadata.read(files, isLast: files == lastFiles)
            if let invalid = metadata.invalidData {
                refuse(.corruptSegment, "\(files.log): at byte \(invalid.position): \(invalid.reason); the broker rebuilds this segment (it has no offset index) and truncates it there")
            }
            segments.append(metadata)
        }
        let scan = try LogEndScan.scan(lastFiles)
        logEnd = scan
        segments[segments.count - 1].include(scan)
        if let note = scan.note { segments[segments.count - 1].notes.append(note) }

        logStartEntry = checkpoints.logStartOffsets[key]
        logStartOffset = max(logStartEntry ?? .min, segments[0].baseOffset)

        if let invalid = scan.invalidTail {
            let where_ = "\(lastFiles.log): at byte \(invalid.position): \(invalid.reason)"
            if options.asRecovered {
                findings.append("\(where_); judged as Kafka's recovery would leave it (log end offset \(scan.nextOffset), \(scan.validBytes) bytes), the last segment kept")
                pinnedLastSegment = .logEndUnknown
                segments[segments.count - 1].size = Int64(scan.validBytes)
            } else {
                refuse(.logEndUnknown, "\(where_); the log end offset is unknown until the broker's recovery truncates the segment (--as-recovered applies retention to the older segments)")
            }
        }
        let logEndOffset = scan.nextOffset
        if logStartOffset > logEndOffset {
            refuse(.logStartAboveLogEnd, "log start offset \(logStartOffset) (log-start-offset-checkpoint) is above the log end offset \(logEndOffset); the broker deletes every segment of such a log at start-up")
        }

        let checkpointHW = checkpoints.highWatermarks[key]
        var hw: Int64
        let source: HighWatermark.Source
        if let checkpointHW {
            (hw, source) = (checkpointHW, .checkpoint)
        } else if options.missingHighWatermark == .logEndOffset {
            (hw, source) = (logEndOffset, .missingAsLogEnd)
        } else {
            (hw, source) = (logStartOffset, .missingAsLogStart)
        }
        // Kafka's `updateHighWatermark`: at least the log start offset, at most the log end offset.
        if hw < logStartOffset { hw = logStartOffset } else if hw > logEndOffset { hw = logEndOffset }
        highWatermark = HighWatermark(offset: hw, source: source, checkpointValue: checkpointHW)

        let epochPath = FileSystem.join(directory, LeaderEpochCheckpointFile.name)
        if FileSystem.exists(epochPath) {
            let bytes = try ReadOnlyFile(path: epochPath).readAll(limit: 64 << 20)
            do {
                leaderEpochs = try LeaderEpochCheckpointFile.parse(bytes)
            } catch let failure as CheckpointText.Failure {
                refuse(.leaderEpochCheckpoint, "\(epochPath): at byte \(RetentionCheckpoints.byteOffset(ofLine: failure.line, in: bytes)): \(failure)")
            }
        }
    }

    func plan() -> PartitionRetentionPlan {
        let logEndOffset = logEnd?.nextOffset ?? 0
        var outcome: RetentionOutcome
        if let refusal {
            let verdicts = segments.indices.map { i in
                SegmentVerdict(rule: nil, keepReason: .refused, detail: refusal.detail,
                               nextOffset: i + 1 < segments.count ? segments[i + 1].baseOffset : logEndOffset)
            }
            outcome = RetentionOutcome(verdicts: verdicts, logStartOffset: logStartOffset, rolledSegmentBaseOffset: nil)
        } else {
            var inputs = RetentionInputs(
                segments: segments.map { RetentionSegment(baseOffset: $0.baseOffset, size: $0.size, largestTimestamp: $0.largestTimestamp) },
                logStartOffset: logStartOffset, highWatermark: highWatermark!.offset, logEndOffset: logEndOffset, rules: rules,
                retentionMs: config.retentionMs, retentionBytes: config.retentionBytes, nowMs: options.nowMs,
                pinnedLastSegment: pinnedLastSegment, policyNote: policyNote)
            outcome = RetentionRules.evaluate(inputs)
            // Deleting every segment rolls a new one, and the broker snapshots producer state at its base.
            // Offline that snapshot must already exist (a clean shutdown writes it); without it, the last
            // segment stays so that the broker can rebuild producer state from it.
            if let rolled = outcome.rolledSegmentBaseOffset, !snapshotOffsets.contains(rolled) {
                inputs.pinnedLastSegment = .noProducerSnapshot
                outcome = RetentionRules.evaluate(inputs)
            }
        }
        let deleted = outcome.deletedCount
        let firstRemaining = outcome.rolledSegmentBaseOffset ?? (deleted < segments.count ? segments[deleted].baseOffset : logEndOffset)
        let newStart = outcome.logStartOffset
        var epochChange: ([EpochEntry], [EpochEntry])?
        if refusal == nil, let leaderEpochs {
            let truncated = LeaderEpochTruncation.truncatedFromStart(leaderEpochs, startOffset: newStart)
            if truncated != leaderEpochs { epochChange = (leaderEpochs, truncated) }
        }
        return PartitionRetentionPlan(
            directory: directory, topicPartition: key, config: config, rules: rules, policyNote: policyNote,
            segments: segments, snapshotOffsets: snapshotOffsets, verdicts: outcome.verdicts,
            logStartOffset: logStartOffset, logStartCheckpointEntry: logStartEntry, highWatermark: highWatermark, logEnd: logEnd,
            newLogStartOffset: newStart,
            newLogStartCheckpointEntry: refusal != nil ? logStartEntry : (newStart > firstRemaining ? newStart : nil),
            rolledSegmentBaseOffset: outcome.rolledSegmentBaseOffset, leaderEpochChange: epochChange, leftovers: leftovers,
            refusal: refusal, findings: findings)
    }
}

/// Kafka's `LeaderEpochFileCache.truncateFromStart`: epochs are kept in epoch order; the leading
/// entries that start at or below the new log start offset go, and the last of them comes back
/// re-based to start there.
public enum LeaderEpochTruncation {
    public static func truncatedFromStart(_ entries: [EpochEntry], startOffset: Int64) -> [EpochEntry] {
        var byEpoch: [Int32: EpochEntry] = [:]
        for entry in entries { byEpoch[entry.epoch] = entry }
        var sorted = byEpoch.values.sorted { $0.epoch < $1.epoch }
        var lastRemoved: EpochEntry?
        while let first = sorted.first, first.startOffset <= startOffset {
            lastRemoved = sorted.removeFirst()
        }
        if let lastRemoved { sorted.insert(EpochEntry(epoch: lastRemoved.epoch, startOffset: startOffset), at: 0) }
        return sorted
    }
}
