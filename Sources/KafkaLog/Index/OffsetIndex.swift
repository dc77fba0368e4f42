import KafkaRecords

/// One `.index` entry: an absolute offset and the byte position of a batch in the `.log`.
public struct OffsetPosition: Equatable, Sendable {
    public var offset: Int64
    public var position: Int32
    public init(offset: Int64, position: Int32) { self.offset = offset; self.position = position }
}

/// A read view of an offset index file (8-byte entries: int32 relative offset, int32 position).
///
/// Like Kafka's `OffsetIndex` it counts every whole 8-byte slot as an entry, including the zero slots of
/// a preallocated file; `writtenEntryCount` applies the stronger rules that tell written entries
/// from padding.
public struct OffsetIndexView {
    public static let entrySize = 8
    public let bytes: UnsafeRawBufferPointer
    public let baseOffset: Int64

    public init(bytes: UnsafeRawBufferPointer, baseOffset: Int64) {
        self.bytes = bytes
        self.baseOffset = baseOffset
    }

    /// Slots in the file (Kafka's `entries`).
    @inlinable public var count: Int { bytes.count / Self.entrySize }

    @inlinable public func relativeOffset(_ i: Int) -> Int32 { bytes.baseAddress!.int32BE(at: i * Self.entrySize) }
    @inlinable public func position(_ i: Int) -> Int32 { bytes.baseAddress!.int32BE(at: i * Self.entrySize + 4) }
    @inlinable public subscript(i: Int) -> OffsetPosition { Self.entry(at: bytes.baseAddress! + i * Self.entrySize, baseOffset: baseOffset) }

    public var writtenEntryCount: Int { Self.writtenEntryCount(count: count) { (relativeOffset($0), position($0)) } }

    public func sanityCheckFailure(path: String) -> String? {
        Self.sanityCheckFailure(path: path, baseOffset: baseOffset, byteCount: bytes.count, last: count == 0 ? nil : self[count - 1])
    }

    public func lookup(_ target: Int64, entries: Int? = nil) -> OffsetPosition {
        Self.lookup(target, count: entries ?? count, baseOffset: baseOffset) { self[$0] }
    }

    // The rules, over any way of reading entries (memory here, a windowed file in `OffsetIndexFile`).

    /// The entry stored at `p`: `baseOffset + relativeOffset` in Java `long` arithmetic, which wraps
    /// (a base offset near Long.MAX_VALUE in the file name), as Kafka's `OffsetIndex.parseEntry` does.
    @inlinable
    public static func entry(at p: UnsafeRawPointer, baseOffset: Int64) -> OffsetPosition {
        OffsetPosition(offset: baseOffset &+ Int64(p.int32BE(at: 0)), position: p.int32BE(at: 4))
    }

    /// Entries actually written: stops at the first slot (after slot 0) whose position is 0 or whose
    /// relative offset or position does not increase — a zero slot of preallocation, or garbage.
    public static func writtenEntryCount(count: Int, raw: (Int) throws -> (relativeOffset: Int32, position: Int32)) rethrows -> Int {
        var n = 0
        var previous: (relativeOffset: Int32, position: Int32)?
        while n < count {
            let entry = try raw(n)
            if entry.position == 0 || entry.relativeOffset <= 0 { break }
            if let previous, entry.relativeOffset <= previous.relativeOffset || entry.position <= previous.position { break }
            previous = entry
            n += 1
        }
        return n
    }

    /// Kafka's sanity check (§14.1) from what it looks at, the last slot and the length; returns the
    /// exception message Kafka would throw, or nil.
    public static func sanityCheckFailure(path: String, baseOffset: Int64, byteCount: Int, last: OffsetPosition?) -> String? {
        if let last = last?.offset, last < baseOffset {
            return "Corrupt index found, index file \(path) has non-zero size but the last offset is \(last) which is less than the base offset \(baseOffset)"
        }
        if byteCount % entrySize != 0 {
            return "Index file \(path) is corrupt, found \(byteCount) bytes which is neither positive nor a multiple of \(entrySize)"
        }
        return nil
    }

    /// Kafka's lookup: the entry with the largest offset ≤ `target` (or `(base, 0)`), with Kafka's
    /// warm-section search so results match Kafka's even on unsorted files.
    public static func lookup(_ target: Int64, count: Int, baseOffset: Int64, entry: (Int) throws -> OffsetPosition) rethrows -> OffsetPosition {
        guard let slot = try IndexSearch.largestLowerBound(count: count, entrySize: entrySize, target: target,
                                                             key: { try entry($0).offset }) else {
            return OffsetPosition(offset: baseOffset, position: 0)
        }
        return try entry(slot)
    }
}

/// An offset index file read through a bounded window (`IndexFile`), with the rules of `OffsetIndexView`.
public struct OffsetIndexFile {
    public let file: IndexFile
    public let baseOffset: Int64
    static let size = OffsetIndexView.entrySize

    public init(path: String, baseOffset: Int64) throws { (file, self.baseOffset) = (try IndexFile(path: path), baseOffset) }

    /// Slots in the file (Kafka's `entries`).
    public var count: Int { file.byteCount / Self.size }

    public func entry(_ i: Int) throws -> OffsetPosition { OffsetIndexView.entry(at: try file.entry(i, size: Self.size), baseOffset: baseOffset) }

    public func writtenEntryCount() throws -> Int {
        try OffsetIndexView.writtenEntryCount(count: count) { i in
            let p = try file.entry(i, size: Self.size)
            return (p.int32BE(at: 0), p.int32BE(at: 4))
        }
    }

    public func sanityCheckFailure(path: String) throws -> String? {
        OffsetIndexView.sanityCheckFailure(path: path, baseOffset: baseOffset, byteCount: file.byteCount, last: count == 0 ? nil : try entry(count - 1))
    }

    public func lookup(_ target: Int64, entries: Int? = nil) throws -> OffsetPosition {
        try OffsetIndexView.lookup(target, count: entries ?? count, baseOffset: baseOffset, entry: entry)
    }
}

/// Kafka's `AbstractIndex.largestLowerBoundSlotFor` (dump-and-index §11.1).
enum IndexSearch {
    static func largestLowerBound(count n: Int, entrySize: Int, target: Int64, key: (Int) throws -> Int64) rethrows -> Int? {
        if n == 0 { return nil }
        let warm = 8192 / entrySize
        let hot = max(0, n - 1 - warm)
        if try key(hot) < target { return try binarySearch(hot, n - 1, target: target, key: key) }
        if try key(0) > target { return nil }
        return try binarySearch(0, hot, target: target, key: key)
    }

    private static func binarySearch(_ begin: Int, _ end: Int, target: Int64, key: (Int) throws -> Int64) rethrows -> Int {
        var lo = begin, hi = end
        while lo < hi {
            let mid = Int(UInt(lo + hi + 1) >> 1)
            let found = try key(mid)
            if found > target { hi = mid - 1 } else if found < target { lo = mid } else { return mid }
        }
        return lo
    }
}
