/// Settings of a retention run.
public struct RetentionOptions: Sendable {
    public var configs: TopicConfigSet
    /// `now`, taken once for the whole run.
    public var nowMs: Int64
    /// The high watermark of a partition without an entry in `replication-offset-checkpoint`.
    public var missingHighWatermark: MissingHighWatermark
    /// Apply retention to partitions whose last segment ends in an invalid batch, as Kafka's recovery
    /// would leave them (the last segment itself is kept).
    public var asRecovered: Bool

    public init(configs: TopicConfigSet = TopicConfigSet(), nowMs: Int64, missingHighWatermark: MissingHighWatermark = .logStartOffset,
                asRecovered: Bool = false) {
        self.configs = configs
        self.nowMs = nowMs
        self.missingHighWatermark = missingHighWatermark
        self.asRecovered = asRecovered
    }
}

/// What stands for a high watermark that `replication-offset-checkpoint` does not have.
public enum MissingHighWatermark: String, Sendable, CaseIterable {
    /// Kafka's choice at start-up: nothing above the log start offset becomes deletable.
    case logStartOffset = "log-start"
    /// The operator says every offset is committed (e.g. a single-replica topic).
    case logEndOffset = "log-end"
}
