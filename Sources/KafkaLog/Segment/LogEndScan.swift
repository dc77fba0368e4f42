import KafkaRecords

/// The end of a partition's log, found as Kafka's `LogSegment.readNextOffset` finds it: start at the
/// batch the offset index's last entry points to and walk the batches to the end of the last segment.
/// Only that tail is read (about `index.interval.bytes` plus one batch), never the whole segment.
///
/// Unlike Kafka after a clean shutdown, every batch walked is validated (size, CRC) as Kafka's
/// recovery would: the log end offset of a segment whose tail is torn or corrupt is not known until
/// the broker's recovery truncates it, and callers must not act on a guess.
public struct LogEndScan: Sendable {
    /// The offset after the last valid batch (the base offset when there is none): the log end offset
    /// when `invalidTail` is nil, the one Kafka's recovery would leave otherwise.
    public var nextOffset: Int64
    /// Bytes from the start of the file to the end of the last valid batch.
    public var validBytes: Int
    public var fileSize: Int
    /// Largest `maxTimestamp` among the batches walked (−1 if none carries one).
    public var maxTimestamp: Int64
    /// Where the walk started: the offset index's last entry, or 0.
    public var scannedFrom: Int
    /// The first invalid byte and why, when the segment does not end in a valid batch.
    public var invalidTail: InvalidTail?
    /// Set when the offset index could not be used and the whole segment was walked.
    public var note: String?

    public struct InvalidTail: Sendable, Equatable {
        public var position: Int
        public var reason: String
    }

    /// True when the walk covered the whole file (so `maxTimestamp` is the segment's largest).
    public var coversWholeSegment: Bool { scannedFrom == 0 }

    /// Scans the last segment of a partition.
    public static func scan(_ segment: SegmentFiles) throws -> LogEndScan {
        let file = try ReadOnlyFile(path: segment.log)
        let empty = LogEndScan(nextOffset: segment.baseOffset, validBytes: 0, fileSize: file.size, maxTimestamp: -1,
                               scannedFrom: 0, invalidTail: nil, note: nil)
        guard file.size > 0 else { return empty }
        // Map only the windows the walk touches: the tail of a large segment, not all of it.
        let mapped = MappedFile(file: file, windowSize: 1 << 20, wholeFileLimit: 0)
        var note: String?
        if let tail = try IndexTail.offsetIndex(path: segment.offsetIndex, baseOffset: segment.baseOffset) {
            if tail.preallocated { note = "offset index is preallocated (the broker did not shut down cleanly)" }
            if let entry = tail.last {
                if entry.position > 0, Int(entry.position) < file.size,
                   var scan = try walk(mapped, segment: segment, from: Int(entry.position), indexedOffset: entry.offset) {
                    scan.note = note
                    return scan
                }
                note = "the offset index's last entry (offset \(entry.offset), position \(entry.position)) does not point at a valid batch; the whole segment was read"
            }
        } else {
            note = "no offset index; the whole segment was read"
        }
        var scan = try walk(mapped, segment: segment, from: 0, indexedOffset: nil)!
        scan.note = note
        return scan
    }

    /// Walks a whole segment (one the broker would rebuild, having no offset index), validating every batch.
    public static func scanWhole(_ segment: SegmentFiles) throws -> LogEndScan {
        try walk(MappedFile(path: segment.log), segment: segment, from: 0, indexedOffset: nil)!
    }

    /// Walks from `start` to the end of the file. When `indexedOffset` is given, returns nil unless the
    /// first batch is valid and holds that offset or ends before it (a chunk's first batch).
    static func walk(_ file: MappedFile, segment: SegmentFiles, from start: Int, indexedOffset: Int64?) throws -> LogEndScan? {
        var result = LogEndScan(nextOffset: segment.baseOffset, validBytes: start, fileSize: file.size, maxTimestamp: -1,
                                scannedFrom: start, invalidTail: nil, note: nil)
        var iterator = LogBatchIterator(file: file, start: start)
        var first = true
        while true {
            let batch: FileBatch
            do {
                guard let next = try iterator.next() else { break }
                batch = next
            } catch LogError.corrupt(_, let position, let reason) {
                if first && indexedOffset != nil { return nil }
                result.invalidTail = InvalidTail(position: position, reason: reason + zerosNote(file, at: position))
                return result
            }
            // The header's offset field is the batch's first offset as a shallow read sees it (v2 base
            // offset; a legacy entry's offset, which is also its last).
            let firstOffset = batch.offsetField
            if let reason = SegmentRecovery.validationFailure(batch) ?? offsetFailure(batch, segment: segment, after: result.nextOffset, first: first) {
                if first && indexedOffset != nil { return nil }
                result.invalidTail = InvalidTail(position: batch.position, reason: reason)
                return result
            }
            if first, let indexedOffset, firstOffset > indexedOffset { return nil }
            first = false
            result.nextOffset = batch.lastOffset + 1
            result.validBytes = batch.position + batch.sizeInBytes
            result.maxTimestamp = max(result.maxTimestamp, batch.maxTimestamp)
        }
        if first && indexedOffset != nil { return nil }
        switch iterator.stop {
        case .truncatedBatch(let declared, let available)?:
            result.invalidTail = InvalidTail(position: iterator.position, reason: "incomplete batch: declares \(declared) bytes, \(available) remain")
        case .shortTail(let bytes)?:
            result.invalidTail = InvalidTail(position: iterator.position, reason: "\(bytes) trailing bytes, too short for a batch header")
        case .endOfRange?, nil:
            break
        }
        return result
    }

    /// Says so when the file holds only zeros from `position` (up to 4 KiB looked at): what a
    /// preallocated segment (`log.preallocate=true`) or a torn write leaves after a crash.
    static func zerosNote(_ file: MappedFile, at position: Int) -> String {
        guard let bytes = try? file.bytes(at: position, count: 4096), bytes.count >= 12, bytes.allSatisfy({ $0 == 0 }) else { return "" }
        return " (zeros follow: a preallocated segment, or a torn write, of a broker that did not shut down cleanly)"
    }

    /// Offsets a valid batch must have to extend the log: within the segment and after the previous batch.
    static func offsetFailure(_ batch: FileBatch, segment: SegmentFiles, after previousNext: Int64, first: Bool) -> String? {
        let last = batch.lastOffset
        if last < segment.baseOffset || last - segment.baseOffset > Int64(Int32.max) {
            return "batch last offset \(last) does not belong to the segment with base offset \(segment.baseOffset)"
        }
        if !first && last < previousNext {
            return "batch last offset \(last) is below the previous batch's next offset \(previousNext)"
        }
        return nil
    }
}
