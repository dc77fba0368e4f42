/// How kseg walks the paths a user names: a file is itself; a partition directory is its segments in
/// offset order (each `.log` followed by its indexes), then its snapshots and checkpoint files; a log
/// directory is its root checkpoint files, then its partition directories in (topic, partition) order.
public enum LogDirectoryLayout {
    /// Rank of a segment file's suffix inside one base offset, so that `.log` comes first.
    static func suffixRank(_ name: String) -> Int? {
        if name.hasSuffix(".log") { return 0 }
        if name.hasSuffix(".index") { return 1 }
        if name.hasSuffix(".timeindex") { return 2 }
        if name.hasSuffix(".txnindex") { return 3 }
        if name.hasSuffix(".snapshot") { return 4 }
        return nil
    }

    /// True if `path` is a partition directory rather than a log directory. Contents decide first, so
    /// a log directory named like a partition (`kafka-logs-1`) is still a log directory: segments make
    /// a partition directory; `meta.properties`, offset checkpoints, `.lock` or partition
    /// subdirectories make a log directory; only an empty directory is judged by its name.
    public static func isPartitionDirectory(_ path: String) throws -> Bool {
        let names = try FileSystem.list(path)
        if names.contains(where: { $0.hasSuffix(".log") && LogFileName.offset(fromFileName: $0) != nil }) { return true }
        let logDirectoryFiles = Set([MetaProperties.fileName, ".lock"] + OffsetCheckpointFile.names)
        if names.contains(where: logDirectoryFiles.contains) { return false }
        if names.contains(where: { PartitionDirectoryName($0) != nil && FileSystem.kind(of: FileSystem.join(path, $0)) == .directory }) {
            return false
        }
        return PartitionDirectoryName(LogFileName.fileName(of: path)) != nil
    }

    /// The Kafka files of one partition directory, in dump order.
    public static func partitionFiles(_ directory: String) throws -> [String] {
        let names = try FileSystem.list(directory)
        var segmentFiles: [(offset: Int64, rank: Int, name: String)] = []
        for name in names {
            guard let rank = suffixRank(name), let offset = LogFileName.offset(fromFileName: name),
                  name == LogFileName.prefix(for: offset) + name[name.firstIndex(of: ".")!...] else { continue }
            segmentFiles.append((offset, rank, name))
        }
        // Segments first (offset order), then snapshots (offset order), then the metadata files.
        segmentFiles.sort { a, b in
            let aSnapshot = a.rank == 4, bSnapshot = b.rank == 4
            if aSnapshot != bSnapshot { return !aSnapshot }
            return (a.offset, a.rank) < (b.offset, b.rank)
        }
        var files = segmentFiles.map { FileSystem.join(directory, $0.name) }
        for name in [LeaderEpochCheckpointFile.name, PartitionMetadata.fileName] where names.contains(name) {
            files.append(FileSystem.join(directory, name))
        }
        return files
    }

    /// Partition directories of a log directory, sorted by topic then partition number.
    public static func partitionDirectories(_ logDir: String) throws -> [String] {
        var found: [(PartitionDirectoryName, String)] = []
        for name in try FileSystem.list(logDir) {
            let path = FileSystem.join(logDir, name)
            guard let parsed = PartitionDirectoryName(name), FileSystem.kind(of: path) == .directory else { continue }
            found.append((parsed, path))
        }
        found.sort { a, b in
            (a.0.topic, a.0.partition, a.0.suffix ?? "", a.1) < (b.0.topic, b.0.partition, b.0.suffix ?? "", b.1)
        }
        return found.map { $0.1 }
    }

    /// Root files of a log directory that kseg understands, in a fixed order.
    public static func rootFiles(_ logDir: String) throws -> [String] {
        let names = Set(try FileSystem.list(logDir))
        return ([MetaProperties.fileName] + OffsetCheckpointFile.names).filter(names.contains).map { FileSystem.join(logDir, $0) }
    }

    /// Expands user-given paths into files. A directory that yields no segment at all is an error,
    /// because a silent empty result would read as "nothing wrong here".
    public static func expand(_ path: String) throws -> [String] {
        guard let kind = FileSystem.kind(of: path) else {
            throw LogError.io(path: path, operation: "open", errno: 2 /* ENOENT */)
        }
        guard kind == .directory else { return [path] }
        if try isPartitionDirectory(path) {
            let files = try partitionFiles(path)
            guard files.contains(where: { $0.hasSuffix(".log") }) else {
                throw LogError.badName(path: path, reason: "partition directory holds no segment (.log) files")
            }
            return files
        }
        var files = try rootFiles(path)
        var sawSegment = false
        for partition in try partitionDirectories(path) {
            let partitionFiles = try partitionFiles(partition)
            sawSegment = sawSegment || partitionFiles.contains(where: { $0.hasSuffix(".log") })
            files += partitionFiles
        }
        guard sawSegment else {
            throw LogError.badName(path: path, reason: "directory holds no partition directories with segment (.log) files")
        }
        return files
    }
}
