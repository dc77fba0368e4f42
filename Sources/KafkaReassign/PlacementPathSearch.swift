/// Chains of moves for the cases a single move cannot settle.
///
/// Sometimes no replica can go straight from where it must leave to where there is room:
/// every candidate destination already holds that partition, or would cost the partition
/// a rack. Then a chain helps — A's replica goes to B, which passes another replica to C —
/// exactly an augmenting path in the min-cost-flow view of the problem (brokers as nodes,
/// an arc A→B priced by the cheapest replica that may move from A to B). Bellman-Ford finds
/// the cheapest chain; arcs that move a replica this plan already moved are free, and
/// arcs that return one to a broker that held it are negative, as Cruise Control's
/// "immigrant" rule suggests. Only used for leftovers, so simplicity beats speed here.
enum PlacementPathSearch {
    enum Need {
        /// A homeless slot that no broker with room can take directly.
        case homeless(slot: Int)
        /// A broker above its upper bound.
        case excess(broker: Int32)
        /// A broker below its lower bound.
        case deficit(broker: Int32)
    }

    private struct Step {
        let partition: Int
        let from: Int32?  // nil: from the homeless slot
        let to: Int32
    }

    /// Finds and applies the cheapest chain for `need`; false if there is none.
    static func resolve(_ need: Need, in placement: ReplicaPlacement) -> Bool {
        let targets = placement.targetCount
        var distance = [MoveCost?](repeating: nil, count: targets)
        var predecessor = [Step?](repeating: nil, count: targets)
        var homelessSlot: Int?
        var homelessPartition = -1

        switch need {
        case let .homeless(slot):
            homelessSlot = slot
            homelessPartition = placement.partition(ofSlot: slot)
            for broker in 0..<Int32(targets) where placement.canPlace(homelessPartition, on: broker) {
                distance[Int(broker)] = placement.cost(homelessPartition, from: nil, to: broker)
                predecessor[Int(broker)] = Step(partition: homelessPartition, from: nil, to: broker)
            }
        case let .excess(broker):
            distance[Int(broker)] = .zero
        case .deficit:
            for broker in 0..<targets where placement.count[broker] > placement.lower[broker] {
                distance[broker] = .zero
            }
        }

        // Arc prices, computed once per search: the cheapest replica on `from` that may go to `to`.
        var budget = Int.max
        let arcs = placement.moveMatrix(budget: &budget)
        func arc(_ from: Int, _ to: Int) -> (partition: Int32, cost: MoveCost)? { arcs[from * targets + to] }

        var fixedEnd: Int32?  // a deficit is met at its own broker; other needs end anywhere with room
        if case let .deficit(broker) = need { fixedEnd = broker }
        for _ in 0..<targets {
            var changed = false
            for from in 0..<targets {
                guard let base = distance[from] else { continue }
                if case let .deficit(broker) = need, from == Int(broker) { continue }
                for to in 0..<targets where to != from {
                    guard let (partition, price) = arc(from, to) else { continue }
                    let candidate = base + price
                    if distance[to] == nil || candidate < distance[to]! {
                        distance[to] = candidate
                        predecessor[to] = Step(partition: Int(partition), from: Int32(from), to: Int32(to))
                        changed = true
                    }
                }
            }
            if !changed { break }
        }

        // Candidate ends, cheapest first (a broker below its share before one merely
        // with room). A chain whose labels reuse a partition or loop is skipped in
        // favour of the next end.
        var ends: [Int32] = []
        if let fixedEnd {
            ends = [fixedEnd]
        } else {
            var source: Int32 = -1
            if case let .excess(broker) = need { source = broker }
            ends = (0..<Int32(targets)).filter { broker in
                broker != source && distance[Int(broker)] != nil && predecessor[Int(broker)] != nil
                    && placement.count[Int(broker)] < placement.upper[Int(broker)]
            }
            ends.sort { left, right in
                let leftKey = (distance[Int(left)]!, placement.count[Int(left)] < placement.lower[Int(left)] ? 0 : 1, left)
                let rightKey = (distance[Int(right)]!, placement.count[Int(right)] < placement.lower[Int(right)] ? 0 : 1, right)
                return leftKey < rightKey
            }
        }
        func apply(_ steps: [Step]) {
            for step in steps.reversed() {
                if let from = step.from {
                    placement.move(step.partition, from: from, to: step.to)
                } else {
                    placement.place(slot: homelessSlot!, partition: step.partition, on: step.to)
                }
            }
        }
        for end in ends where distance[Int(end)] != nil {
            if let steps = chain(to: end, need: need, predecessor: predecessor, placement: placement,
                                 homelessPartition: homelessPartition) {
                apply(steps)
                return true
            }
        }
        // The cost labels can be spoilt by a cheaper cycle of moves that reuses a partition
        // (and so cannot be applied). Feasibility matters more than price here: fall back
        // to the chain with the fewest moves.
        if let steps = fewestMoves(need, arcs: arcs, placement: placement, homelessPartition: homelessPartition) {
            apply(steps)
            return true
        }
        return false
    }

    /// Breadth-first search over the same arcs, ignoring prices.
    private static func fewestMoves(_ need: Need, arcs: [(partition: Int32, cost: MoveCost)?], placement: ReplicaPlacement,
                                    homelessPartition: Int) -> [Step]? {
        let targets = placement.targetCount
        var predecessor = [Step?](repeating: nil, count: targets)
        var visited = [Bool](repeating: false, count: targets)
        var queue: [Int32] = []
        func accepts(_ broker: Int32) -> Bool {
            switch need {
            case .homeless: return placement.count[Int(broker)] < placement.upper[Int(broker)]
            case let .excess(source): return broker != source && placement.count[Int(broker)] < placement.upper[Int(broker)]
            case let .deficit(sink): return broker == sink
            }
        }
        switch need {
        case .homeless:
            for broker in 0..<Int32(targets) where placement.canPlace(homelessPartition, on: broker) {
                visited[Int(broker)] = true
                predecessor[Int(broker)] = Step(partition: homelessPartition, from: nil, to: broker)
                queue.append(broker)
            }
        case let .excess(source):
            visited[Int(source)] = true
            queue.append(source)
        case let .deficit(sink):
            for broker in 0..<Int32(targets) where broker != sink && placement.count[Int(broker)] > placement.lower[Int(broker)] {
                visited[Int(broker)] = true
                queue.append(broker)
            }
        }
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            if predecessor[Int(node)] != nil, accepts(node),
               let steps = chain(to: node, need: need, predecessor: predecessor, placement: placement,
                                 homelessPartition: homelessPartition) {
                return steps
            }
            for next in 0..<Int32(targets) where !visited[Int(next)] {
                guard let arc = arcs[Int(node) * targets + Int(next)] else { continue }
                visited[Int(next)] = true
                predecessor[Int(next)] = Step(partition: Int(arc.partition), from: node, to: next)
                queue.append(next)
            }
        }
        return nil
    }

    /// The steps from the need to `end` (last step first), if they form a simple chain of
    /// independent, currently legal moves.
    private static func chain(to end: Int32, need: Need, predecessor: [Step?], placement: ReplicaPlacement,
                              homelessPartition: Int) -> [Step]? {
        var steps: [Step] = []
        var seenBrokers: Set<Int32> = [end]
        var seenPartitions: Set<Int> = []
        var node = end
        while let step = predecessor[Int(node)] {
            guard seenPartitions.insert(step.partition).inserted else { return nil }
            steps.append(step)
            guard let from = step.from else { break }
            if case let .excess(broker) = need, from == broker { break }
            if case .deficit = need, predecessor[Int(from)] == nil { break }
            guard seenBrokers.insert(from).inserted else { return nil }
            node = from
        }
        guard let first = steps.last else { return nil }
        switch need {
        case .homeless: guard first.from == nil else { return nil }
        case let .excess(broker): guard first.from == broker else { return nil }
        case .deficit:
            guard let from = first.from, placement.count[Int(from)] > placement.lower[Int(from)] else { return nil }
        }
        for step in steps {
            if let from = step.from {
                guard placement.canMove(step.partition, from: from, to: step.to) else { return nil }
            } else {
                guard step.partition == homelessPartition, placement.canPlace(step.partition, on: step.to) else { return nil }
            }
        }
        return steps
    }
}
