/// An independent, deliberately plain model of one round of Kafka's log cleaner over a partition as
/// kafka-python read it: it says which records survive and what each surviving batch must look like.
/// It shares no code with kseg's cleaner; it restates the rules of maintenance spec §2.4–2.8 over
/// whole lists, without maps of hashes, streaming or partial rounds.
struct CompactionModel {
    typealias Batch = PartitionListing.Batch
    typealias Record = PartitionListing.Record

    struct Producer {
        var epoch: Int
        var lastDataOffset: Int64?
    }

    /// What the model expects of one input batch below the round's bound.
    struct Outcome {
        var source: Batch
        var kept: [Record]
        /// All records gone, but the header stays (a producer's last batch, or the end of the range).
        var keptEmpty: Bool
        /// The delete horizon the output batch carries.
        var horizon: Int64?
        /// Every record kept and no horizon added: the batch must be byte-identical.
        var verbatim: Bool
        var removed: Bool { kept.isEmpty && !keptEmpty }
    }

    let firstDirty: Int64
    /// The round's bound `B`: batches below it are cleaned, the rest left alone.
    let bound: Int64
    let now: Int64
    let deleteRetentionMs: Int64
    /// Producers the broker would still consider active.
    let activeProducers: [Int64: Producer]
    /// Per segment base offset: whether v0/v1 tombstones in it are still kept (the mtime rule).
    let legacyDeletesRetained: [Int64: Bool]

    /// The outcome of every batch below the bound, in log order.
    func outcomes(_ listing: PartitionListing) -> [Outcome] {
        let batches = listing.batches
        // Aborted and committed transactions: for every data batch of a transaction, the marker that
        // ends it; for every marker, whether any of its data is still in the log.
        var open: [Int64: [Int]] = [:]
        var aborted = Set<Int>()
        var markerHasData: [Int: Bool] = [:]
        for (i, batch) in batches.enumerated() where batch.producerId >= 0 {
            if batch.isControl {
                let data = open.removeValue(forKey: batch.producerId) ?? []
                markerHasData[i] = !data.isEmpty
                if batch.records.first?.control == "ABORT" { aborted.formUnion(data) }
            } else if batch.isTransactional {
                open[batch.producerId, default: []].append(i)
            }
        }
        // The latest offset of every key in the dirty range (aborted data and markers excluded).
        var latest: [String: Int64] = [:]
        for (i, batch) in batches.enumerated() where !batch.isControl && !aborted.contains(i) {
            for record in batch.records where record.offset >= firstDirty && record.offset < bound {
                if let key = record.key { latest[key] = max(latest[key] ?? -1, record.offset) }
            }
        }
        let segmentOf = listing.segments.flatMap { segment in segment.batches.map { _ in segment.baseOffset } }

        var result: [Outcome] = []
        for (i, batch) in batches.enumerated() where batch.lastOffset < bound {
            var kept: [Record] = []
            var needsHorizon = false
            if batch.isControl {
                let removable = !(markerHasData[i] ?? true) || batch.records.isEmpty
                let expired = batch.deleteHorizon.map { now >= $0 } ?? false
                if !(removable && expired) { kept = batch.records }
                if removable && !kept.isEmpty { needsHorizon = true }
            } else if !aborted.contains(i) {
                for record in batch.records {
                    guard let key = record.key else { continue }
                    if record.offset < latest[key] ?? -1 { continue }
                    if record.value == nil {
                        if batch.magic < 2 {
                            if !(legacyDeletesRetained[segmentOf[i]] ?? true) { continue }
                        } else if let horizon = batch.deleteHorizon, now >= horizon {
                            continue
                        }
                        needsHorizon = true
                    }
                    kept.append(record)
                }
            }
            let newHorizon = batch.magic >= 2 && needsHorizon && batch.deleteHorizon == nil
            var keptEmpty = false
            if kept.isEmpty {
                keptEmpty = batch.lastOffset + 1 == bound
                if batch.producerId >= 0, let producer = activeProducers[batch.producerId] {
                    if let last = producer.lastDataOffset { keptEmpty = keptEmpty || batch.lastOffset == last }
                    else { keptEmpty = keptEmpty || (batch.isControl && batch.producerEpoch == producer.epoch) }
                }
            }
            result.append(Outcome(source: batch, kept: kept, keptEmpty: keptEmpty,
                                  horizon: newHorizon ? now + deleteRetentionMs : batch.deleteHorizon,
                                  verbatim: kept.count == batch.records.count && !newHorizon))
        }
        return result
    }

    /// The broker's active producers (`producer.id.expiration.ms`), from the whole log.
    static func activeProducers(_ listing: PartitionListing, now: Int64, expirationMs: Int64) -> [Int64: Producer] {
        var producers: [Int64: (producer: Producer, lastTimestamp: Int64, openTransaction: Bool)] = [:]
        for batch in listing.batches where batch.producerId >= 0 {
            var entry = producers[batch.producerId] ?? (Producer(epoch: -1, lastDataOffset: nil), -1, false)
            if entry.producer.epoch != batch.producerEpoch {
                entry.producer = Producer(epoch: batch.producerEpoch ?? -1, lastDataOffset: nil)
            }
            if batch.isControl {
                guard let record = batch.records.first else { continue }
                entry.lastTimestamp = record.timestamp
                entry.openTransaction = false
            } else {
                entry.producer.lastDataOffset = batch.lastOffset
                entry.lastTimestamp = batch.maxTimestamp
                if batch.isTransactional { entry.openTransaction = true }
            }
            producers[batch.producerId] = entry
        }
        return producers.filter { $0.value.openTransaction || now - $0.value.lastTimestamp < expirationMs }.mapValues(\.producer)
    }
}
