/// Kafka's naming rule for partition directories: `<topic>-<partition>`, split at the
/// last `-` because topic names may themselves contain `-`.
///
/// Directories of replicas that are not live are skipped by every tool: `-delete`
/// (scheduled for deletion), `-future` (a copy moving between log dirs of one broker) and
/// `-stray` (left behind after a reassignment); `__cluster_metadata-0` is the KRaft
/// metadata log, not a topic.
public enum PartitionDirectoryName {
    public static func parse(_ name: String) -> TopicPartition? {
        let bytes = name.utf8
        if name.hasSuffix("-delete") || name.hasSuffix("-future") || name.hasSuffix("-stray") { return nil }
        if name == "__cluster_metadata-0" { return nil }
        guard let dash = bytes.lastIndex(of: UInt8(ascii: "-")), dash != bytes.startIndex else { return nil }
        var partition: Int32 = 0
        var digits = 0
        for byte in bytes[bytes.index(after: dash)...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflowTimes) = partition.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(Int32(byte - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { return nil }
            partition = sum
            digits += 1
        }
        guard digits > 0 else { return nil }
        return TopicPartition(String(name[..<dash]), partition)
    }
}
