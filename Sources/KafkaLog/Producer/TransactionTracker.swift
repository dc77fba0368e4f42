import KafkaRecords

/// The part of Kafka's producer state that decides `.txnindex` contents: which producers have an
/// open transaction and where it began (dump-and-index §13.4). Fed batch by batch in log order.
public struct TransactionTracker {
    /// producerId → first offset of its open transaction.
    public private(set) var openTransactions: [Int64: Int64] = [:]

    public init() {}

    /// Starts from a snapshot's open transactions (`currentTxnFirstOffset` ≥ 0).
    public init(snapshot: ProducerSnapshot) {
        for e in snapshot.entries where e.currentTxnFirstOffset >= 0 {
            openTransactions[e.producerId] = e.currentTxnFirstOffset
        }
    }

    public struct Marker: Equatable {
        public var type: ControlRecordType
        public var coordinatorEpoch: Int32
    }

    /// What an ABORT marker means for the transaction index.
    public enum AbortOutcome: Equatable {
        /// The marker ends an open transaction: Kafka's append and recovery write this `.txnindex` entry.
        case aborted(AbortedTransaction)
        /// No transaction of the producer is open at the marker, so Kafka's recovery writes no entry
        /// (`ProducerAppendInfo.appendEndTxnMarker` emits only non-empty transactions). In a compacted
        /// log this is the normal state of a transaction whose data the cleaner removed; the cleaner
        /// may still have kept the transaction's original entry (maintenance spec §2.4).
        case abortWithoutData(producerId: Int64, markerOffset: Int64)
    }

    /// Applies one v2 batch. Returns what an ABORT marker in it means, if it holds one. Control
    /// records are parsed (Kafka reads the marker when it updates producer state); a corrupt one throws.
    public mutating func apply(_ batch: RecordBatch, scratch: inout ByteBuffer) throws -> AbortOutcome? {
        guard batch.hasProducerId else { return nil }
        let producerId = batch.producerId
        if batch.isControl {
            var marker: ControlRecordType?
            try batch.forEachRecord(scratch: &scratch) { record in
                let type = try ControlRecordType.parse(key: record.key)
                if type == .abort || type == .commit {
                    _ = try EndTransactionMarker.parse(type: type, value: record.value)
                    marker = type
                }
            }
            guard let marker else { return nil }
            let markerOffset = batch.baseOffset
            guard let first = openTransactions.removeValue(forKey: producerId) else {
                return marker == .abort ? .abortWithoutData(producerId: producerId, markerOffset: markerOffset) : nil
            }
            guard marker == .abort else { return nil }
            // `offset + 1` in Java `long` arithmetic (wraps for a marker at Long.MAX_VALUE).
            let lastStable = openTransactions.values.min() ?? (markerOffset &+ 1)
            return .aborted(AbortedTransaction(producerId: producerId, firstOffset: first, lastOffset: markerOffset, lastStableOffset: lastStable))
        }
        if batch.isTransactional && openTransactions[producerId] == nil {
            openTransactions[producerId] = batch.baseOffset
        }
        return nil
    }
}
