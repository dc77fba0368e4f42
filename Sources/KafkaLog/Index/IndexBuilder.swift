import KafkaRecords

/// Kafka's rule for when offset- and time-index entries are written (dump-and-index §12–§13,
/// maintenance §0.5). The one implementation of it: appending, rebuilding and compaction all feed
/// their writes through an `IndexBuilder`, so they produce byte-identical indexes.
public struct IndexBuilder {
    public let baseOffset: Int64
    public let indexIntervalBytes: Int
    /// `segment.index.bytes`: bounds the number of entries as Kafka's preallocated files do.
    public let maxIndexSize: Int

    public private(set) var offsetEntries: [OffsetPosition] = []
    public private(set) var timeEntries: [TimestampOffset] = []
    /// Largest batch max-timestamp seen so far, and the last offset of the first batch that had it.
    public private(set) var maxTimestampSoFar: Int64 = -1
    public private(set) var offsetOfMaxTimestampSoFar: Int64
    private var bytesSinceLastIndexEntry = 0

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case offsetOverflow(offset: Int64, base: Int64)
        /// A batch beyond 2 GiB into its segment: index positions are 32-bit.
        case positionOverflow(position: Int)
        case indexFull(time: Bool, entries: Int)
        case nonIncreasingOffset(offset: Int64, last: Int64)

        public var description: String {
            switch self {
            case let .offsetOverflow(offset, base):
                return "offset \(offset) cannot be stored relative to the segment base offset \(base) (offset overflow)"
            case let .positionOverflow(position):
                return "position \(position) does not fit a 32-bit index entry (segment larger than 2 GiB)"
            case let .indexFull(time, entries):
                return time ? "Attempt to append to a full time index (size = \(entries))." : "Attempt to append to a full index (size = \(entries))."
            case let .nonIncreasingOffset(offset, last):
                return "Attempt to append an offset \(offset) no larger than the last offset appended (\(last))"
            }
        }
    }

    public init(baseOffset: Int64, indexIntervalBytes: Int = 4096, maxIndexSize: Int = 10_485_760) {
        self.baseOffset = baseOffset
        self.indexIntervalBytes = indexIntervalBytes
        self.maxIndexSize = maxIndexSize
        self.offsetOfMaxTimestampSoFar = baseOffset
    }

    var maxOffsetEntries: Int { maxIndexSize / OffsetIndexView.entrySize }
    var maxTimeEntries: Int { maxIndexSize / TimeIndexView.entrySize }

    /// One write of `size` bytes at `position` (one batch for a leader or a rebuild; a chunk of
    /// batches for the cleaner or a follower): `lastOffset` is the chunk's last offset,
    /// `maxTimestamp` its largest batch max-timestamp, `offsetOfMaxTimestamp` the last offset of
    /// the first batch carrying it.
    public mutating func append(position: Int, size: Int, lastOffset: Int64, maxTimestamp: Int64, offsetOfMaxTimestamp: Int64) throws(Failure) {
        for offset in [lastOffset, offsetOfMaxTimestamp] where Self.relativeOffset(offset, base: baseOffset) == nil {
            throw .offsetOverflow(offset: offset, base: baseOffset)
        }
        if maxTimestamp > maxTimestampSoFar {
            maxTimestampSoFar = maxTimestamp
            offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp
        }
        if bytesSinceLastIndexEntry > indexIntervalBytes {
            guard let storedPosition = Int32(exactly: position) else { throw .positionOverflow(position: position) }
            try appendOffsetEntry(OffsetPosition(offset: lastOffset, position: storedPosition))
            try offerTimeEntry(TimestampOffset(timestamp: maxTimestampSoFar, offset: offsetOfMaxTimestampSoFar), skipFullCheck: false)
            bytesSinceLastIndexEntry = 0
        }
        bytesSinceLastIndexEntry += size
    }

    /// One batch as its own write: the canonical form of rebuilt and leader-written indexes.
    public mutating func append(batch: FileBatch, at position: Int) throws(Failure) {
        try append(position: position, size: batch.sizeInBytes, lastOffset: batch.lastOffset,
                   maxTimestamp: batch.maxTimestamp, offsetOfMaxTimestamp: batch.lastOffset)
    }

    /// `offset - base` when it fits an index entry's 32-bit relative offset (0 through Int32.max),
    /// nil otherwise; both values come from disk, so the subtraction itself may overflow.
    public static func relativeOffset(_ offset: Int64, base: Int64) -> Int32? {
        let (difference, overflow) = offset.subtractingReportingOverflow(base)
        guard !overflow, difference >= 0 else { return nil }
        return Int32(exactly: difference)
    }

    /// The final time-index entry offered when a segment is rolled or closed (§12.3).
    public mutating func finish() throws(Failure) {
        try offerTimeEntry(TimestampOffset(timestamp: maxTimestampSoFar, offset: offsetOfMaxTimestampSoFar), skipFullCheck: true)
    }

    private mutating func appendOffsetEntry(_ entry: OffsetPosition) throws(Failure) {
        if offsetEntries.count >= maxOffsetEntries { throw .indexFull(time: false, entries: offsetEntries.count) }
        if let last = offsetEntries.last, entry.offset <= last.offset {
            throw .nonIncreasingOffset(offset: entry.offset, last: last.offset)
        }
        offsetEntries.append(entry)
    }

    private mutating func offerTimeEntry(_ entry: TimestampOffset, skipFullCheck: Bool) throws(Failure) {
        let lastTimestamp = timeEntries.last?.timestamp ?? -1
        guard entry.timestamp > lastTimestamp else { return }
        if !skipFullCheck && timeEntries.count >= maxTimeEntries - 1 { throw .indexFull(time: true, entries: timeEntries.count) }
        timeEntries.append(entry)
    }

    /// The trimmed `.index` bytes (what a rolled segment holds).
    public var offsetIndexBytes: [UInt8] {
        var buffer = ByteBuffer(capacity: offsetEntries.count * 8 + 8)
        for e in offsetEntries {
            // In range: `append` accepted only offsets with a 32-bit relative offset.
            buffer.appendInt32BE(Int32(truncatingIfNeeded: e.offset &- baseOffset))
            buffer.appendInt32BE(e.position)
        }
        return buffer.toArray()
    }

    /// The trimmed `.timeindex` bytes.
    public var timeIndexBytes: [UInt8] {
        var buffer = ByteBuffer(capacity: timeEntries.count * 12 + 12)
        for e in timeEntries {
            buffer.appendInt64BE(e.timestamp)
            // In range: `append` accepted only offsets with a 32-bit relative offset.
            buffer.appendInt32BE(Int32(truncatingIfNeeded: e.offset &- baseOffset))
        }
        return buffer.toArray()
    }
}
