import KafkaRecords

/// One `.timeindex` entry: a timestamp and the absolute offset it maps to.
public struct TimestampOffset: Equatable, Sendable {
    public var timestamp: Int64
    public var offset: Int64
    public init(timestamp: Int64, offset: Int64) { self.timestamp = timestamp; self.offset = offset }
}

/// A read view of a time index file (12-byte entries: int64 timestamp, int32 relative offset).
public struct TimeIndexView {
    public static let entrySize = 12
    public let bytes: UnsafeRawBufferPointer
    public let baseOffset: Int64

    public init(bytes: UnsafeRawBufferPointer, baseOffset: Int64) {
        self.bytes = bytes
        self.baseOffset = baseOffset
    }

    @inlinable public var count: Int { bytes.count / Self.entrySize }
    @inlinable public func timestamp(_ i: Int) -> Int64 { bytes.baseAddress!.int64BE(at: i * Self.entrySize) }
    @inlinable public func relativeOffset(_ i: Int) -> Int32 { bytes.baseAddress!.int32BE(at: i * Self.entrySize + 8) }
    @inlinable public subscript(i: Int) -> TimestampOffset {
        TimestampOffset(timestamp: timestamp(i), offset: baseOffset + Int64(relativeOffset(i)))
    }

    /// Entries actually written: timestamps strictly increase and offsets do not decrease; a
    /// zero-filled slot ends the list (and an all-zero slot 0 is padding).
    public var writtenEntryCount: Int {
        var n = 0
        while n < count {
            if n == 0 {
                if timestamp(0) == 0 && relativeOffset(0) == 0 { break }
            } else if timestamp(n) <= timestamp(n - 1) || relativeOffset(n) < relativeOffset(n - 1) {
                break
            }
            n += 1
        }
        return n
    }

    /// Kafka's sanity check (§14.2); returns the exception message, or nil.
    public func sanityCheckFailure(path: String) -> String? {
        if count != 0 {
            let first = timestamp(0), lastEntry = self[count - 1]
            if lastEntry.timestamp < first {
                return "Corrupt time index found, time index file (\(path)) has non-zero size but the last timestamp is \(lastEntry.timestamp) which is less than the first timestamp \(first)"
            }
            if lastEntry.offset < baseOffset {
                return "Corrupt time index found, time index file (\(path)) has non-zero size but the last offset is \(lastEntry.offset) which is less than the first offset \(baseOffset)"
            }
        }
        if bytes.count % Self.entrySize != 0 {
            return "Time index file \(path) is corrupt, found \(bytes.count) bytes which is neither positive nor a multiple of \(Self.entrySize)"
        }
        return nil
    }

    /// The entry with the largest timestamp ≤ `target`, or `(−1, base)` (Kafka's `TimeIndex.lookup`).
    public func lookup(_ target: Int64, entries: Int? = nil) -> TimestampOffset {
        let n = entries ?? count
        guard let slot = IndexSearch.largestLowerBound(count: n, entrySize: Self.entrySize, target: target,
                                                         key: { self.timestamp($0) }) else {
            return TimestampOffset(timestamp: -1, offset: baseOffset)
        }
        return self[slot]
    }
}
