import KafkaLog
import KafkaRecords

/// Checks one segment's `.index`, `.timeindex` and `.txnindex` against its `.log` in a single pass
/// over the log: Kafka's own checks (sanity checks, entry/batch agreement) plus what Kafka does not
/// check (entries on batch starts, strictly increasing, within the log, the time index's final entry,
/// aborted transactions matching the markers, the log's own CRCs, offset order and tail).
public struct SegmentIndexVerifier {
    public let segment: SegmentFiles
    public private(set) var findings: [IndexFinding] = []
    public private(set) var notes: [IndexNote] = []
    /// Bytes of `.log` read (for progress and rates).
    public private(set) var bytesRead = 0

    public init(segment: SegmentFiles) {
        self.segment = segment
    }

    /// Runs every check; `transactions` is the producer state at the segment's base offset and is
    /// advanced through this segment.
    public mutating func verify(transactions: inout TransactionTracker, scratch: inout ByteBuffer) {
        var offsetCheck = loadOffsetIndex()
        var timeCheck = loadTimeIndex()
        var walk = LogWalkState()
        let recovery: SegmentRecovery
        do {
            var tracker = transactions
            recovery = try SegmentRecovery.run(segment: segment, transactions: &tracker, scratch: &scratch) { batch in
                let first = batch.magic >= 2 ? batch.offsetField : batch.lastOffset
                let last = batch.lastOffset
                walk.observe(position: batch.position, first: first, last: last, segment: segment, findings: &findings)
                offsetCheck?.observe(position: batch.position, first: first, last: last, previousLast: walk.previousLast, findings: &findings, notes: &notes)
                timeCheck?.observe(last: last, maxTimestamp: batch.maxTimestamp, findings: &findings)
                walk.previousLast = last
            }
            transactions = tracker
        } catch {
            findings.append(IndexFinding(file: segment.log, check: .unreadable, expected: "a readable segment", found: "\(error)"))
            return
        }
        bytesRead += recovery.fileSize
        if let tail = recovery.invalidTail {
            let check: IndexFinding.Check = tail.reason.contains("crc") || tail.reason.contains("minimum allowed") ? .invalidBatch : .invalidTail
            findings.append(IndexFinding(file: segment.log, check: check, position: tail.position,
                                         expected: "valid batches to the end of the file (\(recovery.fileSize) bytes)",
                                         found: "\(tail.reason); Kafka's recovery would truncate \(recovery.truncatedBytes) bytes from byte \(recovery.validBytes)"))
        }
        offsetCheck?.finish(validBytes: recovery.validBytes, lastLogOffset: recovery.lastOffset, findings: &findings)
        timeCheck?.finish(findings: &findings)
        checkTransactionIndex(expected: recovery.abortedTransactions, cleanedAborts: recovery.abortMarkersWithoutData)
    }

    // MARK: - The log

    /// Offset order across batches.
    struct LogWalkState {
        var previousLast: Int64?

        func observe(position: Int, first: Int64, last: Int64, segment: SegmentFiles, findings: inout [IndexFinding]) {
            if let previousLast, first <= previousLast {
                findings.append(IndexFinding(file: segment.log, check: .offsetsGoBackwards, position: position,
                                             expected: "first offset > \(previousLast)", found: "\(first)"))
            } else if previousLast == nil && first < segment.baseOffset {
                findings.append(IndexFinding(file: segment.log, check: .offsetsGoBackwards, position: position,
                                             expected: "offsets ≥ the base offset \(segment.baseOffset)", found: "\(first)"))
            }
        }
    }

    /// Loads an index file whole (indexes are small: about one entry per 4 KiB of log).
    private mutating func loadIndex(_ path: String, kind: String) -> [UInt8]? {
        guard FileSystem.exists(path) else {
            let consequence = kind == "offset" ? "no file (Kafka rebuilds the segment at start-up)" : "no file (Kafka creates an empty one and never rebuilds it)"
            findings.append(IndexFinding(file: path, check: .missingIndex, expected: kind == "offset" ? "an offset index" : "a time index", found: consequence))
            return nil
        }
        // Even a log of 2 GiB yields far less than 1 GiB of index; a larger file is damage (or
        // garbage), reported without loading it.
        let limit = 1 << 30
        if let size = FileSystem.size(of: path), size > limit {
            findings.append(IndexFinding(file: path, check: .indexSize, expected: "at most \(limit) bytes (an index holds at most one entry per batch)",
                                         found: "\(size) bytes; `kseg rebuild-index --execute` replaces it"))
            return nil
        }
        do { return try ReadOnlyFile(path: path).readAll(limit: limit) } catch {
            findings.append(IndexFinding(file: path, check: .unreadable, expected: "a readable index", found: "\(error)"))
            return nil
        }
    }

    // MARK: - Offset index

    private mutating func loadOffsetIndex() -> OffsetIndexCheck? {
        let path = segment.offsetIndex
        guard let bytes = loadIndex(path, kind: "offset") else { return nil }
        if bytes.count % OffsetIndexView.entrySize != 0 {
            findings.append(IndexFinding(file: path, check: .indexSize, expected: "a multiple of 8 bytes", found: "\(bytes.count) bytes"))
        }
        return bytes.withUnsafeBytes { raw in
            let index = OffsetIndexView(bytes: raw, baseOffset: segment.baseOffset)
            if let failure = index.sanityCheckFailure(path: path) {
                findings.append(IndexFinding(file: path, check: .sanityCheck, expected: "Kafka's sanity check to pass", found: failure))
            }
            let written = index.writtenEntryCount
            if written < index.count && UnsafeRawBufferPointer(rebasing: raw[(written * 8)..<(index.count * 8)]).contains(where: { $0 != 0 }) {
                findings.append(IndexFinding(file: path, check: .entriesNotIncreasing, entry: written, position: written * 8,
                                             expected: "offsets and positions strictly increasing after \(written > 0 ? "offset \(index[written - 1].offset)" : "the start") (or zero padding)",
                                             found: "offset \(index[written].offset) position \(index[written].position)"))
            }
            let entries = (0..<written).map { (entry: $0, value: index[$0]) }.sorted { $0.value.position < $1.value.position }
            return OffsetIndexCheck(path: path, entries: entries)
        }
    }

    /// Merge-joins offset-index entries (by position) with the batches as they stream past.
    struct OffsetIndexCheck {
        let path: String
        let entries: [(entry: Int, value: OffsetPosition)]
        var next = 0

        mutating func observe(position: Int, first: Int64, last: Int64, previousLast: Int64?, findings: inout [IndexFinding], notes: inout [IndexNote]) {
            while next < entries.count && Int(entries[next].value.position) < position {
                let e = entries[next]
                findings.append(IndexFinding(file: path, check: .entryNotOnBatchStart, entry: e.entry, position: e.entry * 8,
                                             expected: "a position where a batch starts (next batch starts at \(position))",
                                             found: "position \(e.value.position) (offset \(e.value.offset))"))
                next += 1
            }
            while next < entries.count && Int(entries[next].value.position) == position {
                let e = entries[next]
                // Entry (O, P): the batch at P holds offsets ≤ O and every earlier batch smaller ones.
                if e.value.offset < first || (previousLast.map { e.value.offset <= $0 } ?? false) {
                    findings.append(IndexFinding(file: path, check: .entryOffsetOutsideBatch, entry: e.entry, position: e.entry * 8,
                                                 expected: "an offset ≥ \(first) (the batch at \(position))\(previousLast.map { " and > \($0)" } ?? "")",
                                                 found: "\(e.value.offset)"))
                } else if e.value.offset != last {
                    notes.append(IndexNote(file: path, entry: e.entry, message: "entry (offset \(e.value.offset), position \(position)) covers several batches, as the cleaner and followers write; valid, but Kafka's --verify-index-only reports a mismatch (log offset \(last))"))
                }
                next += 1
            }
        }

        func finish(validBytes: Int, lastLogOffset: Int64?, findings: inout [IndexFinding]) {
            for e in entries[next...] {
                findings.append(IndexFinding(file: path, check: .entryBeyondLogEnd, entry: e.entry, position: e.entry * 8,
                                             expected: "a position below the end of the valid log (\(validBytes))",
                                             found: "offset \(e.value.offset) at position \(e.value.position)"))
            }
            if let lastLogOffset, let beyond = entries.prefix(next).first(where: { $0.value.offset > lastLogOffset }) {
                findings.append(IndexFinding(file: path, check: .entryBeyondLogEnd, entry: beyond.entry, position: beyond.entry * 8,
                                             expected: "an offset ≤ the log's last offset \(lastLogOffset)", found: "\(beyond.value.offset)"))
            }
        }
    }

    // MARK: - Time index

    private mutating func loadTimeIndex() -> TimeIndexCheck? {
        let path = segment.timeIndex
        guard let bytes = loadIndex(path, kind: "time") else { return nil }
        if bytes.count % TimeIndexView.entrySize != 0 {
            findings.append(IndexFinding(file: path, check: .indexSize, expected: "a multiple of 12 bytes", found: "\(bytes.count) bytes"))
        }
        return bytes.withUnsafeBytes { raw in
            let index = TimeIndexView(bytes: raw, baseOffset: segment.baseOffset)
            let written = index.writtenEntryCount
            if written == index.count, let failure = index.sanityCheckFailure(path: path) {
                findings.append(IndexFinding(file: path, check: .sanityCheck, expected: "Kafka's sanity check to pass", found: failure))
            }
            if written < index.count && UnsafeRawBufferPointer(rebasing: raw[(written * 12)..<(index.count * 12)]).contains(where: { $0 != 0 }) {
                findings.append(IndexFinding(file: path, check: .entriesNotIncreasing, entry: written, position: written * 12,
                                             expected: "timestamps strictly increasing, offsets non-decreasing (or zero padding)",
                                             found: "timestamp \(index[written].timestamp) offset \(index[written].offset)"))
            }
            return TimeIndexCheck(path: path, entries: (0..<written).map { (entry: $0, value: index[$0]) })
        }
    }

    /// Each entry (T, O) must sit at the end of a batch where the running maximum of batch
    /// timestamps first reached T; the last entry must hold the segment's largest timestamp.
    struct TimeIndexCheck {
        let path: String
        let entries: [(entry: Int, value: TimestampOffset)]
        var next = 0
        var runningMax: Int64 = -1

        mutating func observe(last: Int64, maxTimestamp: Int64, findings: inout [IndexFinding]) {
            let previousMax = runningMax
            runningMax = max(runningMax, maxTimestamp)
            while next < entries.count && entries[next].value.offset < last {
                let e = entries[next]
                findings.append(IndexFinding(file: path, check: .timeIndexEntry, entry: e.entry, position: e.entry * 12,
                                             expected: "an offset that ends a batch", found: "offset \(e.value.offset) (timestamp \(e.value.timestamp))"))
                next += 1
            }
            while next < entries.count && entries[next].value.offset == last {
                let e = entries[next]
                if e.value.timestamp != runningMax || previousMax >= runningMax {
                    findings.append(IndexFinding(file: path, check: .timeIndexEntry, entry: e.entry, position: e.entry * 12,
                                                 expected: "timestamp \(runningMax) (the largest batch timestamp up to offset \(last)), first reached at that batch",
                                                 found: "timestamp \(e.value.timestamp)"))
                }
                next += 1
            }
        }

        func finish(findings: inout [IndexFinding]) {
            for e in entries[next...] {
                findings.append(IndexFinding(file: path, check: .timeIndexEntry, entry: e.entry, position: e.entry * 12,
                                             expected: "an offset that ends a batch of the log", found: "offset \(e.value.offset) (timestamp \(e.value.timestamp))"))
            }
            if runningMax >= 0 {
                let last = entries.last?.value.timestamp
                if last != runningMax {
                    findings.append(IndexFinding(file: path, check: .timeIndexLastEntry, entry: entries.last?.entry,
                                                 expected: "last entry timestamp \(runningMax) (the segment's largest timestamp, which time-based retention reads)",
                                                 found: last.map { "\($0)" } ?? "no entries"))
                }
            }
        }
    }

    // MARK: - Transaction index

    /// `cleanedAborts`: ABORT markers whose transaction has no data left in the log. Kafka's cleaner
    /// keeps such a transaction's original entry when it removed the data in the same pass (spec
    /// maintenance §2.4), so an entry that names one of these markers and its producer is accepted
    /// (its first offset and last stable offset can no longer be checked against the log).
    private mutating func checkTransactionIndex(expected: [AbortedTransaction], cleanedAborts: [SegmentRecovery.AbortMarker]) {
        let path = segment.transactionIndex
        var actual: [AbortedTransaction] = []
        if FileSystem.exists(path) {
            do {
                let bytes = try ReadOnlyFile(path: path).readAll(limit: 1 << 30)
                if bytes.count % AbortedTransaction.size != 0 {
                    findings.append(IndexFinding(file: path, check: .indexSize, expected: "a multiple of 34 bytes", found: "\(bytes.count) bytes"))
                }
                actual = bytes.withUnsafeBytes { TransactionIndexReader.entries($0) }
            } catch {
                findings.append(IndexFinding(file: path, check: .unreadable, expected: "a readable index", found: "\(error)"))
                return
            }
        }
        if let failure = TransactionIndexReader.sanityCheckFailure(actual, baseOffset: segment.baseOffset, path: path) {
            findings.append(IndexFinding(file: path, check: .sanityCheck, expected: "Kafka's load-time check to pass", found: failure))
        }
        func describe(_ t: AbortedTransaction) -> String {
            "producer \(t.producerId) first \(t.firstOffset) last \(t.lastOffset) lastStable \(t.lastStableOffset)"
        }
        let cleaned = Set(cleanedAborts.map { "\($0.producerId):\($0.offset)" })
        for (i, entry) in actual.enumerated() where !expected.contains(entry) && !cleaned.contains("\(entry.producerId):\(entry.lastOffset)") {
            findings.append(IndexFinding(file: path, check: .transactionIndex, entry: i, position: i * AbortedTransaction.size,
                                         expected: "an ABORT marker at offset \(entry.lastOffset) matching this entry",
                                         found: describe(entry)))
        }
        for missing in expected where !actual.contains(missing) {
            findings.append(IndexFinding(file: path, check: .transactionIndex,
                                         expected: "an entry for the aborted transaction (\(describe(missing)))",
                                         found: FileSystem.exists(path) ? "no such entry" : "no transaction index"))
        }
    }
}
