/// One broker's load before and after a plan: what an operator checks before pressing
/// `--execute`.
public struct BrokerLoad: Equatable, Sendable {
    public let broker: BrokerId
    public let rack: String?
    /// False for brokers that hold replicas now but are not in the target broker list.
    public let isTarget: Bool
    public var replicasBefore = 0
    public var replicasAfter = 0
    public var leadersBefore = 0
    public var leadersAfter = 0
    public var bytesBefore: Int64 = 0
    public var bytesAfter: Int64 = 0
    /// Bytes this broker copies in as a new replica.
    public var bytesIn: Int64 = 0
    /// Bytes this broker serves to new replicas as the current leader of moving partitions.
    public var bytesOut: Int64 = 0
    /// The fair-share bounds the planner held the broker to (nil for brokers leaving).
    public var replicaShare: ClosedRange<Int>?
    public var leaderShare: ClosedRange<Int>?

    public init(broker: BrokerId, rack: String?, isTarget: Bool) {
        self.broker = broker
        self.rack = rack
        self.isTarget = isTarget
    }
}
