/// The settings for every topic of a run: the user's settings for all topics (flags and
/// `--config FILE`, which act like broker-level defaults), per-topic files (`--topic-config`), and
/// the topic-level overrides Kafka gives its internal topics when it creates them.
public struct TopicConfigSet: Sendable {
    /// Settings for all topics, already applied over Kafka's defaults.
    public var all: TopicConfig
    /// Per-topic properties, applied over `all` (and over the internal topic's own overrides).
    public var topicProperties: [String: [String: String]]
    /// The cleaner's broker-level settings.
    public var cleaner: CleanerConfig

    public init(all: TopicConfig = .kafkaDefaults, topicProperties: [String: [String: String]] = [:], cleaner: CleanerConfig = CleanerConfig()) {
        self.all = all
        self.topicProperties = topicProperties
        self.cleaner = cleaner
    }

    /// The effective configuration of `topic`.
    ///
    /// Internal topics keep the topic-level overrides Kafka creates them with (their
    /// `cleanup.policy=compact` above all) even when the settings for all topics say otherwise, as a
    /// broker-level default never overrides a topic-level one; only `--topic-config` for that topic
    /// changes them.
    public func config(forTopic topic: String) throws(TopicConfigError) -> TopicConfig {
        var config = try all.applying(Self.internalTopicOverrides[topic] ?? [:])
        if let properties = topicProperties[topic] { config = try config.applying(properties) }
        return config
    }

    /// Topic-level configs Kafka sets when it creates its internal topics
    /// (`GroupCoordinatorConfig`/`TransactionLogConfig` defaults: compacted, 100 MiB segments).
    public static let internalTopicOverrides: [String: [String: String]] = [
        "__consumer_offsets": ["cleanup.policy": "compact", "segment.bytes": "104857600"],
        "__transaction_state": ["cleanup.policy": "compact", "segment.bytes": "104857600"],
    ]

    /// The KRaft metadata log: a Raft log, never a topic partition that retention or compaction may touch.
    public static let clusterMetadataTopic = "__cluster_metadata"
}
