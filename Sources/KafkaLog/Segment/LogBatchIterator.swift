import KafkaRecords

/// Walks the batches of a `.log` (or KRaft `.checkpoint`) file exactly as Kafka's `FileLogInputStream`
/// does: stop when fewer than 18 bytes remain or when a batch does not fit; a size field below 14 is
/// corruption. No CRC or record validation happens here; consumers ask for it.
///
/// This is the one batch walk of the code base: the dump, index verification, index rebuilding,
/// retention, compaction and fetch all read batches through it.
public struct LogBatchIterator {
    public let file: MappedFile
    /// End of the walked range (the file size, or less with `--max-bytes`).
    public let end: Int
    /// Position of the next batch.
    public private(set) var position: Int

    /// Why the walk stopped, once `next()` returned nil.
    public enum Stop: Equatable {
        /// Reached `end` exactly.
        case endOfRange
        /// Fewer than 18 bytes left: too short for a batch header.
        case shortTail(bytes: Int)
        /// The batch at `position` declares `declaredSize` bytes but only `available` remain.
        case truncatedBatch(declaredSize: Int, available: Int)
    }
    public private(set) var stop: Stop?

    public init(file: MappedFile, start: Int = 0, end: Int? = nil) {
        self.file = file
        self.end = min(end ?? file.size, file.size)
        self.position = start
    }

    /// Bytes after the last batch returned (Kafka's "invalid bytes at the end"), once stopped.
    public var trailingBytes: Int { max(0, end - position) }

    /// The next batch, or nil at the end. Throws `LogError.corrupt` for a size field below 14, leaving
    /// `position` at the corrupt batch.
    public mutating func next() throws -> FileBatch? {
        let remaining = end - position
        if remaining <= RecordFormat.headerSizeUpToMagic {
            stop = remaining == 0 ? .endOfRange : .shortTail(bytes: remaining)
            return nil
        }
        let header = try file.bytes(at: position, count: RecordFormat.headerSizeUpToMagic)
        let size = Int(header.baseAddress!.int32BE(at: 8))
        if size < RecordFormat.minRecordOverhead {
            throw LogError.corrupt(path: file.path, position: position,
                                   reason: "Found record size \(size) smaller than minimum record overhead (14)")
        }
        let total = RecordFormat.logOverhead + size
        if total > remaining {
            stop = .truncatedBatch(declaredSize: total, available: remaining)
            return nil
        }
        let bytes = try file.bytes(at: position, count: total)
        let batch = FileBatch(position: position, bytes: bytes)
        position += total
        return batch
    }
}
