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
    /// The time index at `path`, or nil when there is no such file. A file of one zero slot is a real
    /// entry (timestamp 0 at the base offset), as Kafka reads it.
    public static func timeIndex(path: String, baseOffset: Int64) throws -> IndexTail? {
        try read(path: path, entrySize: TimeIndexView.entrySize, singleZeroSlotIsEntry: true,
                 entry: { TimeIndexView(bytes: $0, baseOffset: baseOffset)[$1] },
                 writtenCount: { TimeIndexView(bytes: $0, baseOffset: baseOffset).writtenEntryCount })
    }
}

extension IndexTail where Entry == OffsetPosition {
    /// The offset index at `path`, or nil when there is no such file. Kafka never writes an entry at
    /// position 0, so a zero slot is never an entry.
    public static func offsetIndex(path: String, baseOffset: Int64) throws -> IndexTail? {
        try read(path: path, entrySize: OffsetIndexView.entrySize, singleZeroSlotIsEntry: false,
                 entry: { OffsetIndexView(bytes: $0, baseOffset: baseOffset)[$1] },
                 writtenCount: { OffsetIndexView(bytes: $0, baseOffset: baseOffset).writtenEntryCount })
    }
}

extension IndexTail {
    /// Reads the last slot. When it is all zeros in a file of several slots, the file is preallocated:
    /// the whole file is read and the last written entry (`writtenCount`) taken; otherwise the last
    /// slot is the entry, as Kafka reads it.
    static func read(path: String, entrySize: Int, singleZeroSlotIsEntry: Bool,
                     entry: (UnsafeRawBufferPointer, Int) -> Entry,
                     writtenCount: (UnsafeRawBufferPointer) -> Int) throws -> IndexTail? {
        let file: ReadOnlyFile
        do { file = try ReadOnlyFile(path: path) } catch LogError.io(_, _, let code) where code == 2 /* ENOENT */ { return nil }
        let slots = file.size / entrySize
        guard slots > 0 else { return IndexTail(last: nil, preallocated: false, slots: 0) }
        var slot = [UInt8](repeating: 0, count: entrySize)
        let got = try slot.withUnsafeMutableBytes { try file.read(at: (slots - 1) * entrySize, count: entrySize, into: $0.baseAddress!) }
        guard got == entrySize else {
            throw LogError.corrupt(path: path, position: (slots - 1) * entrySize, reason: "index file shrank while being read")
        }
        let zero = slot.allSatisfy { $0 == 0 }
        if !zero || (slots == 1 && singleZeroSlotIsEntry) {
            return IndexTail(last: slot.withUnsafeBytes { entry($0, 0) }, preallocated: false, slots: slots)
        }
        if slots == 1 { return IndexTail(last: nil, preallocated: false, slots: 1) }
        let whole = try file.readAll(limit: 1 << 30)
        let usable = whole.count / entrySize * entrySize
        let last: Entry? = whole.withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[0..<usable])
            let n = writtenCount(bytes)
            return n > 0 ? entry(bytes, n - 1) : nil
        }
        return IndexTail(last: last, preallocated: true, slots: slots)
    }
}
