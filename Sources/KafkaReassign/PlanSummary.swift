/// What a plan costs and what it achieves, computed from the two assignments alone so
/// that both strategies are measured the same way.
public struct PlanSummary: Equatable, Sendable {
    public let strategy: String
    /// Partitions in scope.
    public let partitions: Int
    /// Partitions whose replica list changes (set or order).
    public let partitionsChanged: Int
    /// Replicas created on brokers that did not hold them: each one copies its partition.
    public let replicasMoved: Int
    /// Bytes those replicas copy; nil when sizes are unknown.
    public let bytesMoved: Int64?
    /// The fewest replica moves any plan that meets the hard constraints needs (`MoveLowerBound`).
    public let lowerBound: Int
    /// Partitions whose preferred leader changes.
    public let leaderChanges: Int
    public let brokers: [BrokerLoad]
    /// Partitions whose size was missing and estimated as their topic's mean.
    public let estimatedSizes: Int

    /// The time to copy the data at a replication throttle of `bytesPerSecond`, which Kafka
    /// applies per broker to leaders sending and followers receiving: the busiest broker
    /// in either direction sets the pace. Catch-up of data produced meanwhile comes on top.
    public func transferSeconds(throttle bytesPerSecond: Int64) -> Double? {
        guard bytesMoved != nil, bytesPerSecond > 0 else { return nil }
        let busiest = brokers.map { max($0.bytesIn, $0.bytesOut) }.max() ?? 0
        return Double(busiest) / Double(bytesPerSecond)
    }

    init(strategy: String, scope: PlanningScope, final: [[BrokerId]], lowerBound: Int,
         replicaShares: [BrokerId: ClosedRange<Int>], leaderShares: [BrokerId: ClosedRange<Int>]) {
        self.strategy = strategy
        self.lowerBound = lowerBound
        estimatedSizes = scope.estimatedSizes
        let entries = scope.current.partitions
        partitions = entries.count
        let allBrokers = Set(scope.targets).union(entries.flatMap(\.replicas)).sorted()
        let targetSet = Set(scope.targets)
        var index: [BrokerId: Int] = [:]
        var loads: [BrokerLoad] = []
        for (position, broker) in allBrokers.enumerated() {
            index[broker] = position
            var load = BrokerLoad(broker: broker, rack: scope.racks?[broker], isTarget: targetSet.contains(broker))
            load.replicaShare = replicaShares[broker]
            load.leaderShare = leaderShares[broker]
            loads.append(load)
        }
        var changed = 0
        var moved = 0
        var bytes: Int64 = 0
        var leaderChanges = 0
        for (position, entry) in entries.enumerated() {
            let size = scope.sizes?[position] ?? 0
            let before = entry.replicas
            let after = final[position]
            if before != after { changed += 1 }
            if before.first != after.first { leaderChanges += 1 }
            for broker in before {
                loads[index[broker]!].replicasBefore += 1
                loads[index[broker]!].bytesBefore += size
            }
            for broker in after {
                loads[index[broker]!].replicasAfter += 1
                loads[index[broker]!].bytesAfter += size
            }
            loads[index[before[0]]!].leadersBefore += 1
            loads[index[after[0]]!].leadersAfter += 1
            for broker in after where !before.contains(broker) {
                moved += 1
                bytes += size
                loads[index[broker]!].bytesIn += size
                loads[index[before[0]]!].bytesOut += size
            }
        }
        partitionsChanged = changed
        replicasMoved = moved
        bytesMoved = scope.sizes == nil ? nil : bytes
        self.leaderChanges = leaderChanges
        brokers = loads
    }
}
