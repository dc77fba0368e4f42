import KafkaLog
import KafkaRecords

/// Kafka's `CleanedTransactionMetadata` (maintenance §2.4): walks batches in offset order and says
/// which data batches belong to aborted transactions and which transaction markers may go.
///
/// Aborted transactions are fed in advance from the transaction indexes; a producer's pending abort
/// becomes "ongoing" once the walk reaches its first offset. One state is carried across all the
/// segments and groups of a cleaning round (the map-building pass has its own).
struct CleanedTransactionState {
    private struct OngoingAbort {
        let transaction: AbortedTransaction
        var sawDataBatch = false
    }

    /// Pending aborts, ordered by first offset (a min-heap in Kafka; a sorted array consumed from the
    /// front here, re-sorted when entries are added).
    private var pending: [AbortedTransaction] = []
    private var pendingStart = 0
    private var ongoingAborted: [Int64: OngoingAbort] = [:]
    private var ongoingCommitted = Set<Int64>()
    /// Aborted transactions whose data batches this walk has met (and the cleaner removes).
    private(set) var abortedTransactionsWithData = 0

    /// What a control batch means for the cleaner.
    enum MarkerDecision: Equatable {
        /// The marker may be removed (subject to the delete horizon).
        case removable
        /// The marker stays; for an ABORT whose transaction still has data, the original index
        /// entry is to be written into the cleaned segment's `.txnindex`.
        case retained(indexEntry: AbortedTransaction?)
    }

    mutating func addAbortedTransactions(_ transactions: [AbortedTransaction]) {
        guard !transactions.isEmpty else { return }
        pending = Array(pending[pendingStart...]) + transactions
        pendingStart = 0
        // Stable: entries with equal first offsets keep their index order, as a heap need not, but
        // only the first of a producer's equal entries matters (`getOrElseUpdate`).
        pending.sort { $0.firstOffset < $1.firstOffset }
    }

    private mutating func consumeAborted(upTo offset: Int64) {
        while pendingStart < pending.count && pending[pendingStart].firstOffset <= offset {
            let transaction = pending[pendingStart]
            pendingStart += 1
            if ongoingAborted[transaction.producerId] == nil {
                ongoingAborted[transaction.producerId] = OngoingAbort(transaction: transaction)
            }
        }
    }

    /// `onBatchRead`: true when the data batch belongs to an aborted transaction.
    mutating func onDataBatch(lastOffset: Int64, isTransactional: Bool, producerId: Int64) -> Bool {
        consumeAborted(upTo: lastOffset)
        guard isTransactional else { return false }
        if let ongoing = ongoingAborted[producerId] {
            if !ongoing.sawDataBatch { abortedTransactionsWithData += 1 }
            ongoingAborted[producerId]!.sawDataBatch = true
            return true
        }
        ongoingCommitted.insert(producerId)
        return false
    }

    /// `onControlBatchRead` for a control batch whose first record has type `marker` (nil: an
    /// empty control batch, already emptied by an earlier cleaning, always removable).
    mutating func onControlBatch(lastOffset: Int64, producerId: Int64, marker: ControlRecordType?) -> MarkerDecision {
        consumeAborted(upTo: lastOffset)
        guard let marker else { return .removable }
        switch marker {
        case .abort:
            // Kept until every batch of the transaction is gone from the log.
            if let ongoing = ongoingAborted.removeValue(forKey: producerId), ongoing.sawDataBatch {
                return .retained(indexEntry: ongoing.transaction)
            }
            return .removable
        case .commit:
            // Removable if no batch of the transaction was seen in this walk.
            return ongoingCommitted.remove(producerId) == nil ? .removable : .retained(indexEntry: nil)
        default:
            return .retained(indexEntry: nil)
        }
    }
}
