import KafkaLog
import KafkaRecords

/// The offsets one cleaning round covers (maintenance §2.1–2.2; `LogCleanerManager.cleanableOffsets`,
/// `LogToClean`, `maxCompactionDelay`): `[firstDirtyOffset, firstUncleanableOffset)`, with the reasons
/// for both ends and the figures the broker's cleaner uses to pick a partition.
public struct CleanableRange: Sendable {
    public enum FirstDirtySource: String, Sendable {
        /// The partition's `cleaner-offset-checkpoint` entry.
        case checkpoint = "cleaner-offset-checkpoint"
        /// No entry: the log start offset.
        case logStart = "log-start-offset"
        /// The entry lies below the log start offset (retention moved it): reset to the log start.
        case checkpointBelowLogStart = "checkpoint-below-log-start"
        /// The entry lies beyond the log end (the log was truncated): reset to the log start.
        case checkpointBeyondLogEnd = "checkpoint-beyond-log-end"
    }

    /// What stops cleaning: nothing at or after this offset is cleaned.
    public enum Bound: String, Sendable {
        case lastStableOffset = "last-stable-offset"
        case highWatermark = "high-watermark"
        case activeSegment = "active-segment"
        case minCompactionLag = "min.compaction.lag.ms"
    }

    public let firstDirtyOffset: Int64
    public let firstDirtySource: FirstDirtySource
    /// The smallest of the bounds, before alignment to a segment boundary.
    public let uncleanableOffset: Int64
    /// The bounds equal to `uncleanableOffset`.
    public let boundedBy: [Bound]
    /// `uncleanableOffset` aligned down to the base offset of the segment holding it: the round's `B`.
    public let firstUncleanableOffset: Int64
    public let cleanBytes: Int64
    public let cleanableBytes: Int64
    /// How far past `max.compaction.lag.ms` the oldest dirty segment is (0: not overdue).
    public let maxCompactionDelayMs: Int64
    public let minCleanableDirtyRatio: Double

    /// `cleanableBytes / (cleanBytes + cleanableBytes)`, 0 for an empty log.
    public var cleanableRatio: Double {
        let total = cleanBytes + cleanableBytes
        return total > 0 ? Double(cleanableBytes) / Double(total) : 0
    }

    /// Past `max.compaction.lag.ms`: the broker cleans it whatever its ratio.
    public var mustCompactNow: Bool { maxCompactionDelayMs > 0 }

    /// Whether the broker's cleaner would pick this partition now (`grabFilthiestCompactedLog`).
    public var brokerWouldClean: Bool {
        cleanBytes + cleanableBytes > 0 && ((mustCompactNow && cleanableBytes > 0) || cleanableRatio > minCleanableDirtyRatio)
    }

    /// The range has nothing to clean.
    public var isEmpty: Bool { firstUncleanableOffset <= firstDirtyOffset }

    /// True when the checkpoint entry is invalid and Kafka rewrites it to `firstDirtyOffset`.
    public var checkpointNeedsReset: Bool { firstDirtySource == .checkpointBelowLogStart || firstDirtySource == .checkpointBeyondLogEnd }

    public init(state: PartitionLogState, config: TopicConfig, now: Int64) throws {
        // First dirty offset.
        switch state.cleanerCheckpoint {
        case nil: (firstDirtyOffset, firstDirtySource) = (state.logStartOffset, .logStart)
        case let checkpoint? where checkpoint < state.logStartOffset: (firstDirtyOffset, firstDirtySource) = (state.logStartOffset, .checkpointBelowLogStart)
        case let checkpoint? where checkpoint > state.logEndOffset: (firstDirtyOffset, firstDirtySource) = (state.logStartOffset, .checkpointBeyondLogEnd)
        case let checkpoint?: (firstDirtyOffset, firstDirtySource) = (checkpoint, .checkpoint)
        }
        let firstDirty = firstDirtyOffset
        let dirtyNonActive = Self.nonActiveSegments(from: firstDirty, in: state)

        // First uncleanable offset.
        var bounds: [(Bound, Int64)] = [
            (state.firstUnstableOffset != nil ? .lastStableOffset : .highWatermark, state.lastStableOffset),
            (.activeSegment, state.activeSegment.baseOffset),
        ]
        let minLag = max(config.minCompactionLagMs, 0)
        if minLag > 0 {
            let horizon = now.subtractingReportingOverflow(minLag)
            for i in dirtyNonActive {
                let largest = try Self.largestTimestamp(state.segments[i])
                if horizon.overflow || largest > horizon.partialValue {
                    bounds.append((.minCompactionLag, state.segments[i].baseOffset))
                    break
                }
            }
        }
        let minimum = bounds.map(\.1).min()!
        let raw = max(firstDirty, minimum)
        uncleanableOffset = raw
        boundedBy = bounds.filter { $0.1 == minimum }.map(\.0)
        // Aligned to the segment that holds it (`calculateCleanableBytes`).
        let holding = state.segmentIndex(containing: raw) ?? 0
        let aligned = holding < state.segments.count - 1 ? state.segments[holding].baseOffset : state.activeSegment.baseOffset
        firstUncleanableOffset = aligned

        // Sizes and ratio (`LogToClean`).
        cleanBytes = state.segments.filter { $0.baseOffset < firstDirty }.reduce(0) { $0 + Int64($1.logSize) }
        cleanableBytes = state.segments(overlapping: min(firstDirty, aligned), aligned).reduce(Int64(0)) { $0 + Int64(state.segments[$1].logSize) }
        minCleanableDirtyRatio = config.minCleanableDirtyRatio

        // max.compaction.lag.ms: the oldest first-batch timestamp of the dirty, non-active segments.
        let maxLag = max(config.maxCompactionLagMs, 0)
        let cleanUntil = now.subtractingReportingOverflow(maxLag)
        var delay: Int64 = 0
        if !cleanUntil.overflow {
            var earliest = Int64.max
            for i in dirtyNonActive {
                if let first = try Self.firstBatchTimestamp(state.segments[i]), first > 0 { earliest = min(earliest, first) }
            }
            if earliest < cleanUntil.partialValue { delay = cleanUntil.partialValue - earliest }
        }
        maxCompactionDelayMs = delay
    }

    /// `nonActiveLogSegmentsFrom(offset)`: from the segment holding `offset` up to, not including,
    /// the active segment.
    static func nonActiveSegments(from offset: Int64, in state: PartitionLogState) -> Range<Int> {
        let last = state.segments.count - 1
        guard offset <= state.activeSegment.baseOffset else { return last..<last }
        let first = state.segmentIndex(containing: offset) ?? 0
        return min(first, last)..<last
    }

    /// `LogSegment.largestTimestamp`: the time index's last timestamp if it is ≥ 0, else the `.log` mtime.
    static func largestTimestamp(_ segment: PartitionLogState.Segment) throws -> Int64 {
        let entrySize = TimeIndexView.entrySize
        if segment.timeIndexSize >= entrySize {
            let file = try ReadOnlyFile(path: segment.files.timeIndex)
            var entry = [UInt8](repeating: 0, count: entrySize)
            let last = (file.size / entrySize - 1) * entrySize
            let n = try entry.withUnsafeMutableBytes { try file.read(at: last, count: entrySize, into: $0.baseAddress!) }
            if n == entrySize {
                let timestamp = entry.withUnsafeBytes { TimeIndexView(bytes: $0, baseOffset: segment.baseOffset).timestamp(0) }
                if timestamp >= 0 { return timestamp }
            }
        }
        return segment.lastModifiedMs
    }

    /// `LogSegment.getFirstBatchTimestamp`: the first batch's max timestamp, nil for an empty segment.
    static func firstBatchTimestamp(_ segment: PartitionLogState.Segment) throws -> Int64? {
        guard segment.logSize > 0 else { return nil }
        let file = try MappedFile(path: segment.files.log, windowSize: 1 << 16)
        var batches = LogBatchIterator(file: file)
        return try batches.next()?.maxTimestamp
    }
}
