/// kseg's default planner: keep every hard constraint, then move as few bytes as possible.
///
/// Hard constraints: replication factors unchanged, no broker twice in a partition, each
/// partition on as many racks as it can use, every target broker within its fair share
/// of replicas (`FairShare`, checked against what sets of racks can hold by `RackTotals`),
/// nothing left on brokers outside the target list. Within
/// those, the plan moves the fewest bytes (replicas when sizes are unknown), steers moved
/// replicas to the brokers with the fewest bytes, and finally balances preferred leaders
/// changing as few as possible (`LeaderBalancer`).
///
/// The work is done by direct moves, cheapest first, in an order that never moves a
/// replica that did not have to move: replicas that must leave (leaving brokers, rack
/// duplicates) are placed first, preferring brokers below their share; brokers above
/// their share give up their smallest replicas; brokers still below take the cheapest
/// replica on offer — a replica this plan already moved costs nothing to move again.
/// What single moves cannot settle goes to `PlacementPathSearch`, and
/// `PlacementImprovement` finally undoes choices that a cycle of moves can make cheaper.
/// Every tie is broken by broker id and partition order, so the same input always gives
/// the same plan.
enum MinimalMovementPlanner {
    struct Result {
        let slots: [Int32]
        let lower: [Int]
        let upper: [Int]
        let lowerBound: Int
        /// Hard constraints the plan could not meet, in words.
        let findings: [String]
        /// Facts the user should know (shares adjusted for racks, and so on).
        let notes: [String]
    }

    static func place(_ problem: PlacementProblem, byteTolerance: Double? = nil) -> Result {
        var notes: [String] = []
        var findings: [String] = []
        let (lower, upper) = replicaBounds(problem, notes: &notes)
        let lowerBound = MoveLowerBound.compute(problem, lower: lower, upper: upper)
        let placement = ReplicaPlacement(problem: problem, lower: lower, upper: upper)

        restoreRackDiversity(placement)
        placeHomeless(placement)
        shedExcess(placement)
        fillDeficits(placement)
        resolveLeftovers(placement)
        forcePlaceHomeless(placement, findings: &findings)
        PlacementImprovement.cancelNegativeCycles(placement)
        if let tolerance = byteTolerance, problem.sizes.contains(where: { $0 > 0 }) {
            let outcome = ByteBalancer.balance(placement, tolerance: tolerance)
            notes.append("--balance-bytes: \(outcome.exchanges) exchanges to even out disk use added \(outcome.extraBytes) bytes to the plan")
        }

        for broker in 0..<problem.targetCount {
            let held = placement.count[broker]
            if held < lower[broker] || held > upper[broker] {
                findings.append("broker \(problem.brokerIds[broker]) ends with \(held) replicas, outside its fair share \(lower[broker])...\(upper[broker])")
            }
        }
        return Result(slots: placement.slots, lower: lower, upper: upper, lowerBound: lowerBound,
                      findings: findings, notes: notes)
    }

    /// Per target broker, the fair-share bounds on replica count, with racks as groups: each
    /// rack must hold a replica of every partition whose replication factor reaches the rack
    /// count, and may hold at most one of every partition whose factor does not.
    static func replicaBounds(_ problem: PlacementProblem, notes: inout [String]) -> ([Int], [Int]) {
        let racks = problem.rackCount
        let network = RackTotals(problem)
        let members = network.members
        let total = network.total
        let groups = zip(members, network.rackLimits).map {
            FairShare.Group(members: $0, minimum: $1.lowerBound, maximum: $1.upperBound)
        }
        // Feasible by construction: every replication factor is at most the broker count.
        var bounds = FairShare.divide(total: total, among: groups)!.map { (lower: $0.lower, upper: $0.upper) }
        // Limits on sets of racks can still make those shares impossible; then each rack
        // takes its part of the most even totals the racks admit together.
        if racks > 1, !network.admits(bounds.indices.map { members[$0] * bounds[$0].lower...members[$0] * bounds[$0].upper }) {
            bounds = zip(network.evenest(), members).map { (lower: $0 / $1, upper: ($0 + $1 - 1) / $1) }
        }
        var lower = [Int](repeating: 0, count: problem.targetCount)
        var upper = [Int](repeating: 0, count: problem.targetCount)
        for broker in 0..<problem.targetCount {
            let rack = Int(problem.rackOf[broker])
            lower[broker] = bounds[rack].lower
            upper[broker] = bounds[rack].upper
        }
        if racks > 1 {
            let even = (total / problem.targetCount, (total + problem.targetCount - 1) / problem.targetCount)
            for rack in 0..<racks where bounds[rack] != even {
                notes.append("rack \(problem.rackNames[rack]) (\(members[rack]) brokers) must hold \(bounds[rack].lower == bounds[rack].upper ? "\(bounds[rack].lower)" : "\(bounds[rack].lower)...\(bounds[rack].upper)") replicas per broker to keep partitions spread over racks; the cluster-wide share is \(even.0 == even.1 ? "\(even.0)" : "\(even.0)...\(even.1)")")
            }
        }
        return (lower, upper)
    }

    /// Evicts duplicates from partitions that span fewer racks than they could: from the
    /// most overloaded broker first, and a follower rather than the preferred leader.
    static func restoreRackDiversity(_ placement: ReplicaPlacement) {
        let problem = placement.problem
        guard problem.rackCount > 1 else { return }
        for partition in 0..<problem.partitionCount {
            while placement.distinctRacks(partition) + placement.homelessCount(partition) < problem.requiredRacks(partition) {
                var chosen: Int?
                var chosenKey: (Int, Int, Int64, Int32) = (0, 0, 0, 0)
                for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                    let broker = placement.slots[slot]
                    guard broker >= 0, placement.replicas(partition, inRack: problem.rackOf[Int(broker)]) >= 2 else { continue }
                    let b = Int(broker)
                    let key = (placement.count[b] - placement.upper[b],
                               slot == problem.offsets[partition] ? 0 : 1,
                               placement.bytes[b], broker)
                    if chosen == nil || key > chosenKey {
                        chosen = slot
                        chosenKey = key
                    }
                }
                guard let slot = chosen else { break }
                placement.evict(slot: slot, partition: partition)
            }
        }
    }

    /// Places homeless replicas, largest first, each on the allowed broker with room that
    /// is furthest below its share and holds the fewest bytes.
    static func placeHomeless(_ placement: ReplicaPlacement) {
        let problem = placement.problem
        var pending = placement.remainingHomeless().map { (slot: $0, partition: placement.partition(ofSlot: $0)) }
        pending.sort {
            let left = problem.sizes[$0.partition]
            let right = problem.sizes[$1.partition]
            return left != right ? left > right : $0.slot < $1.slot
        }
        for item in pending {
            var best: Int32?
            var bestKey: (Int, Int64, Int, Int32) = (0, 0, 0, 0)
            for broker in 0..<Int32(placement.targetCount) {
                let b = Int(broker)
                guard placement.count[b] < placement.upper[b], placement.canPlace(item.partition, on: broker) else { continue }
                let key = (placement.count[b] < placement.lower[b] ? 0 : 1, placement.bytes[b], placement.count[b], broker)
                if best == nil || key < bestKey {
                    best = broker
                    bestKey = key
                }
            }
            if let broker = best { placement.place(slot: item.slot, partition: item.partition, on: broker) }
        }
    }

    /// Brokers above their upper bound give up their smallest replicas, to brokers below
    /// their share when any can take one, otherwise to brokers with room.
    static func shedExcess(_ placement: ReplicaPlacement) {
        let problem = placement.problem
        for source in 0..<Int32(placement.targetCount) {
            while placement.count[Int(source)] > placement.upper[Int(source)] {
                var moved = false
                for belowShareOnly in [true, false] {
                    var best: (partition: Int32, destination: Int32)?
                    var bestKey: (Int64, Int64, Int32) = (0, 0, 0)
                    for destination in 0..<Int32(placement.targetCount) where destination != source {
                        let d = Int(destination)
                        let eligible = belowShareOnly ? placement.count[d] < placement.lower[d] : placement.count[d] < placement.upper[d]
                        guard eligible, let partition = placement.cheapestOriginal(from: source, to: destination) else { continue }
                        let key = (problem.sizes[Int(partition)], placement.bytes[d], destination)
                        if best == nil || key < bestKey {
                            best = (partition, destination)
                            bestKey = key
                        }
                    }
                    if let best {
                        placement.move(Int(best.partition), from: source, to: best.destination)
                        moved = true
                        break
                    }
                }
                if !moved { break }
            }
        }
    }

    /// Brokers below their lower bound take, one replica per round each, the cheapest
    /// replica any broker above its own lower bound may give them.
    static func fillDeficits(_ placement: ReplicaPlacement) {
        let targets = placement.targetCount
        var active = (0..<Int32(targets)).filter { placement.count[Int($0)] < placement.lower[Int($0)] }
        while !active.isEmpty {
            var next: [Int32] = []
            for destination in active where placement.count[Int(destination)] < placement.lower[Int(destination)] {
                var best: (partition: Int32, source: Int32)?
                var bestCost = MoveCost.zero
                var bestKey: (Int, Int64, Int32) = (0, 0, 0)
                for source in 0..<Int32(targets) where source != destination {
                    let s = Int(source)
                    guard placement.count[s] > placement.lower[s] else { continue }
                    let key = (-(placement.count[s] - placement.lower[s]), -placement.bytes[s], source)
                    var candidates: [Int32] = []
                    if let partition = placement.movableImmigrant(from: source, to: destination, scanLimit: 8) { candidates.append(partition) }
                    if let partition = placement.cheapestOriginal(from: source, to: destination) { candidates.append(partition) }
                    for partition in candidates {
                        let price = placement.cost(Int(partition), from: source, to: destination)
                        if best == nil || price < bestCost || (price == bestCost && key < bestKey) {
                            best = (partition, source)
                            bestCost = price
                            bestKey = key
                        }
                    }
                }
                guard let best else { continue }
                placement.move(Int(best.partition), from: best.source, to: destination)
                if placement.count[Int(destination)] < placement.lower[Int(destination)] { next.append(destination) }
            }
            active = next
        }
    }

    /// Settles what single moves could not, one chain at a time, until nothing improves.
    static func resolveLeftovers(_ placement: ReplicaPlacement) {
        var progress = true
        while progress {
            progress = false
            guard hasLeftovers(placement) else { return }
            // Shortest chains are only meaningful without cycles that lower the cost.
            PlacementImprovement.cancelNegativeCycles(placement)
            for slot in placement.remainingHomeless() where PlacementPathSearch.resolve(.homeless(slot: slot), in: placement) {
                progress = true
            }
            for broker in 0..<Int32(placement.targetCount) {
                while placement.count[Int(broker)] > placement.upper[Int(broker)],
                      PlacementPathSearch.resolve(.excess(broker: broker), in: placement) {
                    progress = true
                }
                while placement.count[Int(broker)] < placement.lower[Int(broker)],
                      PlacementPathSearch.resolve(.deficit(broker: broker), in: placement) {
                    progress = true
                }
            }
        }
    }

    static func hasLeftovers(_ placement: ReplicaPlacement) -> Bool {
        if !placement.remainingHomeless().isEmpty { return true }
        return (0..<placement.targetCount).contains {
            placement.count[$0] > placement.upper[$0] || placement.count[$0] < placement.lower[$0]
        }
    }

    /// Last resort for a replica nothing can take within the bounds: the allowed broker
    /// with the fewest replicas, over its bound if need be; a replica is never dropped.
    static func forcePlaceHomeless(_ placement: ReplicaPlacement, findings: inout [String]) {
        let problem = placement.problem
        for slot in placement.remainingHomeless() {
            let partition = placement.partition(ofSlot: slot)
            var best: Int32?
            var bestKey: (Int, Int, Int32) = (0, 0, 0)
            for broker in 0..<Int32(placement.targetCount) where !placement.holds(partition, broker) {
                let key = (placement.canPlace(partition, on: broker) ? 0 : 1, placement.count[Int(broker)], broker)
                if best == nil || key < bestKey {
                    best = broker
                    bestKey = key
                }
            }
            guard let broker = best else { continue }  // impossible: RF ≤ broker count was checked
            if bestKey.0 == 1 {
                findings.append("partition \(problem.partitions[partition]) cannot span \(problem.requiredRacks(partition)) racks")
            }
            placement.place(slot: slot, partition: partition, on: broker)
        }
    }
}
