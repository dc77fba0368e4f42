/// Makes a finished placement cheaper without breaking any bound: cancels negative cycles.
///
/// The direct moves that build a plan are each the cheapest at the time they are made,
/// but an earlier choice can make a later one dear (a new broker already holds the
/// partition another broker would most cheaply give it). In the min-cost-flow view a
/// placement is optimal exactly when no cycle of moves lowers its cost: A's replica to B,
/// B's to C, ..., back to A — or, through a virtual node, from a broker that may shrink to
/// one that may grow. Bellman-Ford finds such a cycle; applying it strictly lowers the
/// bytes (then replicas) moved. Repeated until none is left or the work budget (counted in
/// candidate replicas examined, so the result does not depend on machine speed) runs out:
/// small clusters reach the optimum, very large ones keep the direct-move plan.
enum PlacementImprovement {
    /// Candidate examinations allowed in total.
    static let defaultBudget = 4_000_000

    static func cancelNegativeCycles(_ placement: ReplicaPlacement, budget: Int = defaultBudget) {
        let targets = placement.targetCount
        let slack = targets  // virtual node: T→a if a may shrink, b→T if b may grow
        let nodes = targets + 1
        var remaining = budget
        while remaining > 0 {
            var arcs = placement.moveMatrix(budget: &remaining)
            if remaining <= 0 { return }
            // A cycle must use each partition once to be a set of independent legal moves;
            // when the cheapest cycle reuses one, drop the arc that reuses it and look again.
            var moves: [(partition: Int32, from: Int32, to: Int32)] = []
            search: while true {
                guard let cycle = negativeCycle(arcs: arcs, placement: placement, slack: slack, nodes: nodes,
                                                budget: &remaining) else { return }
                var partitions = Set<Int32>()
                moves = []
                for (from, to) in cycle where from != slack && to != slack {
                    let arc = arcs[from * targets + to]!
                    guard partitions.insert(arc.partition).inserted else {
                        arcs[from * targets + to] = nil
                        continue search
                    }
                    moves.append((arc.partition, Int32(from), Int32(to)))
                }
                break
            }
            for move in moves {
                guard placement.canMove(Int(move.partition), from: move.from, to: move.to) else { return }
            }
            for move in moves { placement.move(Int(move.partition), from: move.from, to: move.to) }
        }
    }

    /// A cycle of negative total cost as (from, to) node pairs, or nil.
    private static func negativeCycle(arcs: [(partition: Int32, cost: MoveCost)?], placement: ReplicaPlacement,
                                      slack: Int, nodes: Int, budget: inout Int) -> [(Int, Int)]? {
        let targets = placement.targetCount
        func cost(_ from: Int, _ to: Int) -> MoveCost? {
            if from == slack { return placement.count[to] > placement.lower[to] ? .zero : nil }
            if to == slack { return placement.count[from] < placement.upper[from] ? .zero : nil }
            return arcs[from * targets + to]?.cost
        }
        var distance = [MoveCost](repeating: .zero, count: nodes)
        var predecessor = [Int](repeating: -1, count: nodes)
        var relaxed = -1
        for _ in 0..<nodes {
            // Each pass examines every arc; an unfinished search finds nothing.
            budget -= nodes * nodes
            if budget <= 0 { return nil }
            relaxed = -1
            for from in 0..<nodes {
                for to in 0..<nodes where to != from {
                    guard let price = cost(from, to) else { continue }
                    let candidate = distance[from] + price
                    if candidate < distance[to] {
                        distance[to] = candidate
                        predecessor[to] = from
                        relaxed = to
                    }
                }
            }
            if relaxed < 0 { return nil }
        }
        // Still relaxing after |V| rounds: walking back |V| steps lands inside a cycle.
        var node = relaxed
        for _ in 0..<nodes { node = predecessor[node] }
        var cycle: [(Int, Int)] = []
        var at = node
        repeat {
            let from = predecessor[at]
            cycle.append((from, at))
            at = from
        } while at != node && cycle.count <= nodes
        guard at == node else { return nil }
        var total = MoveCost.zero
        for (from, to) in cycle { total = total + cost(from, to)! }
        return total < .zero ? cycle.reversed() : nil
    }
}
