/// One segment as retention sees it.
public struct RetentionSegment: Sendable, Equatable {
    public var baseOffset: Int64
    /// `.log` size in bytes (Kafka's `LogSegment.size`).
    public var size: Int64
    /// Kafka's `LogSegment.largestTimestamp`: the time index's last entry, else the `.log` mtime.
    public var largestTimestamp: Int64

    public init(baseOffset: Int64, size: Int64, largestTimestamp: Int64) {
        self.baseOffset = baseOffset
        self.size = size
        self.largestTimestamp = largestTimestamp
    }
}

/// Everything one retention pass over a partition depends on.
public struct RetentionInputs: Sendable {
    /// Segments in offset order (at least one).
    public var segments: [RetentionSegment]
    /// max(`log-start-offset-checkpoint` entry, first segment's base offset).
    public var logStartOffset: Int64
    /// Already clamped to [log start offset, log end offset].
    public var highWatermark: Int64
    public var logEndOffset: Int64
    /// Rules to run, in Kafka's order (see `RetentionRules.applicable`).
    public var rules: [RetentionRule]
    public var retentionMs: Int64
    public var retentionBytes: Int64
    public var nowMs: Int64
    /// Set when the last segment must stay whatever the rules say, and why.
    public var pinnedLastSegment: KeepReason?
    /// How the policy limits the rules, for reports (e.g. "cleanup.policy=compact: …"); nil when all apply.
    public var policyNote: String?

    public init(segments: [RetentionSegment], logStartOffset: Int64, highWatermark: Int64, logEndOffset: Int64,
                rules: [RetentionRule], retentionMs: Int64, retentionBytes: Int64, nowMs: Int64,
                pinnedLastSegment: KeepReason? = nil, policyNote: String? = nil) {
        self.segments = segments
        self.logStartOffset = logStartOffset
        self.highWatermark = highWatermark
        self.logEndOffset = logEndOffset
        self.rules = rules
        self.retentionMs = retentionMs
        self.retentionBytes = retentionBytes
        self.nowMs = nowMs
        self.pinnedLastSegment = pinnedLastSegment
        self.policyNote = policyNote
    }
}
