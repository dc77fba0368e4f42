/// What a retention pass says about each segment: the rule that deletes it or the reason it stays.

/// A rule that can delete a segment.
public enum RetentionRule: String, Sendable, CaseIterable {
    /// Rule A: the whole segment lies below the log start offset.
    case logStartOffset = "log-start-offset"
    /// Rule B: the partition is larger than `retention.bytes` even without the segment.
    case retentionBytes = "retention.bytes"
    /// Rule C: the segment's largest timestamp is older than `retention.ms`.
    case retentionMs = "retention.ms"
}

/// Why a segment stays.
public enum KeepReason: String, Sendable, CaseIterable {
    /// It holds offsets at or above the high watermark.
    case highWatermark = "high-watermark"
    /// An older segment stays, and deletion only ever removes a prefix of the log.
    case notContiguous = "not-contiguous"
    /// No applicable rule's predicate holds.
    case ruleNotMet = "rule-not-met"
    /// The empty last segment is the active one; a log always keeps one segment.
    case lastEmptySegment = "last-empty-segment"
    /// The topic's `cleanup.policy` (or `log.cleaner.enable=false`) rules out the rules that would apply.
    case policy = "policy"
    /// The last segment ends in an invalid batch, so its log end offset is not known (kept for the broker's recovery).
    case logEndUnknown = "log-end-unknown"
    /// Deleting the last segment needs a producer snapshot at the log end, and there is none.
    case noProducerSnapshot = "no-producer-snapshot"
    /// The whole partition was refused (see the partition's reason).
    case refused = "refused"
}

/// The verdict on one segment.
public struct SegmentVerdict: Sendable, Equatable {
    /// The rule that deletes the segment, nil when it stays.
    public var rule: RetentionRule?
    /// Why it stays, nil when it goes.
    public var keepReason: KeepReason?
    /// The values behind the verdict, in words.
    public var detail: String
    /// The segment's upper offset: the next segment's base, or the log end for the last one.
    public var nextOffset: Int64

    public var deletes: Bool { rule != nil }
}

/// The result of a retention pass.
public struct RetentionOutcome: Sendable, Equatable {
    /// One verdict per input segment, in order; the deleted ones are a prefix.
    public var verdicts: [SegmentVerdict]
    /// Log start offset after the pass (never lower than before).
    public var logStartOffset: Int64
    /// The base offset of the empty segment rolled before deleting every segment, if that happens.
    public var rolledSegmentBaseOffset: Int64?

    public var deletedCount: Int { verdicts.prefix { $0.deletes }.count }
}
