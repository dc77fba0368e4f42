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
    @inlinable public subscript(i: Int) -> OffsetPosition {
        OffsetPosition(offset: baseOffset + Int64(relativeOffset(i)), position: position(i))
    }

    /// Entries actually written: stops at the first slot (after slot 0) whose position is 0 or whose
    /// relative offset or position does not increase — a zero slot of preallocation, or garbage.
    public var writtenEntryCount: Int {
        var n = 0
        while n < count {
            let rel = relativeOffset(n), pos = position(n)
            if pos == 0 || rel <= 0 { break }
            if n > 0 && (rel <= relativeOffset(n - 1) || pos <= position(n - 1)) { break }
            n += 1
        }
        return n
    }

    /// Kafka's sanity check (§14.1); returns the exception message Kafka would throw, or nil.
    public func sanityCheckFailure(path: String) -> String? {
        if count != 0 {
            let last = self[count - 1].offset
            if last < baseOffset {
                return "Corrupt index found, index file \(path) has non-zero size but the last offset is \(last) which is less than the base offset \(baseOffset)"
            }
        }
        if bytes.count % Self.entrySize != 0 {
            return "Index file \(path) is corrupt, found \(bytes.count) bytes which is neither positive nor a multiple of \(Self.entrySize)"
        }
        return nil
    }

    /// Kafka's lookup: the entry with the largest offset ≤ `target` (or `(base, 0)`), with Kafka's
    /// warm-section search so results match Kafka's even on unsorted files.
    public func lookup(_ target: Int64, entries: Int? = nil) -> OffsetPosition {
        let n = entries ?? count
        guard let slot = IndexSearch.largestLowerBound(count: n, entrySize: Self.entrySize, target: target,
                                                         key: { self[$0].offset }) else {
            return OffsetPosition(offset: baseOffset, position: 0)
        }
        return self[slot]
    }
}

/// Kafka's `AbstractIndex.largestLowerBoundSlotFor` (dump-and-index §11.1).
enum IndexSearch {
    static func largestLowerBound(count n: Int, entrySize: Int, target: Int64, key: (Int) -> Int64) -> Int? {
        if n == 0 { return nil }
        let warm = 8192 / entrySize
        let hot = max(0, n - 1 - warm)
        func binarySearch(_ begin: Int, _ end: Int) -> Int {
            var lo = begin, hi = end
            while lo < hi {
                let mid = Int(UInt(lo + hi + 1) >> 1)
                let found = key(mid)
                if found > target { hi = mid - 1 } else if found < target { lo = mid } else { return mid }
            }
            return lo
        }
        if key(hot) < target { return binarySearch(hot, n - 1) }
        if key(0) > target { return nil }
        return binarySearch(0, hot)
    }
}
