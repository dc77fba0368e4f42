#if canImport(Glibc)
import Glibc
#endif

/// The offset map turned inside out for the cleaning pass: one bit per offset of the round's dirty
/// part, set where the map holds that offset as a key's latest.
///
/// For a record the map-building pass inserted, Kafka's test `offset ≥ map[key]` holds exactly when
/// `map[key] == offset`, i.e. when its bit is set. So the cleaning pass decides dirty records by
/// reading bits in offset order instead of hashing every key again and waiting for a random slot of
/// a table far larger than any cache. Records the map never saw (the clean section, batches the
/// map-building walk took for aborted) still go through the map.
struct LatestOffsets {
    /// At most this much memory for the bits (a range of about 268 million offsets); beyond it the
    /// cleaning pass uses the map alone.
    nonisolated(unsafe) static var maxBytes = 32 << 20

    let firstOffset: Int64
    let endOffset: Int64
    private let words: UnsafeMutablePointer<UInt64>
    private let wordCount: Int

    /// The bits for `[firstOffset, endOffset)` from `map`, or nil when the range is too long.
    init?(map: OffsetMap, firstOffset: Int64, endOffset: Int64) {
        let length = endOffset - firstOffset
        guard length > 0, (length + 7) / 8 <= Int64(Self.maxBytes) else { return nil }
        self.firstOffset = firstOffset
        self.endOffset = endOffset
        wordCount = Int((length + 63) / 64)
        words = UnsafeMutablePointer<UInt64>.allocate(capacity: wordCount)
        words.initialize(repeating: 0, count: wordCount)
        map.forEachOffset { offset in
            guard offset >= firstOffset && offset < endOffset else { return }
            let bit = Int(offset - firstOffset)
            words[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    func deallocate() { words.deallocate() }

    /// Whether any offset of `first...last` (in range) is its key's latest.
    func containsAny(_ first: Int64, through last: Int64) -> Bool {
        let low = Int(first - firstOffset), high = Int(last - firstOffset)
        var word = low >> 6
        let lastWord = high >> 6
        var mask = UInt64.max << UInt64(low & 63)
        while word <= lastWord {
            if word == lastWord { mask &= UInt64.max >> UInt64(63 - (high & 63)) }
            if words[word] & mask != 0 { return true }
            mask = .max
            word += 1
        }
        return false
    }

    /// Whether `offset` (in range) is its key's latest.
    @inline(__always)
    func contains(_ offset: Int64) -> Bool {
        let bit = Int(offset - firstOffset)
        return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
}
