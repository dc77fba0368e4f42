/// Optional disk balancing (`--balance-bytes`): spends extra data movement to bring every
/// broker's bytes within a tolerance of its share, without changing replica counts.
///
/// The default plan never moves a byte just for disk balance, so after adding brokers the
/// new ones hold their share of replicas but only the small ones. When the operator asks
/// for it, brokers whose bytes lie outside `target × (1 ± tolerance)` (target: total bytes
/// in proportion to the broker's replica count) swap a replica with a broker on the other
/// side of its target: the pair whose size difference comes closest to the smaller of the
/// two gaps without overshooting it, as Cruise Control's kafka-assigner disk goal does
/// (the over broker's largest replicas are tried first, the partner found by binary search
/// over sizes). Swapping keeps every replica count, so each broker's share stays put and
/// every exchange strictly shrinks the total distance from the shares. Every move keeps
/// the hard constraints; a broker for which nothing helps is left as it is.
/// The search is bounded by a budget of candidates examined, so it ends deterministically.
enum ByteBalancer {
    struct Outcome {
        var exchanges = 0
        var extraBytes: Int64 = 0
    }

    static let defaultBudget = 20_000_000
    /// Largest replicas of an over-target broker tried per partner.
    private static let candidatesPerBroker = 64
    /// Partners tried per over-target replica after the binary search.
    private static let partnersPerReplica = 16

    static func balance(_ placement: ReplicaPlacement, tolerance: Double, budget: Int = defaultBudget) -> Outcome {
        let problem = placement.problem
        let targets = placement.targetCount
        let sizes = problem.sizes
        var outcome = Outcome()
        var totalBytes: Int64 = 0
        var totalCount = 0
        for broker in 0..<targets {
            totalBytes += placement.bytes[broker]
            totalCount += placement.count[broker]
        }
        guard totalBytes > 0, totalCount > 0 else { return outcome }
        let goal = (0..<targets).map { Double(totalBytes) * Double(placement.count[$0]) / Double(totalCount) }
        func excess(_ broker: Int) -> Double { Double(placement.bytes[broker]) - goal[broker] }
        func outside(_ broker: Int) -> Bool { abs(excess(broker)) > tolerance * goal[broker] }

        // Replicas per broker, smallest first, kept sorted through the exchanges.
        var held = [[Int32]](repeating: [], count: targets)
        for partition in 0..<problem.partitionCount {
            for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                held[Int(placement.slots[slot])].append(Int32(partition))
            }
        }
        func before(_ a: Int32, _ b: Int32) -> Bool { sizes[Int(a)] != sizes[Int(b)] ? sizes[Int(a)] < sizes[Int(b)] : a < b }
        for broker in 0..<targets { held[broker].sort(by: before) }
        func remove(_ partition: Int32, from broker: Int) {
            if let index = held[broker].firstIndex(of: partition) { held[broker].remove(at: index) }
        }
        func insert(_ partition: Int32, into broker: Int) {
            var low = 0
            var high = held[broker].count
            while low < high {
                let middle = (low + high) / 2
                if before(held[broker][middle], partition) { low = middle + 1 } else { high = middle }
            }
            held[broker].insert(partition, at: low)
        }
        /// Index of the first replica on `broker` at least `size` bytes large.
        func firstAtLeast(_ size: Int64, on broker: Int) -> Int {
            var low = 0
            var high = held[broker].count
            while low < high {
                let middle = (low + high) / 2
                if sizes[Int(held[broker][middle])] < size { low = middle + 1 } else { high = middle }
            }
            return low
        }

        var remaining = budget
        var exhausted = [Bool](repeating: false, count: targets)
        while remaining > 0 {
            // The broker furthest outside its band (relative to its target) goes first.
            var worst: Int?
            for broker in 0..<targets where !exhausted[broker] && outside(broker) {
                if let current = worst {
                    if abs(excess(broker)) / goal[broker] > abs(excess(current)) / goal[current] { worst = broker }
                } else {
                    worst = broker
                }
            }
            guard let chosen = worst else { break }
            let chosenIsOver = excess(chosen) > 0
            var partners = (0..<targets).filter { $0 != chosen && (excess($0) > 0) != chosenIsOver && excess($0) != 0 }
            partners.sort { left, right in
                let l = abs(excess(left)) / goal[left]
                let r = abs(excess(right)) / goal[right]
                return l != r ? l > r : left < right
            }
            var exchanged = false
            for partner in partners {
                let over = chosenIsOver ? chosen : partner
                let under = chosenIsOver ? partner : chosen
                let gap = Int64(min(excess(over), -excess(under)))
                guard gap > 0 else { continue }
                if let (give, take) = bestExchange(placement, over: over, under: under, gap: gap, held: held,
                                                   firstAtLeast: firstAtLeast, budget: &remaining) {
                    outcome.extraBytes += placement.cost(Int(give), from: Int32(over), to: Int32(under)).bytes
                    placement.move(Int(give), from: Int32(over), to: Int32(under))
                    remove(give, from: over)
                    insert(give, into: under)
                    outcome.extraBytes += placement.cost(Int(take), from: Int32(under), to: Int32(over)).bytes
                    placement.move(Int(take), from: Int32(under), to: Int32(over))
                    remove(take, from: under)
                    insert(take, into: over)
                    outcome.exchanges += 1
                    exchanged = true
                    break
                }
                if remaining <= 0 { break }
            }
            if !exchanged { exhausted[chosen] = true }
        }
        return outcome
    }

    /// A replica `give` from `over` to `under` and a smaller one `take` back, whose size
    /// difference is at most `gap` and as large as possible.
    private static func bestExchange(_ placement: ReplicaPlacement, over: Int, under: Int, gap: Int64, held: [[Int32]],
                                     firstAtLeast: (Int64, Int) -> Int, budget: inout Int) -> (Int32, Int32)? {
        let sizes = placement.problem.sizes
        var best: (give: Int32, take: Int32, difference: Int64)?
        var tried = 0
        for give in held[over].reversed() {
            let giveSize = sizes[Int(give)]
            if let best, giveSize <= best.difference { break }  // no later (smaller) replica can do better
            budget -= 1
            guard placement.canMove(Int(give), from: Int32(over), to: Int32(under)) else { continue }
            tried += 1
            if tried > candidatesPerBroker || budget <= 0 { break }
            // Partners from the smallest size that keeps the difference within the gap upwards.
            var index = firstAtLeast(giveSize - gap, under)
            var checked = 0
            while index < held[under].count, checked < partnersPerReplica {
                let take = held[under][index]
                let takeSize = sizes[Int(take)]
                if takeSize >= giveSize { break }
                budget -= 1
                checked += 1
                if take != give, placement.canMove(Int(take), from: Int32(under), to: Int32(over)) {
                    let difference = giveSize - takeSize
                    if best == nil || difference > best!.difference { best = (give, take, difference) }
                    break
                }
                index += 1
            }
        }
        guard let best, best.difference > 0 else { return nil }
        return (best.give, best.take)
    }
}
