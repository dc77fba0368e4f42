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
        var arcs = [(partition: Int32, cost: MoveCost)?](repeating: nil, count: targets * targets)
        var arcKnown = [Bool](repeating: false, count: targets * targets)
        func arc(_ from: Int, _ to: Int) -> (partition: Int32, cost: MoveCost)? {
            let key = from * targets + to
            if arcKnown[key] { return arcs[key] }
            arcKnown[key] = true
            var best: (partition: Int32, cost: MoveCost)?
            if let partition = placement.movableImmigrant(from: Int32(from), to: Int32(to)) {
                best = (partition, placement.cost(Int(partition), from: Int32(from), to: Int32(to)))
            }
            if let partition = placement.cheapestOriginal(from: Int32(from), to: Int32(to)) {
                let price = placement.cost(Int(partition), from: Int32(from), to: Int32(to))
                if best == nil || price < best!.cost { best = (partition, price) }
            }
            arcs[key] = best
            return best
        }

        var sink: Int32?
        if case let .deficit(broker) = need { sink = broker }
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

        if sink == nil {
            var source: Int32 = -1
            if case let .excess(broker) = need { source = broker }
            var best: Int32?
            for broker in 0..<Int32(targets) where broker != source {
                guard let cost = distance[Int(broker)], predecessor[Int(broker)] != nil,
                      placement.count[Int(broker)] < placement.upper[Int(broker)] else { continue }
                if let current = best {
                    let currentDeficit = placement.count[Int(current)] < placement.lower[Int(current)]
                    let deficit = placement.count[Int(broker)] < placement.lower[Int(broker)]
                    if (cost, deficit ? 0 : 1) < (distance[Int(current)]!, currentDeficit ? 0 : 1) { best = broker }
                } else {
                    best = broker
                }
            }
            sink = best
        }
        guard let end = sink, distance[Int(end)] != nil else { return false }

        // Walk back to the start; a repeated broker or partition means the labels form a
        // cycle or reuse a partition, and the chain is not safe to apply.
        var steps: [Step] = []
        var seenBrokers: Set<Int32> = [end]
        var seenPartitions: Set<Int> = []
        var node = end
        while let step = predecessor[Int(node)] {
            guard seenPartitions.insert(step.partition).inserted else { return false }
            steps.append(step)
            guard let from = step.from else { break }
            if case let .excess(broker) = need, from == broker { break }
            if case .deficit = need, predecessor[Int(from)] == nil { break }
            guard seenBrokers.insert(from).inserted else { return false }
            node = from
        }
        guard let first = steps.last else { return false }
        switch need {
        case .homeless: guard first.from == nil else { return false }
        case let .excess(broker): guard first.from == broker else { return false }
        case .deficit:
            guard let from = first.from, placement.count[Int(from)] > placement.lower[Int(from)] else { return false }
        }
        for step in steps {
            if let from = step.from {
                guard placement.canMove(step.partition, from: from, to: step.to) else { return false }
            } else {
                guard step.partition == homelessPartition, placement.canPlace(step.partition, on: step.to) else { return false }
            }
        }
        for step in steps.reversed() {
            if let from = step.from {
                placement.move(step.partition, from: from, to: step.to)
            } else {
                placement.place(slot: homelessSlot!, partition: step.partition, on: step.to)
            }
        }
        return true
    }
}
