import KsegTestSupport
@testable import KafkaReassign

/// Small random clusters for property tests: a current assignment over some brokers, a
/// target broker list that keeps, adds, removes or replaces brokers, optional racks
/// (possibly uneven) and optional, very uneven partition sizes.
struct RandomCluster {
    var request: ReassignmentRequest
    var description: String

    static func make(seed: UInt64, racks useRacks: Bool, sizes useSizes: Bool, maxBrokers: Int = 7,
                     maxPartitionsPerTopic: Int = 6, rackCounts: ClosedRange<Int> = 2...4) -> RandomCluster {
        var random = SeededGenerator(seed: seed)
        let currentBrokerCount = Int.random(in: 1...maxBrokers, using: &random)
        let currentBrokers = (1...currentBrokerCount).map { BrokerId($0) }
        var targets = currentBrokers
        switch Int.random(in: 0..<5, using: &random) {
        case 0: break
        case 1: targets += (1...Int.random(in: 1...2, using: &random)).map { BrokerId(currentBrokerCount + $0) }
        case 2: if targets.count > 1 { targets.remove(at: Int.random(in: 0..<targets.count, using: &random)) }
        case 3:
            if targets.count > 1 { targets.remove(at: Int.random(in: 0..<targets.count, using: &random)) }
            targets.append(BrokerId(currentBrokerCount + 1))
        default: targets.shuffle(using: &random)
        }
        let maxReplicationFactor = min(3, currentBrokers.count, targets.count)
        var entries: [PartitionReplicas] = []
        let balanced = Bool.random(using: &random)
        for topic in 0..<Int.random(in: 1...3, using: &random) {
            let replicationFactor = Int.random(in: 1...maxReplicationFactor, using: &random)
            let start = Int.random(in: 0..<currentBrokers.count, using: &random)
            for partition in 0..<Int.random(in: 1...maxPartitionsPerTopic, using: &random) {
                var replicas: [BrokerId]
                if balanced {
                    replicas = (0..<replicationFactor).map { currentBrokers[(start + partition + $0) % currentBrokers.count] }
                } else {
                    replicas = Array(currentBrokers.shuffled(using: &random).prefix(replicationFactor))
                }
                if !balanced, Int.random(in: 0..<4, using: &random) == 0 {
                    // Skew: pile replicas onto the lowest brokers, as clusters that grew do.
                    replicas = Array(currentBrokers.prefix(replicationFactor))
                }
                entries.append(PartitionReplicas(TopicPartition("t\(topic)", Int32(partition)), replicas: replicas))
            }
        }
        var racks: [BrokerId: String] = [:]
        if useRacks {
            let rackCount = Int.random(in: rackCounts, using: &random)
            for broker in Set(currentBrokers + targets).sorted() {
                racks[broker] = "r\(Int.random(in: 0..<rackCount, using: &random))"
            }
        }
        var sizes: PartitionSizes?
        if useSizes {
            var known = PartitionSizes()
            for entry in entries {
                known.record(entry.topicPartition, bytes: Int64(1) << Int64.random(in: 10...36, using: &random)
                    + Int64.random(in: 0...1000, using: &random))
            }
            sizes = known
        }
        let current = try! ReplicaAssignment(entries)
        let request = ReassignmentRequest(current: current, brokers: targets, racks: racks, sizes: sizes)
        let text = "seed \(seed): brokers \(currentBrokers) -> \(targets), racks \(racks.sorted { $0.key < $1.key }), "
            + "current \(ReassignmentJSON.format(current))"
        return RandomCluster(request: request, description: text)
    }
}
