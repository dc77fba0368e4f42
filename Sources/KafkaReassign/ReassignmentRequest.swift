/// Everything a plan is made from: what a user already has, offline.
public struct ReassignmentRequest: Sendable {
    /// The current replica lists (the "Current partition replica assignment" block, or any
    /// reassignment JSON that lists every partition of the topics to move).
    public var current: ReplicaAssignment
    /// Topics to reassign (`--topics-to-move-json-file`); nil plans every topic in `current`.
    /// Only these partitions are moved and counted, as in Kafka's `--generate`.
    public var topics: [String]?
    /// Brokers that may hold replicas afterwards (`--broker-list`); replicas on any other
    /// broker move off it.
    public var brokers: [BrokerId]
    /// `broker.rack` per broker; ignored when empty or when `rackAware` is false.
    public var racks: [BrokerId: String]
    /// False for `--disable-rack-aware`.
    public var rackAware: Bool
    /// Partition sizes in bytes; nil when unknown (then moves are counted in replicas).
    public var sizes: PartitionSizes?
    /// `--balance-bytes`: when set, the minimal strategy afterwards spends extra moves to
    /// bring every broker's bytes within this fraction of its share (0.1 = ±10 %).
    /// Nil keeps the strict objective: never move a byte for disk balance alone.
    public var byteBalanceTolerance: Double?
    /// How the user gave the inputs, quoted by errors about them.
    public var names: InputNames

    public init(current: ReplicaAssignment, topics: [String]? = nil, brokers: [BrokerId],
                racks: [BrokerId: String] = [:], rackAware: Bool = true, sizes: PartitionSizes? = nil,
                byteBalanceTolerance: Double? = nil, names: InputNames = InputNames()) {
        self.current = current
        self.topics = topics
        self.brokers = brokers
        self.racks = racks
        self.rackAware = rackAware
        self.sizes = sizes
        self.byteBalanceTolerance = byteBalanceTolerance
        self.names = names
    }

    /// The inputs as the user named them, so that an error about one quotes what to fix
    /// (`--topics-to-move-json-file 'topics.json'`) rather than a value it was derived from.
    /// The defaults suit callers that did not read a command line.
    public struct InputNames: Equatable, Sendable {
        /// Where the current assignment came from, e.g. `--current-assignment 'current.json'`.
        public var currentAssignment: String
        /// Where the topics to move came from, e.g. `--topics-to-move-json-file 'topics.json'`.
        public var topicsToMove: String
        /// The `--broker-racks` value as typed; nil quotes the rack map instead.
        public var brokerRacks: String?

        public init(currentAssignment: String = "the current assignment", topicsToMove: String = "the topics to move",
                    brokerRacks: String? = nil) {
            self.currentAssignment = currentAssignment
            self.topicsToMove = topicsToMove
            self.brokerRacks = brokerRacks
        }
    }
}
