/// Kafka's replica placement for `--generate` (`AdminUtils.assignReplicasToBrokers`),
/// reproduced exactly so users can compare kseg's plans with what Kafka would propose.
///
/// Rack-unaware: leaders round-robin over the broker list from `startIndex`; followers
/// follow the leader at an offset that grows with `replicaShift`, bumped once every
/// `N` partitions so follower sets do not repeat. Rack-aware: the same walk over a
/// rack-alternated list, skipping brokers whose rack (or the broker itself) already
/// holds a replica while some rack (broker) holds none.
public enum KafkaReplicaAssignor {
    public struct BrokerMetadata: Equatable, Sendable {
        public let id: BrokerId
        public let rack: String?
        public init(id: BrokerId, rack: String?) {
            self.id = id
            self.rack = rack
        }
    }

    /// Placement for partitions `0..<partitionCount` (index = partition id), given the
    /// two numbers Kafka draws at random: `startIndex` and `replicaShift`, both in `0..<N`.
    public static func assignReplicasToBrokers(
        _ brokers: [BrokerMetadata], partitionCount: Int, replicationFactor: Int,
        startIndex: Int, replicaShift: Int
    ) throws -> [[BrokerId]] {
        try validate(brokers, partitionCount: partitionCount, replicationFactor: replicationFactor)
        if brokers.allSatisfy({ $0.rack == nil }) {
            return rackUnaware(brokers.map(\.id), partitionCount, replicationFactor, startIndex, replicaShift)
        }
        return rackAware(brokers, partitionCount, replicationFactor, startIndex, replicaShift)
    }

    /// As Kafka does it: the start index, then the shift, each `random.nextInt(N)`.
    public static func assignReplicasToBrokers(
        _ brokers: [BrokerMetadata], partitionCount: Int, replicationFactor: Int,
        random: inout JavaRandom
    ) throws -> [[BrokerId]] {
        try validate(brokers, partitionCount: partitionCount, replicationFactor: replicationFactor)
        let startIndex = Int(random.nextInt(Int32(brokers.count)))
        let replicaShift = Int(random.nextInt(Int32(brokers.count)))
        return try assignReplicasToBrokers(brokers, partitionCount: partitionCount, replicationFactor: replicationFactor,
                                           startIndex: startIndex, replicaShift: replicaShift)
    }

    private static func validate(_ brokers: [BrokerMetadata], partitionCount: Int, replicationFactor: Int) throws {
        guard partitionCount > 0 else { throw ReassignError.infeasible(reason: "Number of partitions must be larger than 0.") }
        guard replicationFactor > 0 else { throw ReassignError.infeasible(reason: "Replication factor must be larger than 0.") }
        guard replicationFactor <= brokers.count else {
            throw ReassignError.infeasible(reason: "Replication factor: \(replicationFactor) larger than available brokers: \(brokers.count).")
        }
        if brokers.contains(where: { $0.rack != nil }), brokers.contains(where: { $0.rack == nil }) {
            throw ReassignError.infeasible(reason: "Not all brokers have rack information for replica rack aware assignment.")
        }
    }

    /// `AdminUtils.replicaIndex`: the follower `replicaIndex` places after the leader.
    static func replicaIndex(_ firstReplicaIndex: Int, _ secondReplicaShift: Int, _ replicaIndex: Int, _ brokerCount: Int) -> Int {
        let shift = 1 + (secondReplicaShift + replicaIndex) % (brokerCount - 1)
        return (firstReplicaIndex + shift) % brokerCount
    }

    private static func rackUnaware(_ brokers: [BrokerId], _ partitionCount: Int, _ replicationFactor: Int,
                                    _ startIndex: Int, _ initialShift: Int) -> [[BrokerId]] {
        let count = brokers.count
        var shift = initialShift
        var result: [[BrokerId]] = []
        result.reserveCapacity(partitionCount)
        for partition in 0..<partitionCount {
            if partition > 0, partition % count == 0 { shift += 1 }
            let first = (partition + startIndex) % count
            var replicas = [brokers[first]]
            for j in 0..<(replicationFactor - 1) {
                replicas.append(brokers[replicaIndex(first, shift, j, count)])
            }
            result.append(replicas)
        }
        return result
    }

    private static func rackAware(_ brokers: [BrokerMetadata], _ partitionCount: Int, _ replicationFactor: Int,
                                  _ startIndex: Int, _ initialShift: Int) -> [[BrokerId]] {
        var rackOf: [BrokerId: String] = [:]
        for broker in brokers { rackOf[broker.id] = broker.rack! }
        let arranged = rackAlternatedBrokerList(rackOf)
        let rackCount = Set(rackOf.values).count
        let count = arranged.count
        var shift = initialShift
        var result: [[BrokerId]] = []
        result.reserveCapacity(partitionCount)
        for partition in 0..<partitionCount {
            if partition > 0, partition % count == 0 { shift += 1 }
            let first = (partition + startIndex) % count
            let leader = arranged[first]
            var replicas = [leader]
            var racksWithReplicas: Set<String> = [rackOf[leader]!]
            var brokersWithReplicas: Set<BrokerId> = [leader]
            var k = 0
            for _ in 0..<(replicationFactor - 1) {
                while true {
                    let broker = arranged[replicaIndex(first, shift * rackCount, k, count)]
                    let rack = rackOf[broker]!
                    k += 1
                    if (!racksWithReplicas.contains(rack) || racksWithReplicas.count == rackCount)
                        && (!brokersWithReplicas.contains(broker) || brokersWithReplicas.count == count) {
                        replicas.append(broker)
                        racksWithReplicas.insert(rack)
                        brokersWithReplicas.insert(broker)
                        break
                    }
                }
            }
            result.append(replicas)
        }
        return result
    }

    /// `AdminUtils.getRackAlternatedBrokerList`: ids sorted within each rack, racks in
    /// name order, then one broker from each rack in turn until all are placed.
    public static func rackAlternatedBrokerList(_ rackOf: [BrokerId: String]) -> [BrokerId] {
        var byRack: [String: [BrokerId]] = [:]
        for (broker, rack) in rackOf { byRack[rack, default: []].append(broker) }
        let racks = byRack.keys.sorted(by: TopicPartition.topicPrecedes)
        let columns = racks.map { byRack[$0]!.sorted() }
        var cursors = [Int](repeating: 0, count: racks.count)
        var result: [BrokerId] = []
        var rackIndex = 0
        while result.count < rackOf.count {
            if cursors[rackIndex] < columns[rackIndex].count {
                result.append(columns[rackIndex][cursors[rackIndex]])
                cursors[rackIndex] += 1
            }
            rackIndex = (rackIndex + 1) % racks.count
        }
        return result
    }
}
