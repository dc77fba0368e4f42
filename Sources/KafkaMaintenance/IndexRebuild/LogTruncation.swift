import KafkaLog

/// The truncation Kafka's recovery makes at the first invalid byte of a partition: the segment
/// holding it is cut there, every later segment is deleted, producer snapshots above the new log
/// end are deleted, and `leader-epoch-checkpoint` loses the epochs that start at or above it
/// (`LogLoader.recoverLog`, `UnifiedLog.truncateTo`, `LeaderEpochFileCache.truncateFromEnd`).
///
/// kseg's `--repair` makes the same cut but keeps every removed byte: the cut tail is saved to
/// `<segment>.log.corrupt-<position>`, and each later segment's `.log` is renamed to
/// `<segment>.log.corrupt-0` (names the broker's loader ignores) instead of being deleted.
public struct LogTruncation: Sendable {
    /// The segment with the invalid tail.
    public let segment: SegmentFiles
    /// The partition's log end after the cut: the offset after the last valid batch.
    public let logEndOffset: Int64
    /// Producer snapshots above the new log end, which Kafka deletes.
    public let snapshotsAbove: [Int64]
    /// Segments after the cut one, set aside whole.
    public var laterSegments: [LaterSegment] = []

    public struct LaterSegment: Sendable {
        public let segment: SegmentFiles
        public let bytes: Int
        /// Offsets the segment's batch headers claim (not validated: the log is cut before them).
        public let firstOffset: Int64?
        public let lastOffset: Int64?
    }

    static func laterSegment(_ segment: SegmentFiles) throws -> LaterSegment {
        let file = try MappedFile(path: segment.log)
        var batches = LogBatchIterator(file: file)
        var first: Int64?, last: Int64?
        while let batch = try? batches.next() {
            if first == nil { first = batch.offsetField }
            last = batch.lastOffset
        }
        return LaterSegment(segment: segment, bytes: file.size, firstOffset: first, lastOffset: last)
    }

    /// Where a later segment's `.log` is set aside.
    public static func setAsidePath(_ segment: SegmentFiles) -> String { segment.log + ".corrupt-0" }
}
