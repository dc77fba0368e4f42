import KafkaLog
import KafkaRecords

/// Where cleaned batches go: a new segment on disk (`--execute`) or a tally (dry run).
protocol CleanedSegmentSink: AnyObject {
    func beginSegment(baseOffset: Int64) throws
    /// A batch kept byte for byte, copied from `file` where it starts at `batch.position`.
    func copy(_ batch: FileBatch, from file: ReadOnlyFile) throws
    /// A batch the cleaner rebuilt.
    func append(built batch: UnsafeRawBufferPointer) throws
    func append(abortedTransaction: AbortedTransaction)
    /// The cleaned segment replacing `sources` is complete.
    func finishSegment(replacing sources: [PartitionLogState.Segment]) throws
}

/// Kafka's `Cleaner.cleanSegments` / `cleanInto` / `MemoryRecords.filterTo` for one round
/// (maintenance §2.4–2.10): walks each group of source segments, decides per batch and per record,
/// and hands the survivors to a sink — unchanged batches as byte ranges to copy, others rebuilt with
/// their codec, magic and producer fields, and a delete horizon where Kafka sets one.
final class SegmentCleaner {
    private let plan: CompactionPlan
    private let map: OffsetMap
    private let latestOffsets: LatestOffsets?
    private let mapAbortedBatches: Set<Int64>
    private let now: Int64
    private let deleteRetentionMs: Int64
    /// The round's uncleanable bound `B`: the batch ending there is always kept.
    private let upperBound: Int64
    private let activeProducers: [Int64: ProducerStateTable.Entry]
    private var transactions = CleanedTransactionState()
    private var counts = CleaningStatistics()
    /// Batches removed without decoding them: every record superseded or without a key.
    private var undecodedRecords = 0
    /// Among decoded records, those the map-building walk also tallied (see `CompactionScan`).
    private var decodedMappedKeyless = 0
    private var decodedMappedTombstones = 0

    var statistics: CleaningStatistics {
        var result = counts
        result.abortedTransactionsRemoved = transactions.abortedTransactionsWithData
        // What the undecoded batches held, from the map-building walk's tallies.
        guard latestOffsets != nil else { return result }
        let keyless = plan.mappedKeyless - decodedMappedKeyless
        result.nullKeyRecordsRemoved += keyless
        result.recordsSuperseded += max(0, undecodedRecords - keyless)
        result.tombstonesRemovedSuperseded += plan.mappedTombstones - decodedMappedTombstones
        result.nullKeyOffsets = Array(Set(result.nullKeyOffsets + plan.mappedKeylessOffsets).sorted().prefix(CleaningStatistics.sampleSize))
        return result
    }

    private var scratch = ByteBuffer(capacity: 1 << 16)
    private var markerScratch = ByteBuffer(capacity: 1 << 10)
    private var built = ByteBuffer(capacity: 1 << 16)
    private var keep: [Bool] = []
    private let batchBuilder = RecordBatchBuilder()
    private let legacyBuilder = LegacyEntryBuilder()
    private let compressor = Compressor()

    init(plan: CompactionPlan, now: Int64) {
        self.plan = plan
        map = plan.map
        latestOffsets = plan.latestOffsets
        mapAbortedBatches = plan.mapAbortedBatches
        self.now = now
        deleteRetentionMs = plan.config.deleteRetentionMs
        upperBound = plan.range.firstUncleanableOffset
        activeProducers = plan.activeProducers
    }

    /// Cleans one group of source segments into one new segment.
    func clean(group: Range<Int>, into sink: CleanedSegmentSink) throws {
        let state = plan.state
        let sources = Array(state.segments[group])
        try sink.beginSegment(baseOffset: sources[0].baseOffset)
        for index in group {
            let segment = state.segments[index]
            // Aborted transactions over the segment's whole range, to rebuild its transaction index.
            let upper = index + 1 < group.upperBound ? state.segments[index + 1].baseOffset : plan.nextOffsets[index]
            transactions.addAbortedTransactions(state.abortedTransactions.collect(from: segment.baseOffset, upperBound: upper,
                                                                                   logStartOffset: state.logStartOffset))
            let retainLegacyDeletes = segment.lastModifiedMs > plan.legacyDeleteHorizonMs
            // Mapped lazily in large windows: superseded batches are skipped unread.
            let file = try MappedFile(path: segment.files.log, populate: false)
            var batches = LogBatchIterator(file: file)
            counts.segmentsRead += 1
            counts.bytesRead += Int64(file.size)
            while let batch = try batches.next() {
                do {
                    try clean(batch, from: file.file, retainLegacyDeletes: retainLegacyDeletes, into: sink)
                } catch let error as RecordsError {
                    throw LogError.corruptRecords(path: segment.files.log, batchPosition: batch.position, cause: error)
                } catch CleanerFailure.emptyLegacyBatch {
                    throw CompactionError.kafkaCleanerWouldFail(path: segment.files.log, position: batch.position,
                                                                reason: "every record of this magic \(batch.magic) batch would be removed, but it ends the cleanable range and must be kept; empty batches exist only for magic 2")
                }
            }
        }
        try sink.finishSegment(replacing: sources)
        counts.segmentsWritten += 1
    }

    private enum CleanerFailure: Error { case emptyLegacyBatch }

    /// What happens to a batch as a whole (Kafka's `BatchRetention`).
    private enum Retention { case retainEvenIfEmpty, delete, deleteIfEmpty }

    private func clean(_ batch: FileBatch, from file: ReadOnlyFile, retainLegacyDeletes: Bool, into sink: CleanedSegmentSink) throws {
        counts.batchesRead += 1
        switch try batch.format() {
        case .v2(let v2): try clean(v2, batch, from: file, into: sink)
        case .legacy(let entry): try clean(entry, batch, from: file, retainDeletes: retainLegacyDeletes, into: sink)
        }
    }

    // MARK: - v2 batches

    private func clean(_ v2: RecordBatch, _ batch: FileBatch, from file: ReadOnlyFile, into sink: CleanedSegmentSink) throws {
        let lastOffset = v2.lastOffset
        let horizon = v2.deleteHorizonMs
        // 1. Transaction state: may the whole batch go?
        let canDiscard: Bool
        if v2.isControl {
            let marker = try ControlMarker.first(of: v2, scratch: &markerScratch)
            switch transactions.onControlBatch(lastOffset: lastOffset, producerId: v2.producerId, marker: marker?.type) {
            case .removable: canDiscard = true
            case .retained(let entry):
                canDiscard = false
                if let entry { sink.append(abortedTransaction: entry) }
            }
        } else {
            canDiscard = transactions.onDataBatch(lastOffset: lastOffset, isTransactional: v2.isTransactional, producerId: v2.producerId)
        }
        let discardRecords = v2.isControl ? canDiscard && horizon.map { $0 <= now } == true : canDiscard
        // 2. Retention mode (`checkBatchRetention`).
        let retention: Retention
        if v2.hasProducerId && isLastBatchOfActiveProducer(v2) {
            retention = .retainEvenIfEmpty
        } else if lastOffset + 1 == upperBound {
            retention = .retainEvenIfEmpty
        } else if discardRecords {
            retention = .delete
        } else {
            retention = .deleteIfEmpty
        }
        let count = Int(v2.recordsCount)
        counts.recordsRead += max(count, 0)
        if discardRecords {
            if v2.isControl { counts.markersRemoved += max(count, 0) } else {
                counts.abortedRecordsRemoved += max(count, 0)
                if retention == .delete { counts.abortedBatchesRemoved += 1 }
            }
        }
        if retention == .delete {
            counts.batchesRemoved += 1
            return
        }
        // Every record superseded or without a key, known from the bits alone: no need to decode it.
        if !v2.isControl && !discardRecords, let bits = latestOffsets, !mapAbortedBatches.contains(v2.baseOffset),
           v2.baseOffset >= bits.firstOffset, lastOffset <= map.latestOffset, !bits.containsAny(v2.baseOffset, through: lastOffset) {
            undecodedRecords += max(count, 0)
            try dropRecords(of: v2, keepingHeader: retention == .retainEvenIfEmpty, into: sink)
            return
        }

        // 3. Records (`filterBatch`).
        let section = discardRecords ? UnsafeRawBufferPointer(start: nil, count: 0) : try v2.records(scratch: &scratch)
        var retained = 0, tombstones = 0
        var writeOriginal = true
        if !discardRecords {
            keep.removeAll(keepingCapacity: true)
            if v2.isControl {
                retained = count
                if canDiscard { counts.markersRetainedUntilHorizon += count } else { counts.markersRetained += count }
            } else {
                let latest = map.latestOffset
                let bits = mapAbortedBatches.contains(v2.baseOffset) ? nil : latestOffsets
                try v2.forEachRecord(inSection: section) { record in
                    let kept = shouldRetain(record, latestOffset: latest, latestBits: bits, legacyRetainDeletes: nil, deleteHorizon: horizon)
                    keep.append(kept)
                    if kept {
                        retained += 1
                        if record.value == nil { tombstones += 1 }
                    } else {
                        writeOriginal = false
                    }
                }
            }
        } else {
            writeOriginal = false
        }

        // 4. Output.
        if retained > 0 {
            let needHorizon = (tombstones > 0 || (canDiscard && v2.isControl)) && horizon == nil
            countTombstones(tombstones, newHorizon: needHorizon, existingHorizon: horizon != nil, legacy: false)
            counts.recordsRetained += retained
            if writeOriginal && !needHorizon {
                try sink.copy(batch, from: file)
                counts.batchesCopied += 1
                return
            }
            var header = RecordBatchBuilder.Header(of: v2)
            if needHorizon { header.deleteHorizonMs = now &+ deleteRetentionMs }
            batchBuilder.begin(header)
            var index = 0
            try v2.forEachRecord(inSection: section) { record in
                if v2.isControl || keep[index] { batchBuilder.append(record) }
                index += 1
            }
            built.removeAll()
            try batchBuilder.build(into: &built, compressor: compressor)
            try sink.append(built: built.bytes)
            counts.batchesRewritten += 1
            if writeOriginal { counts.batchesGivenHorizon += 1 }
        } else {
            try dropRecords(of: v2, keepingHeader: retention == .retainEvenIfEmpty, into: sink)
        }
    }

    /// A batch left with no record: gone, or kept as an empty header (Kafka's `writeEmptyHeader`).
    private func dropRecords(of v2: RecordBatch, keepingHeader: Bool, into sink: CleanedSegmentSink) throws {
        guard keepingHeader else {
            counts.batchesRemoved += 1
            return
        }
        built.removeAll()
        RecordBatchBuilder.appendEmptyBatch(of: v2, into: &built)
        try sink.append(built: built.bytes)
        counts.emptyBatchesKept += 1
    }

    /// Kafka's `isBatchLastRecordOfProducer`: the batch holding an active producer's last data offset,
    /// or, when it has none, a marker of its current epoch.
    private func isLastBatchOfActiveProducer(_ batch: RecordBatch) -> Bool {
        guard let producer = activeProducers[batch.producerId] else { return false }
        if producer.lastDataOffset >= 0 { return batch.lastOffset == producer.lastDataOffset }
        return batch.isControl && batch.producerEpoch == producer.producerEpoch
    }

    // MARK: - Legacy (v0/v1) entries

    private func clean(_ entry: LegacyEntry, _ batch: FileBatch, from file: ReadOnlyFile, retainDeletes: Bool, into sink: CleanedSegmentSink) throws {
        _ = transactions.onDataBatch(lastOffset: entry.offset, isTransactional: false, producerId: RecordFormat.noProducerId)
        let retainEmpty = entry.offset + 1 == upperBound
        var retained = 0, tombstones = 0, read = 0
        var writeOriginal = true
        keep.removeAll(keepingCapacity: true)
        let latest = map.latestOffset
        try entry.forEachRecord(scratch: &scratch) { record in
            read += 1
            let kept = shouldRetain(record, latestOffset: latest, latestBits: latestOffsets, legacyRetainDeletes: retainDeletes, deleteHorizon: nil)
            keep.append(kept)
            if kept {
                retained += 1
                if record.value == nil { tombstones += 1 }
                // KAFKA-4298: inner messages of another magic than the wrapper's are rewritten.
                if record.magic != entry.magic { writeOriginal = false }
            } else {
                writeOriginal = false
            }
        }
        counts.recordsRead += read
        if retained > 0 {
            countTombstones(tombstones, newHorizon: false, existingHorizon: false, legacy: true)
            counts.recordsRetained += retained
            if writeOriginal {
                try sink.copy(batch, from: file)
                counts.batchesCopied += 1
                return
            }
            legacyBuilder.begin(magic: entry.magic, codec: entry.compressionCodec ?? .none,
                                logAppendTime: entry.timestampType == .logAppendTime ? entry.timestamp : nil)
            var index = 0
            try entry.forEachRecord(scratch: &scratch) { record in
                if keep[index] { legacyBuilder.append(record) }
                index += 1
            }
            built.removeAll()
            try legacyBuilder.build(into: &built, compressor: compressor)
            // Uncompressed entries are single messages, kept or dropped whole: only a wrapper is rebuilt.
            try sink.append(built: built.bytes)
            counts.batchesRewritten += 1
        } else if retainEmpty {
            throw CleanerFailure.emptyLegacyBatch
        } else {
            counts.batchesRemoved += 1
        }
    }

    // MARK: - Records

    /// Kafka's `Cleaner.shouldRetainRecord` (maintenance §2.6), counting why a record goes.
    /// `legacyRetainDeletes` is set for v0/v1 records (the segment-mtime rule), `deleteHorizon` is
    /// the v2 batch's horizon.
    @inline(__always)
    private func shouldRetain(_ record: borrowing Record, latestOffset: Int64, latestBits: LatestOffsets?,
                              legacyRetainDeletes: Bool?, deleteHorizon: Int64?) -> Bool {
        if record.offset > latestOffset {
            counts.recordsBeyondMap += 1
            return true
        }
        // Records the map-building walk tallied too (decided by the bits below).
        let mapped = latestBits.map { record.offset >= $0.firstOffset } ?? false
        if mapped && record.value == nil && record.key != nil { decodedMappedTombstones += 1 }
        guard let key = record.key else {
            if mapped { decodedMappedKeyless += 1 }
            counts.nullKeyRecordsRemoved += 1
            if counts.nullKeyOffsets.count < CleaningStatistics.sampleSize { counts.nullKeyOffsets.append(record.offset) }
            return false
        }
        let isLatest: Bool
        if mapped, let latestBits {
            isLatest = latestBits.contains(record.offset)
        } else {
            isLatest = record.offset >= map.get(key)
        }
        if !isLatest {
            counts.recordsSuperseded += 1
            if record.value == nil { counts.tombstonesRemovedSuperseded += 1 }
            return false
        }
        if record.value != nil { return true }
        if let legacyRetainDeletes {
            if !legacyRetainDeletes { counts.tombstonesRemovedLegacyHorizon += 1 }
            return legacyRetainDeletes
        }
        if let deleteHorizon, now >= deleteHorizon {
            counts.tombstonesRemovedHorizonPassed += 1
            return false
        }
        return true
    }

    private func countTombstones(_ count: Int, newHorizon: Bool, existingHorizon: Bool, legacy: Bool) {
        guard count > 0 else { return }
        if legacy { counts.tombstonesRetainedLegacy += count }
        else if newHorizon { counts.tombstonesRetainedNewHorizon += count }
        else if existingHorizon { counts.tombstonesRetainedUntilHorizon += count }
        else { counts.tombstonesRetainedNewHorizon += count }
    }
}
