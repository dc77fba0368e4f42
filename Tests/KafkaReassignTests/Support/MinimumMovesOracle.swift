@testable import KafkaReassign

/// The exact fewest replica moves (or bytes) for a small cluster, by min-cost flow — the
/// formulation of the spec's section 3.8, solved by successive shortest paths with
/// Bellman-Ford. It shares no code with the planner: a slow, obviously correct referee.
///
/// Network: source → partition (capacity RF) → (partition, rack) → broker → sink. The
/// rack layer allows one replica per rack when RF ≤ racks, otherwise requires one in
/// every rack (an edge priced −BIG that the optimum saturates whenever possible); broker
/// → sink requires the lower share (−BIG) and allows up to the upper share. A replica on
/// a broker that did not hold the partition costs 1 move (or its size, with moves as the
/// tie-breaker).
enum MinimumMovesOracle {
    struct Optimum {
        let moves: Int
        let bytes: Int64
    }

    /// The optimum under the given replica shares, or nil if no assignment meets them.
    /// With `sizes`, bytes are minimised first and moves second; otherwise moves only.
    static func optimum(_ request: ReassignmentRequest, shares: [BrokerId: ClosedRange<Int>],
                        sizes: PartitionSizes?) -> Optimum? {
        let entries = request.current.partitions
        let targets = request.brokers.sorted()
        let useRacks = request.rackAware && !request.racks.isEmpty
        let rackNames = useRacks ? Array(Set(targets.map { request.racks[$0]! })).sorted() : ["-"]
        let rackOf: (BrokerId) -> Int = { useRacks ? rackNames.firstIndex(of: request.racks[$0]!)! : 0 }
        let racks = rackNames.count
        let replicaTotal = entries.reduce(0) { $0 + $1.replicas.count }
        let moveWeight = Int64(replicaTotal + 1)
        let big = Int64(1) << 52

        let source = 0
        let partitionBase = 1
        let slotBase = partitionBase + entries.count
        let brokerBase = slotBase + entries.count * racks
        let sink = brokerBase + targets.count
        var network = FlowNetwork(nodes: sink + 1)
        var mandatory = 0
        for (index, entry) in entries.enumerated() {
            let replicationFactor = entry.replicas.count
            network.add(source, partitionBase + index, capacity: replicationFactor, cost: 0)
            for rack in 0..<racks {
                let slot = slotBase + index * racks + rack
                if racks == 1 {
                    network.add(partitionBase + index, slot, capacity: replicationFactor, cost: 0)
                } else if replicationFactor <= racks {
                    network.add(partitionBase + index, slot, capacity: 1, cost: 0)
                } else {
                    network.add(partitionBase + index, slot, capacity: 1, cost: -big)
                    network.add(partitionBase + index, slot, capacity: replicationFactor - 1, cost: 0)
                    mandatory += 1
                }
                for (brokerIndex, broker) in targets.enumerated() where rackOf(broker) == rack {
                    let size = sizes?[entry.topicPartition] ?? 0
                    let price: Int64 = entry.replicas.contains(broker) ? 0 : (sizes == nil ? 1 : size * moveWeight + 1)
                    network.add(slot, brokerBase + brokerIndex, capacity: 1, cost: price)
                }
            }
        }
        for (brokerIndex, broker) in targets.enumerated() {
            let share = shares[broker]!
            network.add(brokerBase + brokerIndex, sink, capacity: share.lowerBound, cost: -big)
            network.add(brokerBase + brokerIndex, sink, capacity: share.upperBound - share.lowerBound, cost: 0)
            mandatory += share.lowerBound
        }
        let (flow, cost) = network.minCostMaxFlow(source: source, sink: sink)
        guard flow == replicaTotal else { return nil }
        let rest = cost + big * Int64(mandatory)
        guard rest >= 0, rest < big / 2 else { return nil }  // some mandatory edge stayed unsaturated
        if sizes == nil { return Optimum(moves: Int(rest), bytes: 0) }
        return Optimum(moves: Int(rest % moveWeight), bytes: rest / moveWeight)
    }
}
