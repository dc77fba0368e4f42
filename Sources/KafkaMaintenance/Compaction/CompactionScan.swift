import KafkaLog
import KafkaRecords

/// The read pass of a cleaning round, before anything is written: one walk, in offset order, over
/// every segment the round will rewrite. It
///
/// - checks every batch (CRC, offsets, every record decodable, legacy inner CRCs) and every abort
///   against the segment's `.txnindex`, so that a round never starts on input it cannot fully read;
/// - builds the offset map over the dirty part exactly as Kafka's `buildOffsetMap` does (maintenance
///   §2.3), including the partial round when the map fills;
/// - records each segment's next offset, which the cleaning pass needs to collect aborted transactions.
struct CompactionScan {
    /// The round's end: offsets below it are deduplicated (Kafka's `endOffset`).
    var endOffset: Int64
    /// The map filled before the end of the cleanable range: a later round continues at `endOffset`.
    var mapFilled = false
    /// Index of the last segment the round rewrites (the one holding `endOffset − 1`).
    var lastSegment: Int
    /// Per segment read: the offset after its last batch (its base offset when empty).
    var nextOffsets: [Int64] = []
    /// Records with a key inserted into the map.
    var mappedRecords = 0
    var bytesRead = 0

    static func run(state: PartitionLogState, range: CleanableRange, map: OffsetMap) throws -> CompactionScan {
        map.clear()
        let firstDirty = range.firstDirtyOffset
        let bound = range.firstUncleanableOffset
        let dirty = state.segments(overlapping: firstDirty, bound)
        // Map building walks the transactions of the dirty range on its own (`buildOffsetMap`).
        var mapTransactions = CleanedTransactionState()
        mapTransactions.addAbortedTransactions(state.abortedTransactions.collect(from: firstDirty, upperBound: bound, logStartOffset: state.logStartOffset))
        var tracker = PartitionIndexVerification.initialTransactions(try PartitionSegments(directory: state.directory))
        var scratch = ByteBuffer(capacity: 1 << 16)
        var legacyScratch = ByteBuffer(capacity: 1 << 12)
        var scan = CompactionScan(endOffset: bound, lastSegment: -1)
        var previousLastOffset: Int64?

        for index in state.segments.indices {
            let segment = state.segments[index]
            // Segments from the uncleanable bound on are never rewritten: no need to read them.
            if segment.baseOffset >= bound { break }
            let isDirty = dirty.contains(index)
            let path = segment.files.log
            let file = try MappedFile(path: path)
            var batches = LogBatchIterator(file: file)
            var next = segment.baseOffset
            while let batch = try batches.next() {
                try CompactionInput.checkBatch(batch, path: path)
                let lastOffset = batch.lastOffset
                let firstOffset = batch.magic >= 2 ? batch.offsetField : lastOffset
                if firstOffset < segment.baseOffset || lastOffset - segment.baseOffset > Int64(Int32.max) {
                    throw LogError.corrupt(path: path, position: batch.position,
                                           reason: "batch offsets \(firstOffset)...\(lastOffset) do not fit the segment's base offset \(segment.baseOffset)")
                }
                if let previous = previousLastOffset, firstOffset <= previous {
                    throw LogError.corrupt(path: path, position: batch.position,
                                           reason: "batch offsets \(firstOffset)...\(lastOffset) do not follow the previous batch's last offset \(previous)")
                }
                previousLastOffset = lastOffset
                next = lastOffset + 1
                scan.bytesRead += batch.sizeInBytes
                do {
                    try scan.read(batch, segmentBase: segment.baseOffset, mapping: isDirty && !scan.mapFilled, firstDirty: firstDirty,
                                  map: map, transactions: &mapTransactions, tracker: &tracker, state: state,
                                  scratch: &scratch, legacyScratch: &legacyScratch)
                } catch let error as RecordsError {
                    throw LogError.corruptRecords(path: path, batchPosition: batch.position, cause: error)
                }
            }
            try CompactionInput.checkTail(batches, path: path)
            scan.nextOffsets.append(next)
            scan.lastSegment = index
            if isDirty && !scan.mapFilled {
                // Offset gaps at the end of a segment count as covered.
                let nextBase = index + 1 < dirty.upperBound ? state.segments[index + 1].baseOffset : bound
                map.updateLatestOffset(nextBase - 1)
            }
            if scan.mapFilled { break }
        }
        scan.endOffset = scan.mapFilled ? map.latestOffset + 1 : bound
        // The round rewrites every segment that starts below its end.
        while scan.lastSegment > 0 && state.segments[scan.lastSegment].baseOffset >= scan.endOffset { scan.lastSegment -= 1 }
        return scan
    }

    /// Checks one batch's records and, in the dirty range, feeds the map.
    private mutating func read(_ batch: FileBatch, segmentBase: Int64, mapping: Bool, firstDirty: Int64, map: OffsetMap,
                               transactions: inout CleanedTransactionState, tracker: inout TransactionTracker, state: PartitionLogState,
                               scratch: inout ByteBuffer, legacyScratch: inout ByteBuffer) throws {
        switch try batch.format() {
        case .v2(let v2):
            let section = try v2.records(scratch: &scratch)
            if case .aborted(let aborted)? = try tracker.apply(v2, scratch: &legacyScratch),
               !state.abortedTransactions.contains(segmentBase: segmentBase, producerId: aborted.producerId, markerOffset: aborted.lastOffset) {
                throw CompactionError.transactionIndexIncomplete(path: SegmentFiles(directory: state.directory, baseOffset: segmentBase).transactionIndex,
                                                                 producerId: aborted.producerId, markerOffset: aborted.lastOffset)
            }
            var insert = mapping
            if mapping {
                if v2.isControl {
                    let marker = try ControlMarker.first(of: v2, scratch: &legacyScratch)
                    _ = transactions.onControlBatch(lastOffset: v2.lastOffset, producerId: v2.producerId, marker: marker?.type)
                    insert = false
                } else if transactions.onDataBatch(lastOffset: v2.lastOffset, isTransactional: v2.isTransactional, producerId: v2.producerId) {
                    insert = false  // aborted data never enters the map
                }
            }
            var filled = mapFilled
            try v2.forEachRecord(inSection: section) { record in
                guard insert && !filled, let key = record.key, record.offset >= firstDirty else { return }
                if map.isFull { filled = true; return }
                map.put(key, offset: record.offset)
                mappedRecords += 1
            }
            if filled != mapFilled { mapFilled = true; return }
            if mapping && v2.lastOffset >= firstDirty { map.updateLatestOffset(v2.lastOffset) }
        case .legacy(let entry):
            if mapping { _ = transactions.onDataBatch(lastOffset: entry.offset, isTransactional: false, producerId: -1) }
            var filled = mapFilled
            var badInner: Int64?
            try entry.forEachRecord(scratch: &scratch) { record in
                if !record.legacyIsValid && badInner == nil { badInner = record.offset }
                guard mapping && !filled, let key = record.key, record.offset >= firstDirty else { return }
                if map.isFull { filled = true; return }
                map.put(key, offset: record.offset)
                mappedRecords += 1
            }
            if let badInner { throw RecordsError.invalid("inner message at offset \(badInner) has an invalid CRC-32", at: 0) }
            if filled != mapFilled { mapFilled = true; return }
            if mapping && entry.offset >= firstDirty { map.updateLatestOffset(entry.offset) }
        }
    }
}
