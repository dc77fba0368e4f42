/// One entry of a reassignment: a partition and its ordered replica list.
///
/// Order matters: the first broker is the preferred leader. `logDirs`, when present,
/// has one entry per replica (`"any"` or an absolute path on that broker), as in
/// Kafka's `log_dirs` field.
public struct PartitionReplicas: Equatable, Sendable {
    public var topicPartition: TopicPartition
    public var replicas: [BrokerId]
    public var logDirs: [String]?

    public init(_ topicPartition: TopicPartition, replicas: [BrokerId], logDirs: [String]? = nil) {
        self.topicPartition = topicPartition
        self.replicas = replicas
        self.logDirs = logDirs
    }
}
