import KafkaLog

/// What `verify-index` / `rebuild-index` were asked to look at: whole partitions, or single segments
/// named by one of their files.
public enum IndexWorkItem: Sendable {
    case partition(String)
    case segment(SegmentFiles)

    public var directory: String {
        switch self {
        case .partition(let d): return d
        case .segment(let s): return s.directory
        }
    }

    /// Expands paths: a segment file (`.log`, `.index`, `.timeindex`, `.txnindex`) is its segment; a
    /// partition directory is itself; a log directory is its (live) partitions.
    public static func resolve(_ paths: [String]) throws -> [IndexWorkItem] {
        var items: [IndexWorkItem] = []
        for path in paths {
            switch FileSystem.kind(of: path) {
            case .regular?:
                let name = LogFileName.fileName(of: path)
                guard let base = LogFileName.offset(fromFileName: name),
                      [".log", ".index", ".timeindex", ".txnindex"].contains(where: { name.hasSuffix($0) }) else {
                    throw LogError.badName(path: path, reason: "not a segment file (.log, .index, .timeindex, .txnindex)")
                }
                items.append(.segment(SegmentFiles(directory: LogFileName.directory(of: path), baseOffset: base)))
            case .directory?:
                items += try PartitionSegments.partitionDirectories(in: [path]).map { .partition($0) }
            default:
                throw LogError.io(path: path, operation: "open", errno: 2)
            }
        }
        return items
    }

    /// Bytes of `.log` data the item covers (for progress).
    public var logBytes: Int {
        switch self {
        case .segment(let s): return FileSystem.size(of: s.log) ?? 0
        case .partition(let d):
            return ((try? PartitionSegments(directory: d))?.segments ?? []).reduce(0) { $0 + (FileSystem.size(of: $1.log) ?? 0) }
        }
    }
}

extension PartitionIndexVerification {
    /// Verifies one work item.
    public static func verify(_ item: IndexWorkItem) -> PartitionIndexVerification {
        switch item {
        case .partition(let directory):
            return verify(partition: directory)
        case .segment(let segment):
            var result = PartitionIndexVerification(directory: segment.directory)
            var transactions = TransactionTracker()
            if let partition = try? PartitionSegments(directory: segment.directory), partition.snapshotOffsets.contains(segment.baseOffset) {
                // The snapshot at the segment's base offset holds the open transactions there.
                if let bytes = try? ReadOnlyFile(path: segment.path(LogFileName.snapshotSuffix)).readAll(limit: 256 << 20),
                   let snapshot = try? bytes.withUnsafeBytes({ raw throws(ProducerSnapshot.Failure) in try ProducerSnapshot.parse(raw) }) {
                    transactions = TransactionTracker(snapshot: snapshot)
                }
            }
            var scratch = ByteBuffer(capacity: 1 << 16)
            var verifier = SegmentIndexVerifier(segment: segment)
            verifier.verify(transactions: &transactions, scratch: &scratch)
            result.findings = verifier.findings
            result.notes = verifier.notes
            result.bytesRead = verifier.bytesRead
            result.segmentCount = 1
            return result
        }
    }
}

import KafkaRecords
