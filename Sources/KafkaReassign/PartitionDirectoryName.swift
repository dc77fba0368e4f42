/// Kafka's naming rule for partition directories: `<topic>-<partition>`, split at the
/// last `-` because topic names may themselves contain `-`.
///
/// Directories of replicas that are not live are skipped by every tool: `-delete`
/// (scheduled for deletion), `-future` (a copy moving between log dirs of one broker) and
/// `-stray` (left behind after a reassignment); `__cluster_metadata-0` is the KRaft
/// metadata log, not a topic.
public enum PartitionDirectoryName {
    public static func parse(_ name: String) -> TopicPartition? {
        if name.hasSuffix("-delete") || name.hasSuffix("-future") || name.hasSuffix("-stray") { return nil }
        if name == "__cluster_metadata-0" { return nil }
        guard let dash = name.lastIndex(of: "-") else { return nil }
        let topic = String(name[..<dash])
        let digits = name[name.index(after: dash)...]
        guard !topic.isEmpty, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let partition = Int32(digits) else { return nil }
        return TopicPartition(topic, partition)
    }
}
