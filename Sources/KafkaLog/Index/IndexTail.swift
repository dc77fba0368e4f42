import KafkaRecords

/// The last entry of an index file, read from its last slot (Kafka's `lastEntry`) without reading
/// the rest, so that looking at thousands of segments costs one small read each.
///
/// A broker that died with a segment active leaves its index preallocated: written entries followed
/// by zero slots up to `segment.index.bytes`. Kafka's loader takes the last slot as it is (a zero
/// entry) unless recovery rebuilds the segment; kseg recognises the padding (a zero last slot in a
/// file of more than one slot) and reports the last *written* entry instead, flagging the file.
public struct IndexTail<Entry: Sendable>: Sendable {
    /// The last entry, nil for an empty index (or one holding only padding).
    public var last: Entry?
    /// True when the file ended in zero slots of preallocation.
    public var preallocated: Bool
    /// Whole slots in the file.
    public var slots: Int
}

extension IndexTail where Entry == TimestampOffset {
    /// The time index at `path`, or nil when there is no such file.
    public static func timeIndex(path: String, baseOffset: Int64) throws -> IndexTail? {
        try read(path: path, entrySize: TimeIndexView.entrySize) { bytes in
            let view = TimeIndexView(bytes: bytes, baseOffset: baseOffset)
            let lastSlot = view.count - 1
            if view.count > 1 && view.timestamp(lastSlot) == 0 && view.relativeOffset(lastSlot) == 0 {
                return (nil, true)
            }
            return (view[lastSlot], false)
        } written: { bytes in
            let view = TimeIndexView(bytes: bytes, baseOffset: baseOffset)
            let n = view.writtenEntryCount
            return n > 0 ? view[n - 1] : nil
        }
    }
}

extension IndexTail where Entry == OffsetPosition {
    /// The offset index at `path`, or nil when there is no such file.
    public static func offsetIndex(path: String, baseOffset: Int64) throws -> IndexTail? {
        try read(path: path, entrySize: OffsetIndexView.entrySize) { bytes in
            let view = OffsetIndexView(bytes: bytes, baseOffset: baseOffset)
            let lastSlot = view.count - 1
            // Kafka never writes an entry at position 0, so a zero slot is padding wherever it is.
            if view.relativeOffset(lastSlot) == 0 && view.position(lastSlot) == 0 { return (nil, view.count > 1) }
            return (view[lastSlot], false)
        } written: { bytes in
            let view = OffsetIndexView(bytes: bytes, baseOffset: baseOffset)
            let n = view.writtenEntryCount
            return n > 0 ? view[n - 1] : nil
        }
    }
}

extension IndexTail {
    /// Reads the last slot; `lastSlot` returns the entry and whether the slot is padding, in which
    /// case the whole file is read and `written` finds the last written entry.
    static func read(path: String, entrySize: Int,
                     lastSlot: (UnsafeRawBufferPointer) -> (Entry?, Bool),
                     written: (UnsafeRawBufferPointer) -> Entry?) throws -> IndexTail? {
        let file: ReadOnlyFile
        do { file = try ReadOnlyFile(path: path) } catch LogError.io(_, _, let code) where code == 2 /* ENOENT */ { return nil }
        let slots = file.size / entrySize
        guard slots > 0 else { return IndexTail(last: nil, preallocated: false, slots: 0) }
        var slot = [UInt8](repeating: 0, count: entrySize)
        let got = try slot.withUnsafeMutableBytes { try file.read(at: (slots - 1) * entrySize, count: entrySize, into: $0.baseAddress!) }
        guard got == entrySize else {
            throw LogError.corrupt(path: path, position: (slots - 1) * entrySize, reason: "index file shrank while being read")
        }
        let (entry, padded) = slot.withUnsafeBytes { lastSlot($0) }
        guard padded else { return IndexTail(last: entry, preallocated: false, slots: slots) }
        let whole = try file.readAll(limit: 1 << 30)
        let usable = whole.count / entrySize * entrySize
        let last = whole.withUnsafeBytes { written(UnsafeRawBufferPointer(rebasing: $0[0..<usable])) }
        return IndexTail(last: last, preallocated: true, slots: slots)
    }
}
