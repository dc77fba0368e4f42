import KafkaLog

/// The partitions a maintenance command works on, grouped by the log directory whose `.lock`
/// must be held while any of them is modified.
public struct MaintenanceTarget: Sendable {
    public let logDirectory: String
    public let partitions: [String]

    /// Groups the partition directories named by `paths` (partition dirs or log dirs) by log dir,
    /// keeping the given order. A partition named twice (say a log dir and one of its partitions) is
    /// listed once, so that no two workers ever change it at the same time.
    public static func resolve(paths: [String]) throws -> [MaintenanceTarget] {
        var order: [String] = []
        var byLogDir: [String: [String]] = [:]
        var seen = Set<String>()
        for partition in try PartitionSegments.partitionDirectories(in: paths) {
            guard seen.insert(FileSystem.canonicalPath(partition)).inserted else { continue }
            if try skipClusterMetadata(partition, named: paths) { continue }
            let logDir = PartitionSegments.logDirectory(ofPartition: partition)
            if byLogDir[logDir] == nil { order.append(logDir) }
            byLogDir[logDir, default: []].append(partition)
        }
        return order.map { MaintenanceTarget(logDirectory: $0, partitions: byLogDir[$0]!) }
    }

    /// The KRaft metadata log is Raft's, not a topic's: no command changes it. True when `partition`
    /// is that log and came from expanding a log directory (skip it); throws when it was named
    /// directly, so that the refusal is not silent.
    public static func skipClusterMetadata(_ partition: String, named paths: [String]) throws -> Bool {
        let canonical = FileSystem.canonicalPath(partition)
        guard PartitionDirectoryName(LogFileName.fileName(of: canonical))?.topic == TopicConfigSet.clusterMetadataTopic else { return false }
        if paths.contains(where: { FileSystem.canonicalPath($0) == canonical }) {
            throw LogError.badName(path: partition, reason: "the KRaft metadata log (__cluster_metadata) is never modified by kseg")
        }
        return true
    }

    /// Takes the log directory's lock (refusing when a broker holds it) for the duration of `body`.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try LogDirectoryLock(logDirectory: logDirectory)
        defer { lock.release() }
        return try body()
    }
}
