import KafkaRecords

/// The broker's producer table (`ProducerStateManager`): per producer id, the epoch, the last data
/// offset, the last write time and the open transaction, rebuilt offline as the broker rebuilds it at
/// start-up — from the newest usable snapshot, then every batch after it.
///
/// The log cleaner asks it two things (maintenance §2.2, §2.5): which producers are still active, so
/// that the batch holding a producer's last sequence number survives; and which transactions are
/// undecided, which bounds the last stable offset.
public struct ProducerStateTable: Sendable {
    public struct Entry: Equatable, Sendable {
        public var producerEpoch: Int16
        /// Last offset of the producer's newest data batch in its current epoch; −1 when there is none
        /// (a new epoch cleared it, or only markers were written).
        public var lastDataOffset: Int64
        /// The broker's clock for expiry: the newest batch's max timestamp (the marker's timestamp
        /// for transaction markers).
        public var lastTimestamp: Int64
        /// First offset of the producer's open transaction.
        public var currentTransactionFirstOffset: Int64?
    }

    /// A transaction completed by a marker: where it began and where its marker is.
    public struct CompletedTransaction: Equatable, Sendable {
        public var producerId: Int64
        public var firstOffset: Int64
        public var markerOffset: Int64
        public var isAbort: Bool
    }

    public private(set) var entries: [Int64: Entry] = [:]
    /// Transactions completed by the batches applied (not those already complete in the snapshot).
    public private(set) var completedTransactions: [CompletedTransaction] = []
    /// The offset the table was loaded from (the snapshot's, or the log start).
    public let startOffset: Int64

    /// An empty table for replaying from `startOffset` (no usable snapshot).
    public init(startOffset: Int64) { self.startOffset = startOffset }

    /// The table a snapshot holds, minus the producers Kafka drops as expired when it loads one.
    public init(snapshot: ProducerSnapshot, offset: Int64, now: Int64, producerIdExpirationMs: Int64) {
        startOffset = offset
        for e in snapshot.entries {
            let entry = Entry(producerEpoch: e.epoch, lastDataOffset: e.lastOffset >= 0 ? e.lastOffset : -1, lastTimestamp: e.timestamp,
                              currentTransactionFirstOffset: e.currentTxnFirstOffset >= 0 ? e.currentTxnFirstOffset : nil)
            if !Self.isExpired(entry, now: now, producerIdExpirationMs: producerIdExpirationMs) { entries[e.producerId] = entry }
        }
    }

    /// Kafka's `isProducerExpired`: no open transaction and idle for at least the expiration time.
    public static func isExpired(_ entry: Entry, now: Int64, producerIdExpirationMs: Int64) -> Bool {
        entry.currentTransactionFirstOffset == nil && now - entry.lastTimestamp >= producerIdExpirationMs
    }

    /// Applies one batch in log order (`ProducerAppendInfo.append`). Batches without a producer id
    /// change nothing; a control batch needs its first record (`marker`: nil for an empty batch).
    public mutating func apply(_ batch: RecordBatch, marker: (type: ControlRecordType, timestamp: Int64)?) {
        guard batch.hasProducerId else { return }
        let producerId = batch.producerId
        var entry = entries[producerId] ?? Entry(producerEpoch: RecordFormat.noProducerEpoch, lastDataOffset: -1,
                                                 lastTimestamp: RecordFormat.noTimestamp, currentTransactionFirstOffset: nil)
        if entry.producerEpoch != batch.producerEpoch {
            entry.producerEpoch = batch.producerEpoch
            entry.lastDataOffset = -1
        }
        if batch.isControl {
            // An empty control batch is a marker the cleaner already emptied: nothing to apply.
            guard let marker else { return }
            if let first = entry.currentTransactionFirstOffset {
                completedTransactions.append(CompletedTransaction(producerId: producerId, firstOffset: first, markerOffset: batch.baseOffset,
                                                                  isAbort: marker.type == .abort))
            }
            entry.currentTransactionFirstOffset = nil
            entry.lastTimestamp = marker.timestamp
        } else {
            entry.lastDataOffset = batch.lastOffset
            entry.lastTimestamp = batch.maxTimestamp
            if batch.isTransactional && entry.currentTransactionFirstOffset == nil {
                entry.currentTransactionFirstOffset = batch.baseOffset
            }
        }
        entries[producerId] = entry
    }

    /// The producers the broker's periodic expiry check would keep at `now`.
    public func activeProducers(now: Int64, producerIdExpirationMs: Int64) -> [Int64: Entry] {
        entries.filter { !Self.isExpired($0.value, now: now, producerIdExpirationMs: producerIdExpirationMs) }
    }

    /// Kafka's first unstable offset relative to a high watermark: the earliest first offset of a
    /// transaction still open, or completed by a marker at or above `highWatermark` (the broker's
    /// "unreplicated" transactions). nil when every transaction below the high watermark is decided.
    public func firstUnstableOffset(highWatermark: Int64) -> Int64? {
        var first: Int64?
        for entry in entries.values {
            if let offset = entry.currentTransactionFirstOffset { first = min(first ?? offset, offset) }
        }
        for txn in completedTransactions where txn.markerOffset >= highWatermark {
            first = min(first ?? txn.firstOffset, txn.firstOffset)
        }
        return first
    }
}
