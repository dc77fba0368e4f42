/// Chooses each partition's preferred leader among its final replicas so that every
/// target broker leads its fair share of partitions, changing as few preferred leaders
/// as possible.
///
/// Reordering a replica list moves no data, but every changed preferred leader is a
/// leadership move when the controller rebalances, so unnecessary ones are avoided. A
/// partition starts with the broker in its first list position, which is the old
/// preferred leader or the broker that replaced it. Brokers over their share hand
/// leadership to replicas under theirs, preferring partitions whose leader changes anyway;
/// brokers under their share take it from brokers over theirs; chains of handovers settle
/// the rest, as for replicas.
enum LeaderBalancer {
    struct Result {
        /// Per partition, the slot (absolute index) whose broker leads.
        let leaderSlot: [Int]
        let lower: [Int]
        let upper: [Int]
        /// Brokers left outside their leader share (possible only when the replica
        /// placement leaves too few partitions to choose from).
        let notes: [String]
    }

    static func balance(_ problem: PlacementProblem, slots: [Int32]) -> Result {
        let targets = problem.targetCount
        let partitions = problem.partitionCount
        var leaderSlot = (0..<partitions).map { problem.offsets[$0] }
        var leads = [Int](repeating: 0, count: targets)
        var hosted = [[Int32]](repeating: [], count: targets)
        var led = [[Int32]](repeating: [], count: targets)
        for partition in 0..<partitions {
            for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                hosted[Int(slots[slot])].append(Int32(partition))
            }
            let leader = Int(slots[leaderSlot[partition]])
            leads[leader] += 1
            led[leader].append(Int32(partition))
        }
        // A broker must lead every partition it holds alone (replication factor 1) and can
        // lead at most the partitions it holds.
        var sole = [Int](repeating: 0, count: targets)
        for partition in 0..<partitions where problem.replicationFactor(partition) == 1 {
            sole[Int(slots[problem.offsets[partition]])] += 1
        }
        let groups = (0..<targets).map { FairShare.Group(members: 1, minimum: sole[$0], maximum: hosted[$0].count) }
        let bounds = FairShare.divide(total: partitions, among: groups)!
        let lower = bounds.map(\.lower)
        let upper = bounds.map(\.upper)

        func leader(_ partition: Int) -> Int32 { slots[leaderSlot[partition]] }
        func originalLeader(_ partition: Int) -> Int32 { problem.original[problem.offsets[partition]] }
        /// Change in the number of partitions whose preferred leader differs from the original.
        func cost(_ partition: Int, to broker: Int32) -> Int {
            (broker != originalLeader(partition) ? 1 : 0) - (leader(partition) != originalLeader(partition) ? 1 : 0)
        }
        func slot(of broker: Int32, in partition: Int) -> Int {
            for slot in problem.offsets[partition]..<problem.offsets[partition + 1] where slots[slot] == broker { return slot }
            preconditionFailure("broker \(broker) holds no replica of partition \(partition)")
        }
        func handOver(_ partition: Int, to broker: Int32) {
            let from = Int(leader(partition))
            leads[from] -= 1
            leads[Int(broker)] += 1
            leaderSlot[partition] = slot(of: broker, in: partition)
            led[Int(broker)].append(Int32(partition))
        }

        /// Breadth-first search over "leads a partition that `to` also holds"; the
        /// shortest chain changes the fewest leaders.
        func chain(from sources: [Int32], accept: (Int32) -> Bool) -> [(Int, Int32)]? {
            var parent = [(partition: Int, from: Int32)?](repeating: nil, count: targets)
            var visited = [Bool](repeating: false, count: targets)
            var queue = sources
            for source in sources { visited[Int(source)] = true }
            var head = 0
            while head < queue.count {
                let node = queue[head]
                head += 1
                for entry in led[Int(node)] where leader(Int(entry)) == node {
                    let partition = Int(entry)
                    for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                        let next = slots[slot]
                        guard !visited[Int(next)] else { continue }
                        visited[Int(next)] = true
                        parent[Int(next)] = (partition, node)
                        if accept(next) {
                            var steps: [(Int, Int32)] = []
                            var at = next
                            var used = Set<Int>()
                            while let link = parent[Int(at)] {
                                guard used.insert(link.partition).inserted else { return nil }
                                steps.append((link.partition, at))
                                at = link.from
                            }
                            return steps
                        }
                        queue.append(next)
                    }
                }
            }
            return nil
        }

        // Over their share: hand leadership to a replica with room, cheapest first.
        for source in 0..<Int32(targets) {
            while leads[Int(source)] > upper[Int(source)] {
                var best: (partition: Int, broker: Int32)?
                var bestKey: (Int, Int, Int, Int32, Int) = (0, 0, 0, 0, 0)
                for entry in led[Int(source)] where leader(Int(entry)) == source {
                    let partition = Int(entry)
                    for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                        let broker = slots[slot]
                        let b = Int(broker)
                        guard broker != source, leads[b] < upper[b] else { continue }
                        let key = (cost(partition, to: broker), leads[b] < lower[b] ? 0 : 1, leads[b], broker, partition)
                        if best == nil || key < bestKey {
                            best = (partition, broker)
                            bestKey = key
                        }
                    }
                }
                guard let best else { break }
                handOver(best.partition, to: best.broker)
            }
        }
        // Under their share: take leadership from a broker above its lower bound.
        var active = (0..<Int32(targets)).filter { leads[Int($0)] < lower[Int($0)] }
        while !active.isEmpty {
            var next: [Int32] = []
            for broker in active where leads[Int(broker)] < lower[Int(broker)] {
                var best: Int?
                var bestKey: (Int, Int, Int32, Int) = (0, 0, 0, 0)
                for entry in hosted[Int(broker)] {
                    let partition = Int(entry)
                    let current = leader(partition)
                    guard current != broker, leads[Int(current)] > lower[Int(current)] else { continue }
                    let key = (cost(partition, to: broker), -(leads[Int(current)] - lower[Int(current)]), current, partition)
                    if best == nil || key < bestKey {
                        best = partition
                        bestKey = key
                    }
                }
                guard let partition = best else { continue }
                handOver(partition, to: broker)
                if leads[Int(broker)] < lower[Int(broker)] { next.append(broker) }
            }
            active = next
        }
        // Chains: a broker over its share passes leadership along partitions it leads
        // until it reaches a broker with room (or, reversed, for a broker under its share).
        var progress = true
        while progress {
            progress = false
            for broker in 0..<Int32(targets) {
                while leads[Int(broker)] > upper[Int(broker)],
                      let chain = chain(from: [broker], accept: { leads[Int($0)] < upper[Int($0)] }) {
                    for (partition, to) in chain.reversed() { handOver(partition, to: to) }
                    progress = true
                }
                while leads[Int(broker)] < lower[Int(broker)],
                      let chain = chain(from: (0..<Int32(targets)).filter { $0 != broker && leads[Int($0)] > lower[Int($0)] },
                                        accept: { $0 == broker }) {
                    for (partition, to) in chain.reversed() { handOver(partition, to: to) }
                    progress = true
                }
            }
        }

        var notes: [String] = []
        for broker in 0..<targets where leads[broker] < lower[broker] || leads[broker] > upper[broker] {
            notes.append("broker \(problem.brokerIds[broker]) ends as preferred leader of \(leads[broker]) partitions, outside its fair share \(lower[broker])...\(upper[broker])")
        }
        return Result(leaderSlot: leaderSlot, lower: lower, upper: upper, notes: notes)
    }
}
