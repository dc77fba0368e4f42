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
    @inlinable public subscript(i: Int) -> TimestampOffset { Self.entry(at: bytes.baseAddress! + i * Self.entrySize, baseOffset: baseOffset) }

    public var writtenEntryCount: Int { Self.writtenEntryCount(count: count) { (timestamp($0), relativeOffset($0)) } }

    public func sanityCheckFailure(path: String) -> String? {
        Self.sanityCheckFailure(path: path, baseOffset: baseOffset, byteCount: bytes.count,
                                firstAndLast: count == 0 ? nil : (timestamp(0), self[count - 1]))
    }

    public func lookup(_ target: Int64, entries: Int? = nil) -> TimestampOffset {
        Self.lookup(target, count: entries ?? count, baseOffset: baseOffset, timestamp: timestamp) { self[$0] }
    }

    // The rules, over any way of reading entries (memory here, a windowed file in `TimeIndexFile`).

    /// The entry stored at `p`; the offset wraps as Kafka's `TimeIndex.parseEntry` (Java `long`
    /// arithmetic) does.
    @inlinable
    public static func entry(at p: UnsafeRawPointer, baseOffset: Int64) -> TimestampOffset {
        TimestampOffset(timestamp: p.int64BE(at: 0), offset: baseOffset &+ Int64(p.int32BE(at: 8)))
    }

    /// Entries actually written: timestamps strictly increase and offsets do not decrease; a
    /// zero-filled slot ends the list (and an all-zero slot 0 is padding).
    public static func writtenEntryCount(count: Int, raw: (Int) throws -> (timestamp: Int64, relativeOffset: Int32)) rethrows -> Int {
        var n = 0
        var previous: (timestamp: Int64, relativeOffset: Int32)?
        while n < count {
            let entry = try raw(n)
            if let previous {
                if entry.timestamp <= previous.timestamp || entry.relativeOffset < previous.relativeOffset { break }
            } else if entry.timestamp == 0 && entry.relativeOffset == 0 {
                break
            }
            previous = entry
            n += 1
        }
        return n
    }

    /// Kafka's sanity check (§14.2) from what it looks at, the first timestamp, the last slot and the
    /// length; returns the exception message, or nil.
    public static func sanityCheckFailure(path: String, baseOffset: Int64, byteCount: Int,
                                          firstAndLast: (firstTimestamp: Int64, last: TimestampOffset)?) -> String? {
        if let (first, last) = firstAndLast {
            if last.timestamp < first {
                return "Corrupt time index found, time index file (\(path)) has non-zero size but the last timestamp is \(last.timestamp) which is less than the first timestamp \(first)"
            }
            if last.offset < baseOffset {
                return "Corrupt time index found, time index file (\(path)) has non-zero size but the last offset is \(last.offset) which is less than the first offset \(baseOffset)"
            }
        }
        if byteCount % entrySize != 0 {
            return "Time index file \(path) is corrupt, found \(byteCount) bytes which is neither positive nor a multiple of \(entrySize)"
        }
        return nil
    }

    /// The entry with the largest timestamp ≤ `target`, or `(−1, base)` (Kafka's `TimeIndex.lookup`).
    public static func lookup(_ target: Int64, count: Int, baseOffset: Int64, timestamp: (Int) throws -> Int64,
                              entry: (Int) throws -> TimestampOffset) rethrows -> TimestampOffset {
        guard let slot = try IndexSearch.largestLowerBound(count: count, entrySize: entrySize, target: target, key: timestamp) else {
            return TimestampOffset(timestamp: -1, offset: baseOffset)
        }
        return try entry(slot)
    }
}

/// A time index file read through a bounded window (`IndexFile`), with the rules of `TimeIndexView`.
public struct TimeIndexFile {
    public let file: IndexFile
    public let baseOffset: Int64
    static let size = TimeIndexView.entrySize

    public init(path: String, baseOffset: Int64) throws { (file, self.baseOffset) = (try IndexFile(path: path), baseOffset) }

    /// Slots in the file (Kafka's `entries`).
    public var count: Int { file.byteCount / Self.size }

    public func entry(_ i: Int) throws -> TimestampOffset { TimeIndexView.entry(at: try file.entry(i, size: Self.size), baseOffset: baseOffset) }

    public func timestamp(_ i: Int) throws -> Int64 { try file.entry(i, size: Self.size).int64BE(at: 0) }

    public func writtenEntryCount() throws -> Int {
        try TimeIndexView.writtenEntryCount(count: count) { i in
            let p = try file.entry(i, size: Self.size)
            return (p.int64BE(at: 0), p.int32BE(at: 8))
        }
    }

    /// The sanity check of the file's first `entries` slots (all by default), as if it ended there.
    public func sanityCheckFailure(path: String, entries: Int? = nil) throws -> String? {
        let n = entries ?? count
        return TimeIndexView.sanityCheckFailure(path: path, baseOffset: baseOffset, byteCount: entries.map { $0 * TimeIndexView.entrySize } ?? file.byteCount,
                                                firstAndLast: n == 0 ? nil : (try timestamp(0), try entry(n - 1)))
    }

    public func lookup(_ target: Int64, entries: Int? = nil) throws -> TimestampOffset {
        try TimeIndexView.lookup(target, count: entries ?? count, baseOffset: baseOffset, timestamp: timestamp, entry: entry)
    }
}
