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
    /// Data batches of the dirty range the map-building walk took for aborted (their records are
    /// not in the map, so the cleaning pass must not decide them by `LatestOffsets`).
    var abortedBatches = Set<Int64>()
    /// Among the dirty records up to the map's latest offset in batches the map saw (the records the
    /// cleaning pass may decide from `LatestOffsets` without decoding them): those without a key, a
    /// sample of their offsets, and the tombstones.
    var mappedKeyless = 0
    var mappedKeylessOffsets: [Int64] = []
    var mappedTombstones = 0
    /// The current batch's keys, hashed (their slots are touched before they are inserted), whether
    /// each is a tombstone, and the offsets of its records without a key.
    private var digests: [(UInt64, UInt64, Int64, Bool)] = []
    private var keyless: [Int64] = []
    private var touched: UInt64 = 0

    static func run(state: PartitionLogState, range: CleanableRange, map: OffsetMap) throws -> CompactionScan {
        map.clear()
        let firstDirty = range.firstDirtyOffset
        let bound = range.firstUncleanableOffset
        let dirty = state.segments(overlapping: firstDirty, bound)
        // Map building walks the transactions of the dirty range on its own (`buildOffsetMap`).
        var mapTransactions = CleanedTransactionState()
        mapTransactions.addAbortedTransactions(state.abortedTransactions.collect(from: firstDirty, upperBound: bound, logStartOffset: state.logStartOffset))
        var tracker = PartitionIndexVerification.initialTransactions(state.listing)
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
            var next = segment.baseOffset
            // Every batch's CRC and the file's tail are checked by the walk.
            try ReplayWalk.walk(segment.files) { batch in
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

    /// Inserts the batch's keys in order, stopping where the map is full (Kafka checks before every
    /// insertion, even of a key already present). Returns true when the map filled.
    private mutating func insertDigests(into map: OffsetMap) -> Bool {
        // First start every slot's load (independent loads overlap; the sum keeps them), then insert.
        var sum: UInt64 = 0
        for (h1, _, _, _) in digests { sum &+= map.touch(h1) }
        touched ^= sum
        var filled = false
        for (h1, h2, offset, tombstone) in digests {
            if map.isFull {
                filled = true
                break
            }
            map.put(digest: h1, h2, offset: offset)
            mappedRecords += 1
            if tombstone { mappedTombstones += 1 }
        }
        // Records without a key up to where the map ends count as mapped (a filled map ends at its
        // last insertion; otherwise the batch's end is covered).
        for offset in keyless where !filled || offset <= map.latestOffset {
            mappedKeyless += 1
            if mappedKeylessOffsets.count < CleaningStatistics.sampleSize { mappedKeylessOffsets.append(offset) }
        }
        if filled { mapFilled = true }
        return filled
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
                    abortedBatches.insert(v2.baseOffset)
                }
            }
            digests.removeAll(keepingCapacity: true)
            keyless.removeAll(keepingCapacity: true)
            let hasher = map.hasher
            try v2.forEachRecord(inSection: section) { record in
                guard insert, record.offset >= firstDirty else { return }
                guard let key = record.key else { keyless.append(record.offset); return }
                let (h1, h2) = hasher.digest(key)
                digests.append((h1, h2, record.offset, record.value == nil))
            }
            if insertDigests(into: map) { return }
            if mapping && v2.lastOffset >= firstDirty { map.updateLatestOffset(v2.lastOffset) }
        case .legacy(let entry):
            if mapping { _ = transactions.onDataBatch(lastOffset: entry.offset, isTransactional: false, producerId: -1) }
            var badInner: Int64?
            digests.removeAll(keepingCapacity: true)
            keyless.removeAll(keepingCapacity: true)
            let hasher = map.hasher
            try entry.forEachRecord(scratch: &scratch) { record in
                if !record.legacyIsValid && badInner == nil { badInner = record.offset }
                guard mapping, record.offset >= firstDirty else { return }
                guard let key = record.key else { keyless.append(record.offset); return }
                let (h1, h2) = hasher.digest(key)
                digests.append((h1, h2, record.offset, record.value == nil))
            }
            if let badInner { throw RecordsError.invalid("inner message at offset \(badInner) has an invalid CRC-32", at: 0) }
            if insertDigests(into: map) { return }
            if mapping && entry.offset >= firstDirty { map.updateLatestOffset(entry.offset) }
        }
    }
}
