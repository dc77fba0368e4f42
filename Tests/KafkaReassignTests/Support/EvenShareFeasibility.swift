@testable import KafkaReassign

/// Whether some placement that keeps the hard constraints (replication factors, distinct
/// brokers, as many racks per partition as possible) gives every target broker `⌊S/N⌋ … ⌈S/N⌉`
/// replicas — decided by a feasibility flow that shares nothing with the planner.
///
/// Brokers of one rack are interchangeable: once a rack's total `T` is fixed, dealing the
/// rack's replicas of each partition to its `m` brokers in turn keeps them on distinct brokers
/// and gives every broker `⌊T/m⌋` or `⌈T/m⌉`, so the brokers fold into their rack with bounds
/// `m·low … m·high`. Partitions of one replication factor are interchangeable too (a split of
/// a class total among identical partitions always exists), so they fold into one node per
/// factor. A partition may put `[0, 1]` replicas in a rack when `RF < R`, exactly 1 when
/// `RF = R`, and `[1, m]` when `RF > R`. Lower bounds are units priced −1: the network is
/// feasible when the minimum-cost maximum flow carries all `S` units and saturates every one.
/// `PlannerPropertyTests` checks this folding against `MinimumMovesOracle`, which does not fold.
enum EvenShareFeasibility {
    static func isFeasible(_ assignment: ReplicaAssignment, brokers: [BrokerId], racks: [BrokerId: String]?) -> Bool {
        let rackNames = racks.map { map in Array(Set(brokers.map { map[$0]! })).sorted() } ?? ["-"]
        let members = rackNames.map { name in brokers.filter { (racks?[$0] ?? "-") == name }.count }
        var partitionsByFactor: [Int: Int] = [:]
        for entry in assignment.partitions { partitionsByFactor[entry.replicas.count, default: 0] += 1 }
        let factors = partitionsByFactor.keys.sorted()
        let total = assignment.partitions.reduce(0) { $0 + $1.replicas.count }
        let low = total / brokers.count
        let high = (total + brokers.count - 1) / brokers.count
        let rackCount = rackNames.count

        let source = 0
        let factorBase = 1
        let rackBase = factorBase + factors.count
        let sink = rackBase + rackCount
        var network = FlowNetwork(nodes: sink + 1)
        var mandatory = 0
        func add(_ from: Int, _ to: Int, lower: Int, upper: Int) {
            if lower > 0 { network.add(from, to, capacity: lower, cost: -1) }
            if upper > lower { network.add(from, to, capacity: upper - lower, cost: 0) }
            mandatory += lower
        }
        for (index, factor) in factors.enumerated() {
            let count = partitionsByFactor[factor]!
            add(source, factorBase + index, lower: count * factor, upper: count * factor)
            for rack in 0..<rackCount {
                let (lower, upper) = factor < rackCount ? (0, 1) : factor == rackCount ? (1, 1) : (1, members[rack])
                add(factorBase + index, rackBase + rack, lower: count * lower, upper: count * upper)
            }
        }
        for rack in 0..<rackCount {
            add(rackBase + rack, sink, lower: members[rack] * low, upper: members[rack] * high)
        }
        let (flow, cost) = network.minCostMaxFlow(source: source, sink: sink)
        return flow == total && cost == -Int64(mandatory)
    }
}
