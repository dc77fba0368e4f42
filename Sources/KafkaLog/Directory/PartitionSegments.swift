/// The files of one segment in a partition directory.
public struct SegmentFiles: Equatable, Sendable {
    public let directory: String
    public let baseOffset: Int64

    public init(directory: String, baseOffset: Int64) {
        self.directory = directory
        self.baseOffset = baseOffset
    }

    public func path(_ suffix: String) -> String { FileSystem.join(directory, LogFileName.name(for: baseOffset, suffix: suffix)) }
    public var log: String { path(LogFileName.logSuffix) }
    public var offsetIndex: String { path(LogFileName.indexSuffix) }
    public var timeIndex: String { path(LogFileName.timeIndexSuffix) }
    public var transactionIndex: String { path(LogFileName.txnIndexSuffix) }
}

/// A partition directory's segments and producer snapshots, in offset order.
public struct PartitionSegments: Sendable {
    public let directory: String
    public let segments: [SegmentFiles]
    /// Offsets of the `<offset>.snapshot` files.
    public let snapshotOffsets: [Int64]

    public init(directory: String) throws {
        self.directory = directory
        var bases: [Int64] = []
        var snapshots: [Int64] = []
        for name in try FileSystem.list(directory) {
            // Only exact `<20 digits><suffix>` names count (not `.log.deleted`, `.log.swap`, …).
            if let offset = LogFileName.offset(ofExactName: name, suffix: LogFileName.logSuffix) {
                bases.append(offset)
            } else if let offset = LogFileName.offset(ofExactName: name, suffix: LogFileName.snapshotSuffix) {
                snapshots.append(offset)
            }
        }
        segments = bases.sorted().map { SegmentFiles(directory: directory, baseOffset: $0) }
        snapshotOffsets = snapshots.sorted()
    }

    /// The log directory this partition lives in (its parent).
    public var logDirectory: String { Self.logDirectory(ofPartition: directory) }

    /// The log directory whose `.lock` guards the partition at `path`: the parent of its real path,
    /// so that `.`, a trailing slash or a symlink to a partition still find the broker's lock.
    public static func logDirectory(ofPartition path: String) -> String {
        LogFileName.directory(of: FileSystem.canonicalPath(path))
    }

    /// Partition directories named by `paths` (partition dirs as given; log dirs expanded).
    public static func partitionDirectories(in paths: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            guard FileSystem.kind(of: path) == .directory else {
                throw LogError.badName(path: path, reason: "not a directory (give a partition directory or a log directory)")
            }
            if try LogDirectoryLayout.isPartitionDirectory(path) {
                result.append(path)
            } else {
                let partitions = try LogDirectoryLayout.partitionDirectories(path).filter {
                    PartitionDirectoryName(LogFileName.fileName(of: $0))?.isPlain ?? false
                }
                guard !partitions.isEmpty else {
                    throw LogError.badName(path: path, reason: "holds no partition directories")
                }
                result += partitions
            }
        }
        return result
    }
}
