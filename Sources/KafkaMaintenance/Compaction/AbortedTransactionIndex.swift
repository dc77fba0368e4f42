import KafkaLog
import KafkaRecords

/// The partition's `.txnindex` entries, segment by segment: the only record of which transactions
/// were aborted (maintenance §2.4). The cleaner never guesses them from the data; the input check
/// (`CompactionScan`) refuses a partition whose indexes miss an abort the log shows.
public struct AbortedTransactionIndex: Sendable {
    /// Per segment (in offset order): its base offset and entries, in file order.
    public let segments: [(baseOffset: Int64, entries: [AbortedTransaction])]

    init(segments files: [SegmentFiles]) throws {
        segments = try files.map { files in
            guard FileSystem.exists(files.transactionIndex) else { return (files.baseOffset, []) }
            let bytes = try ReadOnlyFile(path: files.transactionIndex).readAll(limit: 256 << 20)
            return (files.baseOffset, bytes.withUnsafeBytes { TransactionIndexReader.entries($0) })
        }
    }

    /// Kafka's `LocalLog.collectAbortedTransactions(logStartOffset, start, upperBound)`: from the
    /// segment holding `start` onwards, the entries with lastOffset ≥ the log start offset and
    /// firstOffset < `upperBound`, stopping after the first entry whose lastStableOffset ≥ `upperBound`.
    public func collect(from start: Int64, upperBound: Int64, logStartOffset: Int64) -> [AbortedTransaction] {
        guard let first = segments.lastIndex(where: { $0.baseOffset <= start }) else { return [] }
        var result: [AbortedTransaction] = []
        for segment in segments[first...] {
            for entry in segment.entries {
                if entry.lastOffset >= logStartOffset && entry.firstOffset < upperBound { result.append(entry) }
                if entry.lastStableOffset >= upperBound { return result }
            }
        }
        return result
    }

    /// True when the segment with this base offset lists an abort of `producerId` at `markerOffset`.
    func contains(segmentBase: Int64, producerId: Int64, markerOffset: Int64) -> Bool {
        segments.first { $0.baseOffset == segmentBase }?.entries.contains { $0.producerId == producerId && $0.lastOffset == markerOffset } ?? false
    }
}
