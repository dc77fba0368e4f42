import KafkaLog

/// What `compact` did, or would do, to one partition.
public struct PartitionCompaction: Sendable {
    public enum Status: String, Sendable {
        /// Not a partition kseg compacts (policy, directory kind, tiered storage, broker settings).
        case skipped
        /// Compactable, but the cleanable range is empty.
        case nothingToClean = "nothing-to-clean"
        /// Dry run: the first round is planned and its effect counted.
        case planned
        /// `--execute`: cleaned and swapped in.
        case compacted
        /// Refused: the input could not be fully read, or Kafka's cleaner would fail on it.
        case refused
        /// An operational failure (I/O, memory).
        case failed
    }

    /// One cleaning round.
    public struct Round: Sendable {
        public var firstDirtyOffset: Int64
        public var firstUncleanableOffset: Int64
        public var endOffset: Int64
        public var mapFilled: Bool
        public var distinctKeys: Int
        public var mapCapacity: Int
        /// Each cleaned segment: its base offset and the base offsets of the segments it replaces.
        public var groups: [(baseOffset: Int64, sources: [Int64])]
        public var statistics: CleaningStatistics
    }

    public let directory: String
    public var topic: String?
    public var partition: Int32?
    public var status: Status
    public var reason: String?
    /// The failure behind `refused` / `failed`.
    public var error: (any Error & Sendable)?
    public var policy: [TopicConfig.CleanupPolicy] = []
    /// Leftovers of an interrupted compaction or deletion: recovered first (`--execute`), or found.
    public var leftovers: [LeftoverRecovery.Action] = []
    /// The partition as the first round saw it.
    public var state: PartitionLogState?
    public var range: CleanableRange?
    public var rounds: [Round] = []
    /// The `cleaner-offset-checkpoint` entry written.
    public var checkpointWritten: Int64?

    public init(directory: String, status: Status, reason: String? = nil) {
        self.directory = directory
        self.status = status
        self.reason = reason
    }

    /// The statistics of every round together.
    public var totals: CleaningStatistics {
        rounds.reduce(into: CleaningStatistics()) { $0.add($1.statistics) }
    }

    /// True when the problem is in the data (exit status 1) rather than in running (2).
    public var isDataFinding: Bool {
        guard status == .refused else { return false }
        if let error = error as? LogError { return error.isDataFinding }
        if let error = error as? CompactionError { return error.isDataFinding }
        return false
    }
}
