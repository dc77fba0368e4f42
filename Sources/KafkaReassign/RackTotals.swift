/// The replica totals that racks can hold together, as a small flow network.
///
/// `FairShare` sees one limit per rack, but rack diversity also limits sets of racks: with
/// four racks and replication factor 3 every partition skips one rack only, so two
/// one-broker racks must together hold a replica of every partition although each alone
/// may hold none. Shares that ignore this cannot be met. Here partitions of one replication
/// factor fold into one node (they are interchangeable for counting) and send their
/// replicas to racks, a partition putting `[0, 1]` replicas in a rack when RF < R, exactly
/// 1 when RF = R and `[1, min(m, RF − R + 1)]` when RF > R (m: the rack's brokers). Brokers
/// fold into their rack: dealing a rack's replicas of each partition to its brokers in turn
/// keeps them on distinct brokers and evens the brokers out, so a rack total `T` gives each
/// broker `⌊T/m⌋` or `⌈T/m⌉`. The network has a node per replication factor and per rack,
/// so it is solved in microseconds whatever the cluster size.
struct RackTotals {
    /// Target brokers per rack.
    let members: [Int]
    /// Replicas to place.
    let total: Int
    private let classes: [(count: Int, factor: Int)]
    /// Per class and rack, the replicas the class must and may put there.
    private let edgeLower: [[Int]]
    private let edgeUpper: [[Int]]

    /// What each rack must and may hold on its own, the limits `FairShare` divides within.
    var rackLimits: [ClosedRange<Int>] {
        members.indices.map { rack in
            classes.indices.reduce(0) { $0 + edgeLower[$1][rack] }...classes.indices.reduce(0) { $0 + edgeUpper[$1][rack] }
        }
    }

    init(_ problem: PlacementProblem) {
        let members = problem.rackMembers()
        let racks = problem.rackCount
        self.members = members
        var counts: [Int: Int] = [:]
        for partition in 0..<problem.partitionCount { counts[problem.replicationFactor(partition), default: 0] += 1 }
        let classes = counts.keys.sorted().map { (count: counts[$0]!, factor: $0) }
        self.classes = classes
        total = classes.reduce(0) { $0 + $1.count * $1.factor }
        edgeLower = classes.map { entry in (0..<racks).map { _ in entry.factor < racks ? 0 : entry.count } }
        edgeUpper = classes.map { entry in
            (0..<racks).map { rack in
                entry.factor <= racks ? entry.count : entry.count * min(members[rack], entry.factor - racks + 1)
            }
        }
    }

    /// Whether some placement keeps every partition's rack spread with each rack's total
    /// within `bounds[rack]`.
    func admits(_ bounds: [ClosedRange<Int>]) -> Bool {
        // Feasibility with lower bounds: route each edge's lower bound up front, then ask a
        // maximum flow to settle the imbalances that leaves.
        let racks = members.count
        let source = 0, sink = 1, classBase = 2
        let rackBase = classBase + classes.count
        let superSource = rackBase + racks, superSink = superSource + 1
        var network = MaximumFlow(nodes: superSink + 1)
        var excess = [Int](repeating: 0, count: superSink + 1)
        func add(_ from: Int, _ to: Int, lower: Int, upper: Int) {
            network.add(from, to, capacity: upper - lower)
            excess[to] += lower
            excess[from] -= lower
        }
        for (index, entry) in classes.enumerated() {
            add(source, classBase + index, lower: entry.count * entry.factor, upper: entry.count * entry.factor)
            for rack in 0..<racks {
                add(classBase + index, rackBase + rack, lower: edgeLower[index][rack], upper: edgeUpper[index][rack])
            }
        }
        for rack in 0..<racks {
            guard bounds[rack].lowerBound >= 0 else { return false }
            add(rackBase + rack, sink, lower: bounds[rack].lowerBound, upper: bounds[rack].upperBound)
        }
        network.add(sink, source, capacity: Int.max / 4)
        var required = 0
        for node in 0..<superSource where excess[node] != 0 {
            if excess[node] > 0 {
                network.add(superSource, node, capacity: excess[node])
                required += excess[node]
            } else {
                network.add(node, superSink, capacity: -excess[node])
            }
        }
        return network.maximumFlow(from: superSource, to: superSink) == required
    }

    /// The most even rack totals any placement allows: the totals that minimise the sum over
    /// brokers of their squared replica counts, each rack's total dealt evenly among its
    /// brokers. Successive shortest paths on the folded network, whose only costs are the
    /// convex per-rack ones, so each step sends replicas to the cheapest rack the classes can
    /// still reach (through exchanges with other racks), a whole round of brokers at a time.
    func evenest() -> [Int] {
        let racks = members.count
        var totals = (0..<racks).map { rack in classes.indices.reduce(0) { $0 + edgeLower[$1][rack] } }
        var supply = classes.indices.map { index in
            classes[index].count * classes[index].factor - (0..<racks).reduce(0) { $0 + edgeLower[index][$1] }
        }
        /// Replicas each class put in each rack above the edge's lower bound.
        var extra = [[Int]](repeating: [Int](repeating: 0, count: racks), count: classes.count)
        func marginal(_ rack: Int) -> Int { 2 * (totals[rack] / members[rack]) + 1 }

        while supply.contains(where: { $0 > 0 }) {
            // Breadth-first search over class → rack (room left) and rack → class (a replica
            // to take back), starting at every class with replicas still to place.
            var classParent = [Int?](repeating: nil, count: classes.count)
            var rackParent = [Int?](repeating: nil, count: racks)
            var classSeen = supply.map { $0 > 0 }
            var queue = classes.indices.filter { supply[$0] > 0 }
            var head = 0
            while head < queue.count {
                let index = queue[head]
                head += 1
                for rack in 0..<racks where rackParent[rack] == nil
                    && edgeLower[index][rack] + extra[index][rack] < edgeUpper[index][rack] {
                    rackParent[rack] = index
                    for other in classes.indices where !classSeen[other] && extra[other][rack] > 0 {
                        classSeen[other] = true
                        classParent[other] = rack
                        queue.append(other)
                    }
                }
            }
            guard let target = (0..<racks).filter({ rackParent[$0] != nil }).min(by: { marginal($0) < marginal($1) }) else {
                break  // cannot happen: every replication factor is at most the broker count
            }
            // Walk back to the class that supplies the replica, collecting the exchanges.
            var path: [(index: Int, rack: Int, forward: Bool)] = []
            var index = rackParent[target]!
            path.append((index, target, true))
            while let previousRack = classParent[index] {
                path.append((index, previousRack, false))
                index = rackParent[previousRack]!
                path.append((index, previousRack, true))
            }
            var amount = min(supply[index], members[target] - totals[target] % members[target])
            for step in path {
                let room = step.forward
                    ? edgeUpper[step.index][step.rack] - edgeLower[step.index][step.rack] - extra[step.index][step.rack]
                    : extra[step.index][step.rack]
                amount = min(amount, room)
            }
            for step in path { extra[step.index][step.rack] += step.forward ? amount : -amount }
            supply[index] -= amount
            totals[target] += amount
        }
        return totals
    }
}

/// Edmonds–Karp maximum flow, for networks of a few dozen nodes.
private struct MaximumFlow {
    private var to: [Int] = []
    private var capacity: [Int] = []
    private var adjacency: [[Int]]

    init(nodes: Int) { adjacency = [[Int]](repeating: [], count: nodes) }

    mutating func add(_ from: Int, _ target: Int, capacity amount: Int) {
        adjacency[from].append(to.count)
        to.append(target)
        capacity.append(amount)
        adjacency[target].append(to.count)
        to.append(from)
        capacity.append(0)
    }

    mutating func maximumFlow(from source: Int, to sink: Int) -> Int {
        var flow = 0
        while true {
            var via = [Int](repeating: -1, count: adjacency.count)
            var queue = [source]
            var head = 0
            var reached = false
            while head < queue.count, !reached {
                let node = queue[head]
                head += 1
                for edge in adjacency[node] where capacity[edge] > 0 && via[to[edge]] == -1 && to[edge] != source {
                    via[to[edge]] = edge
                    if to[edge] == sink { reached = true; break }
                    queue.append(to[edge])
                }
            }
            guard reached else { return flow }
            var bottleneck = Int.max
            var node = sink
            while node != source {
                bottleneck = min(bottleneck, capacity[via[node]])
                node = to[via[node] ^ 1]
            }
            node = sink
            while node != source {
                capacity[via[node]] -= bottleneck
                capacity[via[node] ^ 1] += bottleneck
                node = to[via[node] ^ 1]
            }
            flow += bottleneck
        }
    }
}
