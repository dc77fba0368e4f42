import KafkaRecords

/// One `.txnindex` entry: an aborted transaction whose ABORT marker lies in this segment.
public struct AbortedTransaction: Equatable, Sendable {
    /// Kafka reads only the first byte of the int16 version field; this is that byte.
    public var version: Int8
    public var producerId: Int64
    public var firstOffset: Int64
    public var lastOffset: Int64
    public var lastStableOffset: Int64

    public init(version: Int8 = 0, producerId: Int64, firstOffset: Int64, lastOffset: Int64, lastStableOffset: Int64) {
        self.version = version
        self.producerId = producerId
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.lastStableOffset = lastStableOffset
    }

    public static let size = 34

    /// The 34 bytes Kafka writes for this entry.
    public func append(to buffer: inout ByteBuffer) {
        buffer.appendInt16BE(Int16(version))
        buffer.appendInt64BE(producerId)
        buffer.appendInt64BE(firstOffset)
        buffer.appendInt64BE(lastOffset)
        buffer.appendInt64BE(lastStableOffset)
    }
}

/// Reads a transaction index: as many whole 34-byte entries as fit; a partial tail is ignored.
public enum TransactionIndexReader {
    public static func entries(_ bytes: UnsafeRawBufferPointer) -> [AbortedTransaction] {
        let n = bytes.count / AbortedTransaction.size
        guard n > 0, let p = bytes.baseAddress else { return [] }
        return (0..<n).map { entry(at: p + $0 * AbortedTransaction.size) }
    }

    /// The entry stored at `p`.
    public static func entry(at p: UnsafeRawPointer) -> AbortedTransaction {
        AbortedTransaction(version: p.int8(at: 0), producerId: p.int64BE(at: 2), firstOffset: p.int64BE(at: 10),
                           lastOffset: p.int64BE(at: 18), lastStableOffset: p.int64BE(at: 26))
    }

    /// Visits the whole entries of a transaction index file in order, one window at a time (memory
    /// does not follow the file's size); `body` returns false to stop.
    public static func forEachEntry(in file: IndexFile, _ body: (AbortedTransaction) throws -> Bool) throws {
        let count = file.byteCount / AbortedTransaction.size
        var first = 0
        while first < count {
            let window = try file.entries(from: first, entrySize: AbortedTransaction.size)
            let n = window.count / AbortedTransaction.size
            for i in 0..<n where try !body(entry(at: window.baseAddress! + i * AbortedTransaction.size)) { return }
            first += n
        }
    }

    /// Kafka's load-time check (§14.3): every lastOffset ≥ the segment base offset.
    public static func sanityCheckFailure(_ entries: [AbortedTransaction], baseOffset: Int64, path: String) -> String? {
        for e in entries where e.lastOffset < baseOffset {
            return "Last offset of aborted transaction AbortedTxn(version=\(e.version), producerId=\(e.producerId), firstOffset=\(e.firstOffset), lastOffset=\(e.lastOffset), lastStableOffset=\(e.lastStableOffset)) in index \(path) is less than start offset \(baseOffset)"
        }
        return nil
    }
}
