@testable import KafkaReassign

/// Whether some choice of preferred leaders among each partition's final replicas gives
/// every broker a leader count within its share — a bipartite flow with lower bounds.
enum LeaderFeasibility {
    static func isFeasible(_ final: [[BrokerId]], shares: [BrokerId: ClosedRange<Int>]) -> Bool {
        let brokers = shares.keys.sorted()
        let source = 0
        let partitionBase = 1
        let brokerBase = partitionBase + final.count
        let sink = brokerBase + brokers.count
        let big = Int64(1) << 40
        var network = FlowNetwork(nodes: sink + 1)
        for (index, replicas) in final.enumerated() {
            network.add(source, partitionBase + index, capacity: 1, cost: 0)
            for broker in replicas {
                network.add(partitionBase + index, brokerBase + brokers.firstIndex(of: broker)!, capacity: 1, cost: 0)
            }
        }
        var mandatory = 0
        for (index, broker) in brokers.enumerated() {
            let share = shares[broker]!
            network.add(brokerBase + index, sink, capacity: share.lowerBound, cost: -big)
            network.add(brokerBase + index, sink, capacity: share.upperBound - share.lowerBound, cost: 0)
            mandatory += share.lowerBound
        }
        let (flow, cost) = network.minCostMaxFlow(source: source, sink: sink)
        return flow == final.count && cost == -big * Int64(mandatory)
    }
}
