import KafkaLog

/// What one broker log directory says about partition sizes.
public struct LogDirectoryScan: Equatable, Sendable {
    public let path: String
    /// The broker the directory belongs to: given by the user, or `node.id` / `broker.id`
    /// from its `meta.properties`; nil when neither is known.
    public let broker: BrokerId?
    /// Live partition directories and their sizes, in Kafka's order.
    public let partitions: [PartitionReplicaSize]
}

public struct PartitionReplicaSize: Equatable, Sendable {
    public let topicPartition: TopicPartition
    public let bytes: Int64
}

/// Measures partition sizes directly from a broker's log directory, for users who have
/// the disks but no running cluster (or no `kafka-log-dirs.sh` output).
///
/// Kafka's rules, through the storage engine's own reading of a log directory: the
/// partitions are the directories the broker loads (`<topic>-<partition>`, split at the
/// last `-`), not those on their way out or in (`-delete`, `-future`, `-stray`) and not the
/// KRaft metadata log (`__cluster_metadata`). A partition's size is what Kafka reports as
/// its size — in `kafka-log-dirs.sh --describe` too — the sum of its segments' `.log`
/// files; `.deleted`, `.cleaned` and `.swap` leftovers are no segments. The planner itself
/// does no I/O; this only reads.
public enum LogDirectorySizes {
    /// The KRaft metadata topic, which the broker never loads as a partition log.
    static let metadataTopic = "__cluster_metadata"

    public static func scan(path: String, broker: BrokerId?) throws -> LogDirectoryScan {
        let owner: BrokerId?
        if let broker { owner = broker } else { owner = try brokerId(inLogDir: path) }
        var partitions: [PartitionReplicaSize] = []
        for directory in try LogDirectoryLayout.partitionDirectories(path) {
            guard let name = PartitionDirectoryName(LogFileName.fileName(of: directory)), name.isPlain,
                  name.topic != metadataTopic else { continue }
            var total: Int64 = 0
            // A segment deleted between listing and measuring no longer counts.
            for segment in try PartitionSegments(directory: directory).segments {
                total += Int64(FileSystem.size(of: segment.log) ?? 0)
            }
            partitions.append(PartitionReplicaSize(topicPartition: TopicPartition(name.topic, name.partition), bytes: total))
        }
        partitions.sort { $0.topicPartition < $1.topicPartition }
        return LogDirectoryScan(path: path, broker: owner, partitions: partitions)
    }

    /// `node.id` (KRaft) or `broker.id` (ZooKeeper mode) from `meta.properties`, if present.
    public static func brokerId(inLogDir path: String) throws -> BrokerId? {
        let file = FileSystem.join(path, MetaProperties.fileName)
        guard FileSystem.kind(of: file) != nil else { return nil }
        let properties = MetaProperties.parse(try ReadOnlyFile(path: file).readAll(limit: 1 << 20))
        guard let key = ["node.id", "broker.id"].first(where: { properties[$0] != nil }) else { return nil }
        guard let id = properties.nodeId, id >= 0 else {
            throw ReassignError.invalidDocument(
                source: file, path: key,
                reason: "'\(properties[key]!)' is not a broker id; expected an integer of 0 or more (or give the id: --log-dir <id>:\(path))")
        }
        return id
    }
}
