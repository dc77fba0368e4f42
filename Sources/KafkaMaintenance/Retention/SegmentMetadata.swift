import KafkaLog

/// Where a segment's largest timestamp was read.
public enum TimestampSource: String, Sendable {
    /// The last entry of the `.timeindex` (Kafka's `LogSegment.largestTimestamp`).
    case timeIndex = "timeindex"
    /// The batches themselves: the last segment's batches after its last index entry, or a segment
    /// without an offset index, which the broker rebuilds from its data.
    case log = "log"
    /// The `.log` file's modification time: the segment has no timestamp (magic v0, empty, or an
    /// empty time index).
    case mtime = "mtime"
}

/// One segment as retention reads it: a `stat` of the `.log` and the last slot of the `.timeindex`;
/// the segment's data is not read.
public struct SegmentMetadata: Sendable {
    public let files: SegmentFiles
    /// `.log` size in bytes.
    public var size: Int64
    public let modifiedMs: Int64
    public var largestTimestamp: Int64
    public var timestampSource: TimestampSource
    /// Anything unusual about the segment's files, in words.
    public var notes: [String] = []
    /// The first invalid byte of a segment that had to be read whole, when its data is corrupt.
    public var invalidData: LogEndScan.InvalidTail?

    public var baseOffset: Int64 { files.baseOffset }

    /// Reads `files` as Kafka's loader sees the segment: the time index's last entry, else the `.log`
    /// mtime; a segment without an offset index is rebuilt by the broker at start-up, so its largest
    /// timestamp comes from its batches (for the last segment, `include(_:)` adds them from the
    /// log-end scan, which reads such a segment whole anyway).
    public static func read(_ files: SegmentFiles, isLast: Bool) throws -> SegmentMetadata {
        guard let status = try FileSystem.status(of: files.log) else {
            throw LogError.io(path: files.log, operation: "stat", errno: 2 /* ENOENT */)
        }
        var metadata = SegmentMetadata(files: files, size: Int64(status.size), modifiedMs: status.modifiedMs,
                                       largestTimestamp: status.modifiedMs, timestampSource: .mtime)
        if status.size > 0 && !FileSystem.exists(files.offsetIndex) {
            if isLast { return metadata }
            let scan = try LogEndScan.scanWhole(files)
            metadata.notes.append("no offset index: the broker rebuilds this segment from its data at start-up")
            metadata.invalidData = scan.invalidTail
            if scan.maxTimestamp >= 0 { metadata.use(scan.maxTimestamp, from: .log) }
            return metadata
        }
        guard let timeIndex = try IndexTail.timeIndex(path: files.timeIndex, baseOffset: files.baseOffset) else {
            if status.size > 0 { metadata.notes.append("no time index: the broker starts it empty, so the .log mtime counts") }
            return metadata
        }
        if timeIndex.preallocated {
            metadata.notes.append("time index is preallocated (the broker did not shut down cleanly); its last written entry counts")
        }
        if let last = timeIndex.last, last.timestamp >= 0 { metadata.use(last.timestamp, from: .timeIndex) }
        return metadata
    }

    /// Takes into account the batches a log-end scan of this (last) segment walked: a broker that
    /// appended them knows their timestamps even before it writes the final time-index entry.
    public mutating func include(_ scan: LogEndScan) {
        if timestampSource == .mtime {
            if scan.coversWholeSegment && scan.maxTimestamp >= 0 { use(scan.maxTimestamp, from: .log) }
        } else if scan.maxTimestamp > largestTimestamp {
            use(scan.maxTimestamp, from: .log)
        }
    }

    mutating func use(_ timestamp: Int64, from source: TimestampSource) {
        largestTimestamp = timestamp
        timestampSource = source
    }
}
