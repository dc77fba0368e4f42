import KafkaLog
import KafkaRecords

/// What `rebuild-index` would do to one index file.
public struct IndexFileChange: Sendable {
    public enum Kind: String, Sendable { case offsetIndex = "index", timeIndex = "timeindex", transactionIndex = "txnindex" }
    public enum Status: Sendable, Equatable {
        /// The file already holds exactly the rebuilt bytes.
        case identical
        /// The file exists with other bytes: how many entries differ, of how many.
        case differs(entriesDiffering: Int, oldEntries: Int, newEntries: Int)
        /// No file where Kafka would have one.
        case missing
    }

    public let path: String
    public let kind: Kind
    public let status: Status
    /// The bytes Kafka's rebuild produces.
    public let rebuilt: [UInt8]

    public var needsWrite: Bool { status != .identical }
}

/// `rebuild-index`'s plan for one segment: the rebuilt indexes (Kafka's `LogSegment.recover`) and,
/// when the log has an invalid tail, what `--repair` would cut.
public struct SegmentRebuildPlan: Sendable {
    public let segment: SegmentFiles
    public let changes: [IndexFileChange]
    public let invalidTail: InvalidTail?

    public struct InvalidTail: Sendable {
        /// Kafka's recovery keeps the file up to here.
        public let validBytes: Int
        public let fileSize: Int
        public let reason: String
        /// Offset ranges that complete batch headers in the cut bytes claim (best effort: the bytes
        /// are corrupt), for the report.
        public let claimedOffsets: [(first: Int64, last: Int64)]
        public var bytes: Int { fileSize - validBytes }
    }
}

/// The plan for a partition.
public struct PartitionRebuildPlan: Sendable {
    public let directory: String
    public let segments: [SegmentRebuildPlan]
    public var logBytes = 0
    /// Leftovers of an interrupted deletion, compaction or swap, which a broker would resolve before
    /// loading the partition; `--execute` resolves them first the same way and plans again.
    public var leftovers: [LeftoverRecovery.Action] = []
    /// What Kafka's recovery removes with an invalid tail: when it truncates a segment, it deletes
    /// every later segment, and the log ends at the last valid batch (`LogLoader.recoverLog`).
    public var truncation: LogTruncation?

    public init(directory: String, segments: [SegmentRebuildPlan], logBytes: Int, leftovers: [LeftoverRecovery.Action] = [],
                truncation: LogTruncation? = nil) {
        self.directory = directory
        self.segments = segments
        self.logBytes = logBytes
        self.leftovers = leftovers
        self.truncation = truncation
    }

    /// The same plan restricted to the segments with the given base offsets (all when nil).
    public func selecting(_ baseOffsets: Set<Int64>?) -> PartitionRebuildPlan {
        guard let baseOffsets else { return self }
        let selected = segments.filter { baseOffsets.contains($0.segment.baseOffset) }
        let keepsTruncation = truncation.map { baseOffsets.contains($0.segment.baseOffset) } ?? false
        return PartitionRebuildPlan(directory: directory, segments: selected, logBytes: logBytes, leftovers: leftovers,
                                    truncation: keepsTruncation ? truncation : nil)
    }

    public var needsWork: Bool { !leftovers.isEmpty || segments.contains { $0.invalidTail != nil || $0.changes.contains(where: \.needsWrite) } }

    /// Plans the rebuild of every segment of `directory` (reads only).
    public static func make(partition directory: String, indexIntervalBytes: Int = 4096, maxIndexSize: Int = 10_485_760) throws -> PartitionRebuildPlan {
        let leftovers = try LeftoverRecovery.plan(partition: directory)
        let segments = try PartitionSegments(directory: directory)
        var transactions = PartitionIndexVerification.initialTransactions(segments)
        var scratch = ByteBuffer(capacity: 1 << 16)
        var plans: [SegmentRebuildPlan] = []
        var bytes = 0
        var truncation: LogTruncation?
        for segment in segments.segments {
            if truncation != nil {
                // Behind the first invalid tail: Kafka's recovery deletes this segment whole.
                truncation!.laterSegments.append(try LogTruncation.laterSegment(segment))
                continue
            }
            let recovery = try SegmentRecovery.run(segment: segment, indexIntervalBytes: indexIntervalBytes, maxIndexSize: maxIndexSize,
                                                   transactions: &transactions, scratch: &scratch)
            bytes += recovery.fileSize
            var changes = [
                try change(path: segment.offsetIndex, kind: .offsetIndex, rebuilt: recovery.indexes.offsetIndexBytes, entrySize: 8),
                try change(path: segment.timeIndex, kind: .timeIndex, rebuilt: recovery.indexes.timeIndexBytes, entrySize: 12),
            ]
            // Kafka keeps a transaction index only where one existed or an abort completed.
            if FileSystem.exists(segment.transactionIndex) || !recovery.abortedTransactions.isEmpty {
                var buffer = ByteBuffer()
                for entry in recovery.abortedTransactions { entry.append(to: &buffer) }
                changes.append(try change(path: segment.transactionIndex, kind: .transactionIndex, rebuilt: buffer.toArray(), entrySize: AbortedTransaction.size))
            }
            var tail: SegmentRebuildPlan.InvalidTail?
            if let invalid = recovery.invalidTail {
                tail = .init(validBytes: recovery.validBytes, fileSize: recovery.fileSize, reason: invalid.reason,
                             claimedOffsets: claimedOffsets(segment: segment, from: recovery.validBytes))
                let logEnd = recovery.lastOffset.map { $0 + 1 } ?? segment.baseOffset
                truncation = LogTruncation(segment: segment, logEndOffset: logEnd,
                                           snapshotsAbove: segments.snapshotOffsets.filter { $0 > logEnd })
            }
            plans.append(SegmentRebuildPlan(segment: segment, changes: changes, invalidTail: tail))
        }
        return PartitionRebuildPlan(directory: directory, segments: plans, logBytes: bytes, leftovers: leftovers, truncation: truncation)
    }

    /// Compares an existing index with the rebuilt bytes entry by entry, reading the old file in
    /// bounded chunks: a broken index may be any size (a preallocated or garbage 2 GiB file must not
    /// be loaded whole just to be replaced).
    static func change(path: String, kind: IndexFileChange.Kind, rebuilt: [UInt8], entrySize: Int) throws -> IndexFileChange {
        guard FileSystem.exists(path) else { return IndexFileChange(path: path, kind: kind, status: .missing, rebuilt: rebuilt) }
        let file = try ReadOnlyFile(path: path)
        let oldEntries = file.size / entrySize, newEntries = rebuilt.count / entrySize
        var differing = abs(oldEntries - newEntries)
        let common = min(oldEntries, newEntries) * entrySize
        let chunkSize = (1 << 20) / entrySize * entrySize
        var chunk = [UInt8](repeating: 0, count: min(chunkSize, max(common, 1)))
        var position = 0
        while position < common {
            let count = min(chunk.count, common - position)
            let read = try chunk.withUnsafeMutableBytes { try file.read(at: position, count: count, into: $0.baseAddress!) }
            guard read == count else { throw LogError.corrupt(path: path, position: position + read, reason: "the index file shrank while being read") }
            for entry in stride(from: 0, to: count, by: entrySize)
            where !chunk[entry..<(entry + entrySize)].elementsEqual(rebuilt[(position + entry)..<(position + entry + entrySize)]) {
                differing += 1
            }
            position += count
        }
        if differing == 0 && file.size == rebuilt.count {
            return IndexFileChange(path: path, kind: kind, status: .identical, rebuilt: rebuilt)
        }
        return IndexFileChange(path: path, kind: kind, status: .differs(entriesDiffering: differing, oldEntries: oldEntries, newEntries: newEntries), rebuilt: rebuilt)
    }

    /// Offsets the batch headers in a corrupt tail claim, read without trusting them (bounded walk).
    static func claimedOffsets(segment: SegmentFiles, from position: Int) -> [(first: Int64, last: Int64)] {
        guard let file = try? MappedFile(path: segment.log) else { return [] }
        var iterator = LogBatchIterator(file: file, start: position)
        var claimed: [(Int64, Int64)] = []
        while claimed.count < 1000, let batch = try? iterator.next() {
            claimed.append((batch.offsetField, batch.lastOffset))
        }
        if claimed.isEmpty, file.size - position >= 12, let header = try? file.bytes(at: position, count: min(61, file.size - position)) {
            // Not even one complete batch: report what the first (torn) header says.
            let p = header.baseAddress!
            let offset = p.int64BE(at: 0)
            let isV2 = header.count >= 27 && p.int8(at: 16) >= 2
            claimed.append((offset, isV2 ? offset &+ Int64(p.int32BE(at: 23)) : offset))
        }
        return claimed
    }
}
