import KafkaLog
import KafkaRecords

/// What the cleaner knows about a partition before a round (maintenance §2.2): its segments, the
/// offsets that bound cleaning, and the producer table, read the way the broker reads them at start-up.
/// Reading it validates the batches it walks (the active segment, and any replay after the producer
/// snapshot); a corrupt one is an error, so that nothing is planned on data that could not be read.
public struct PartitionLogState: Sendable {
    public struct Segment: Sendable {
        public let files: SegmentFiles
        public var baseOffset: Int64 { files.baseOffset }
        public let logSize: Int
        public let offsetIndexSize: Int
        public let timeIndexSize: Int
        /// `.log` modification time in milliseconds (Java's `File.lastModified`).
        public let lastModifiedMs: Int64
    }

    public enum HighWatermarkSource: String, Sendable {
        /// `replication-offset-checkpoint` (clamped to [log start, log end]).
        case checkpoint = "replication-offset-checkpoint"
        /// No entry: the broker starts from the log start offset, so nothing is committed yet.
        case missing = "missing"
        /// No entry, and the user said to take the log end (`--missing-high-watermark log-end`).
        case assumedLogEnd = "assumed-log-end"
    }

    public let directory: String
    public let topic: String
    public let partition: Int32
    public var logDirectory: String { LogFileName.directory(of: directory) }
    public let segments: [Segment]
    public let logStartOffset: Int64
    public let logEndOffset: Int64
    public let highWatermark: Int64
    public let highWatermarkSource: HighWatermarkSource
    /// min(high watermark, first unstable offset).
    public let lastStableOffset: Int64
    /// The first offset of the earliest undecided transaction, when it lowers the last stable offset.
    public let firstUnstableOffset: Int64?
    /// The partition's `cleaner-offset-checkpoint` entry.
    public let cleanerCheckpoint: Int64?
    public let producers: ProducerStateTable
    /// Where the producer table came from: a snapshot's offset, or nil for a replay from the log start.
    public let producerSnapshotOffset: Int64?
    public let abortedTransactions: AbortedTransactionIndex
    /// The directory listing the state was read from (its producer snapshots included).
    let listing: PartitionSegments

    public var activeSegment: Segment { segments[segments.count - 1] }

    /// Reads the partition in `directory`. `now` and the expiration time decide which producers a
    /// snapshot still holds (Kafka drops expired ones when it loads a snapshot).
    public static func load(directory: String, now: Int64, producerIdExpirationMs: Int64,
                            assumeHighWatermarkAtLogEnd: Bool = false) throws -> PartitionLogState {
        guard let name = PartitionDirectoryName(LogFileName.fileName(of: directory)), name.isPlain else {
            throw LogError.badName(path: directory, reason: "not a partition directory name (<topic>-<partition>)")
        }
        let listing = try PartitionSegments(directory: directory)
        guard !listing.segments.isEmpty else {
            throw LogError.badName(path: directory, reason: "partition directory holds no segment (.log) files")
        }
        let segments = listing.segments.map { files in
            Segment(files: files, logSize: FileSystem.size(of: files.log) ?? 0,
                    offsetIndexSize: FileSystem.size(of: files.offsetIndex) ?? 0, timeIndexSize: FileSystem.size(of: files.timeIndex) ?? 0,
                    lastModifiedMs: FileTimes.modifiedMilliseconds(files.log) ?? 0)
        }
        let logDirectory = listing.logDirectory
        func checkpoint(_ file: String) throws -> Int64? {
            try OffsetCheckpointFile.offset(logDirectory: logDirectory, name: file, topic: name.topic, partition: name.partition)
        }
        let logStart = max(try checkpoint(OffsetCheckpointFile.logStartOffset) ?? Int64.min, segments[0].baseOffset)
        let active = segments[segments.count - 1]
        let logEnd = try ReplayWalk.nextOffset(of: active.files)

        // Producer table: the newest snapshot Kafka would load (between the log start and end, readable),
        // then every batch after it.
        var producers = ProducerStateTable(startOffset: logStart)
        var snapshotOffset: Int64?
        for offset in listing.snapshotOffsets.reversed() where offset >= logStart && offset <= logEnd {
            let path = FileSystem.join(directory, LogFileName.name(for: offset, suffix: LogFileName.snapshotSuffix))
            guard let bytes = try? ReadOnlyFile(path: path).readAll(limit: 256 << 20),
                  let snapshot = try? bytes.withUnsafeBytes({ raw throws(ProducerSnapshot.Failure) in try ProducerSnapshot.parse(raw) }) else { continue }
            producers = ProducerStateTable(snapshot: snapshot, offset: offset, now: now, producerIdExpirationMs: producerIdExpirationMs)
            snapshotOffset = offset
            break
        }
        let replayFrom = snapshotOffset ?? logStart
        if replayFrom < logEnd {
            try ReplayWalk.replay(segments: segments.map(\.files), from: replayFrom, into: &producers)
        }

        var highWatermark: Int64
        var source: HighWatermarkSource
        if let checkpointed = try checkpoint(OffsetCheckpointFile.replication) {
            highWatermark = min(max(checkpointed, logStart), logEnd)
            source = .checkpoint
        } else if assumeHighWatermarkAtLogEnd {
            highWatermark = logEnd
            source = .assumedLogEnd
        } else {
            highWatermark = logStart
            source = .missing
        }
        let unstable = producers.firstUnstableOffset(highWatermark: highWatermark)
        let lastStable = min(highWatermark, unstable ?? highWatermark)
        return PartitionLogState(
            directory: directory, topic: name.topic, partition: name.partition, segments: segments,
            logStartOffset: logStart, logEndOffset: logEnd, highWatermark: highWatermark, highWatermarkSource: source,
            lastStableOffset: lastStable, firstUnstableOffset: unstable.flatMap { $0 < highWatermark ? $0 : nil },
            cleanerCheckpoint: try checkpoint(OffsetCheckpointFile.cleanerOffset),
            producers: producers, producerSnapshotOffset: snapshotOffset,
            abortedTransactions: try AbortedTransactionIndex(segments: segments.map(\.files)), listing: listing)
    }

    /// Index of the segment holding `offset` (the last segment whose base offset is ≤ it), or nil
    /// when `offset` is below the first segment.
    public func segmentIndex(containing offset: Int64) -> Int? {
        var low = 0, high = segments.count - 1, found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if segments[mid].baseOffset <= offset { found = mid; low = mid + 1 } else { high = mid - 1 }
        }
        return found
    }

    /// The segments whose offsets overlap `[from, to)` (Kafka's `logSegments(from, to)`).
    public func segments(overlapping from: Int64, _ to: Int64) -> Range<Int> {
        guard to > from else { return 0..<0 }
        let first = segmentIndex(containing: from) ?? 0
        var end = first
        while end < segments.count && segments[end].baseOffset < to { end += 1 }
        return first..<end
    }
}

/// Header-level walks over a segment's batches, used while loading a partition and by the round's
/// read pass (`CompactionScan`): every batch's CRC is checked, nothing else.
enum ReplayWalk {
    /// The offset after the last batch of a segment (its base offset when empty), as
    /// `LogSegment.readNextOffset`; refuses a segment with an invalid batch or tail.
    static func nextOffset(of segment: SegmentFiles) throws -> Int64 {
        var next = segment.baseOffset
        try walk(segment) { batch in next = max(next, batch.lastOffset + 1) }
        return next
    }

    /// Applies every batch from the one holding `offset` to the log end to `producers`.
    static func replay(segments: [SegmentFiles], from offset: Int64, into producers: inout ProducerStateTable) throws {
        var scratch = ByteBuffer(capacity: 1 << 12)
        let first = segments.lastIndex { $0.baseOffset <= offset } ?? 0
        for segment in segments[first...] {
            var failure: Error?
            // Headers only, read lazily; the batches that change producer state (those with a producer
            // id) are checked as the broker's recovery checks them. Segments a round rewrites are
            // checked in full by `CompactionScan`.
            try walk(segment, populate: false, check: { $0.magic >= 2 && $0.sizeInBytes >= RecordFormat.recordBatchOverhead && RecordBatch(bytes: $0.bytes).hasProducerId }) { batch in
                guard failure == nil, batch.lastOffset >= offset, batch.magic >= 2 else { return }
                let v2 = RecordBatch(bytes: batch.bytes)
                do {
                    producers.apply(v2, marker: try ControlMarker.first(of: v2, scratch: &scratch))
                } catch {
                    failure = LogError.corruptRecords(path: segment.log, batchPosition: batch.position, cause: error as? RecordsError ?? .invalid("\(error)", at: 0))
                }
            }
            if let failure { throw failure }
        }
    }

    /// Visits each batch of a segment after checking it as Kafka's recovery does (those `check`
    /// selects); any invalid byte (bad CRC, torn tail, impossible size) is an error naming the file
    /// and position.
    static func walk(_ segment: SegmentFiles, populate: Bool = true, check: (FileBatch) -> Bool = { _ in true },
                     _ body: (FileBatch) throws -> Void) throws {
        let file = try MappedFile(path: segment.log, populate: populate)
        var batches = LogBatchIterator(file: file)
        while let batch = try batches.next() {
            if check(batch), let reason = SegmentRecovery.validationFailure(batch) {
                throw LogError.corrupt(path: segment.log, position: batch.position, reason: reason)
            }
            try body(batch)
        }
        try CompactionInput.checkTail(batches, path: segment.log)
    }
}
