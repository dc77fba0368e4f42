/// The working state of the minimal-movement planner: where every replica is now, how
/// many replicas and bytes each broker holds, and the rules a single move must obey.
///
/// A slot holding -1 is *homeless*: its replica sits on a broker that is leaving, or was
/// evicted to restore rack diversity, and must be placed on a target broker. Every move
/// keeps the hard constraints: a broker at most once per partition, and a partition never
/// spanning fewer racks than it can still reach with its homeless replicas.
final class ReplicaPlacement {
    let problem: PlacementProblem
    private(set) var slots: [Int32]
    /// Replicas per target broker.
    private(set) var count: [Int]
    /// Bytes per target broker.
    private(set) var bytes: [Int64]
    let lower: [Int]
    let upper: [Int]
    /// Homeless slots, in the order they were created.
    private(set) var homeless: [Int]
    /// Per target broker: partitions it held at the start, smallest first. A move takes
    /// the cheapest replica, so candidates are looked up in this order.
    private var originals: [[Int32]]
    /// Per target broker: partitions moved onto it by this plan (entries go stale when
    /// the replica moves on; readers skip those). Moving such a replica again adds no
    /// data movement relative to the starting assignment.
    private var immigrants: [[Int32]]
    private var immigrantStart: [Int]
    /// Per target broker: partitions it held at the start whose replica has since left it.
    /// Moving a replica of one of these back costs nothing (or saves a move), which is what
    /// lets a chain undo an earlier choice; entries go stale when the replica returns.
    private var vacated: [[Int32]]
    /// Per (source, destination) pair of target brokers: index into `originals[source]`
    /// before which no replica can move to that destination. Replicas only become
    /// unmovable to a destination as the plan proceeds (in all but rare cases), so
    /// scanning forward from here finds the cheapest legal replica in amortised O(1).
    private var cursor: [Int32]
    /// Per (source, destination rack): index into `originals[source]` before which no
    /// replica may cross into that rack. Racks decide most refusals (a partition with a
    /// replica in every rack can only move within a rack), and a refusal by rack holds
    /// for every broker of the rack, so this cursor spares each broker its own long scan.
    private var rackCursor: [Int32]

    init(problem: PlacementProblem, lower: [Int], upper: [Int]) {
        self.problem = problem
        self.lower = lower
        self.upper = upper
        let targets = problem.targetCount
        slots = problem.original
        count = [Int](repeating: 0, count: targets)
        bytes = [Int64](repeating: 0, count: targets)
        homeless = []
        originals = [[Int32]](repeating: [], count: targets)
        immigrants = [[Int32]](repeating: [], count: targets)
        immigrantStart = [Int](repeating: 0, count: targets)
        vacated = [[Int32]](repeating: [], count: targets)
        cursor = [Int32](repeating: 0, count: targets * targets)
        rackCursor = [Int32](repeating: 0, count: targets * problem.rackCount)
        for partition in 0..<problem.partitionCount {
            for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                let broker = Int(slots[slot])
                if broker < targets {
                    count[broker] += 1
                    bytes[broker] += problem.sizes[partition]
                    originals[broker].append(Int32(partition))
                } else {
                    slots[slot] = -1
                    homeless.append(slot)
                }
            }
        }
        let sizes = problem.sizes
        for broker in 0..<targets {
            originals[broker].sort { sizes[Int($0)] != sizes[Int($1)] ? sizes[Int($0)] < sizes[Int($1)] : $0 < $1 }
        }
    }

    var targetCount: Int { problem.targetCount }

    // MARK: Queries

    func holds(_ partition: Int, _ broker: Int32) -> Bool {
        for slot in problem.offsets[partition]..<problem.offsets[partition + 1] where slots[slot] == broker { return true }
        return false
    }

    func homelessCount(_ partition: Int) -> Int {
        var result = 0
        for slot in problem.offsets[partition]..<problem.offsets[partition + 1] where slots[slot] < 0 { result += 1 }
        return result
    }

    /// Replicas of the partition in `rack` (homeless replicas are in no rack).
    func replicas(_ partition: Int, inRack rack: Int32) -> Int {
        var result = 0
        for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
            let broker = slots[slot]
            if broker >= 0, problem.rackOf[Int(broker)] == rack { result += 1 }
        }
        return result
    }

    func distinctRacks(_ partition: Int) -> Int {
        let start = problem.offsets[partition]
        let end = problem.offsets[partition + 1]
        var result = 0
        for slot in start..<end {
            let broker = slots[slot]
            guard broker >= 0 else { continue }
            let rack = problem.rackOf[Int(broker)]
            var seen = false
            for earlier in start..<slot where slots[earlier] >= 0 && problem.rackOf[Int(slots[earlier])] == rack {
                seen = true
                break
            }
            if !seen { result += 1 }
        }
        return result
    }

    /// Whether a homeless replica of `partition` may land on target broker `broker`.
    func canPlace(_ partition: Int, on broker: Int32) -> Bool {
        if holds(partition, broker) { return false }
        if problem.rackCount == 1 { return true }
        let opensRack = replicas(partition, inRack: problem.rackOf[Int(broker)]) == 0
        let reachable = distinctRacks(partition) + (opensRack ? 1 : 0) + homelessCount(partition) - 1
        return reachable >= problem.requiredRacks(partition)
    }

    /// Whether the replica of `partition` on `source` may move to `destination`.
    func canMove(_ partition: Int, from source: Int32, to destination: Int32) -> Bool {
        !holds(partition, destination) && rackAllows(partition, from: source, toRack: problem.rackOf[Int(destination)])
    }

    /// Whether moving the replica of `partition` on `source` into `rack` keeps the partition
    /// able to span the racks it must.
    func rackAllows(_ partition: Int, from source: Int32, toRack: Int32) -> Bool {
        let fromRack = problem.rackOf[Int(source)]
        if fromRack == toRack { return true }
        let closesRack = replicas(partition, inRack: fromRack) == 1
        let opensRack = replicas(partition, inRack: toRack) == 0
        let reachable = distinctRacks(partition) - (closesRack ? 1 : 0) + (opensRack ? 1 : 0) + homelessCount(partition)
        return reachable >= problem.requiredRacks(partition)
    }

    /// Data moved by putting a replica of `partition` on `destination`, relative to the
    /// starting assignment, minus what leaving `source` saves (nil source: homeless).
    func cost(_ partition: Int, from source: Int32?, to destination: Int32) -> MoveCost {
        let size = problem.sizes[partition]
        var result = MoveCost.zero
        if let source, !problem.heldOriginally(partition, source) { result = result - MoveCost(bytes: size, replicas: 1) }
        if !problem.heldOriginally(partition, destination) { result = result + MoveCost(bytes: size, replicas: 1) }
        return result
    }

    /// The smallest replica on `source` that may move to `destination` and was there at
    /// the start, or nil. Advances the pair's cursor past replicas that cannot move.
    func cheapestOriginal(from source: Int32, to destination: Int32) -> Int32? {
        let list = originals[Int(source)]
        let rack = problem.rackOf[Int(destination)]
        let rackKey = Int(source) * problem.rackCount + Int(rack)
        var rackIndex = Int(rackCursor[rackKey])
        while rackIndex < list.count {
            let partition = Int(list[rackIndex])
            if holds(partition, source), rackAllows(partition, from: source, toRack: rack) { break }
            rackIndex += 1
        }
        rackCursor[rackKey] = Int32(rackIndex)
        let key = Int(source) * targetCount + Int(destination)
        var index = max(Int(cursor[key]), rackIndex)
        while index < list.count {
            let partition = Int(list[index])
            if holds(partition, source), !holds(partition, destination),
               rackAllows(partition, from: source, toRack: rack) {
                cursor[key] = Int32(index)
                return list[index]
            }
            index += 1
        }
        cursor[key] = Int32(index)
        return nil
    }

    /// A replica moved onto `source` by this plan that may move on to `destination`,
    /// preferring one that would return to a broker that originally held it.
    func movableImmigrant(from source: Int32, to destination: Int32, scanLimit: Int = .max) -> Int32? {
        var start = immigrantStart[Int(source)]
        let list = immigrants[Int(source)]
        while start < list.count, !holds(Int(list[start]), source) { start += 1 }
        immigrantStart[Int(source)] = start
        var fallback: Int32?
        var scanned = 0
        for index in start..<list.count {
            let partition = Int(list[index])
            guard holds(partition, source), canMove(partition, from: source, to: destination) else { continue }
            if problem.heldOriginally(partition, destination) { return list[index] }
            if fallback == nil { fallback = list[index] }
            scanned += 1
            if scanned >= scanLimit { break }
        }
        return fallback
    }

    /// The cheapest single replica move for every ordered pair of target brokers, as a
    /// `targetCount × targetCount` matrix (`from * targetCount + to`): returning a replica
    /// to a broker that held it at the start (free, or saving a move), moving on a replica
    /// this plan brought in (free), or moving an original replica (its size). Returns are
    /// found from the vacated side — each vacated partition names its few current holders —
    /// so the matrix costs O(T² + moves) rather than a scan per pair. `budget` is charged
    /// one unit per candidate examined. Short original lists are scanned from the start,
    /// which makes the matrix exact for small clusters; long ones use the pair's cursor.
    func moveMatrix(budget: inout Int) -> [(partition: Int32, cost: MoveCost)?] {
        let targets = targetCount
        var best = [(partition: Int32, cost: MoveCost)?](repeating: nil, count: targets * targets)
        func consider(_ partition: Int32, _ source: Int32, _ destination: Int32) {
            let key = Int(source) * targets + Int(destination)
            let price = cost(Int(partition), from: source, to: destination)
            if let known = best[key], !(price < known.cost || (price == known.cost && partition < known.partition)) { return }
            best[key] = (partition, price)
        }
        for destination in 0..<Int32(targets) {
            for partition in vacated[Int(destination)] {
                let p = Int(partition)
                guard !holds(p, destination) else { continue }
                for slot in problem.offsets[p]..<problem.offsets[p + 1] {
                    budget -= 1
                    let source = slots[slot]
                    if source >= 0, canMove(p, from: source, to: destination) { consider(partition, source, destination) }
                }
            }
        }
        for source in 0..<Int32(targets) {
            let list = originals[Int(source)]
            for destination in 0..<Int32(targets) where destination != source {
                if let known = best[Int(source) * targets + Int(destination)], known.cost <= .zero { continue }
                budget -= 1
                if let partition = movableImmigrant(from: source, to: destination, scanLimit: 1) {
                    consider(partition, source, destination)
                    continue
                }
                if list.count <= ReplicaPlacement.exhaustiveScanLimit {
                    for partition in list {
                        budget -= 1
                        let p = Int(partition)
                        if holds(p, source), !problem.heldOriginally(p, destination),
                           canMove(p, from: source, to: destination) {
                            consider(partition, source, destination)
                            break
                        }
                    }
                } else if let partition = cheapestOriginal(from: source, to: destination) {
                    consider(partition, source, destination)
                }
            }
        }
        return best
    }

    /// Originals lists up to this length are searched exhaustively by `moveMatrix`.
    static let exhaustiveScanLimit = 256

    // MARK: Changes

    func evict(slot: Int, partition: Int) {
        let broker = Int(slots[slot])
        precondition(broker >= 0 && broker < targetCount)
        slots[slot] = -1
        count[broker] -= 1
        bytes[broker] -= problem.sizes[partition]
        homeless.append(slot)
        vacated[broker].append(Int32(partition))
    }

    func place(slot: Int, partition: Int, on broker: Int32) {
        precondition(slots[slot] < 0)
        slots[slot] = broker
        count[Int(broker)] += 1
        bytes[Int(broker)] += problem.sizes[partition]
        if !problem.heldOriginally(partition, broker) { immigrants[Int(broker)].append(Int32(partition)) }
    }

    func move(_ partition: Int, from source: Int32, to destination: Int32) {
        for slot in problem.offsets[partition]..<problem.offsets[partition + 1] where slots[slot] == source {
            slots[slot] = destination
            count[Int(source)] -= 1
            bytes[Int(source)] -= problem.sizes[partition]
            count[Int(destination)] += 1
            bytes[Int(destination)] += problem.sizes[partition]
            if !problem.heldOriginally(partition, destination) { immigrants[Int(destination)].append(Int32(partition)) }
            if problem.heldOriginally(partition, source) { vacated[Int(source)].append(Int32(partition)) }
            return
        }
        preconditionFailure("partition \(partition) has no replica on broker \(source)")
    }

    /// Homeless slots that are still homeless.
    func remainingHomeless() -> [Int] { homeless.filter { slots[$0] < 0 } }

    func partition(ofSlot slot: Int) -> Int {
        var low = 0
        var high = problem.partitionCount
        while low + 1 < high {
            let middle = (low + high) / 2
            if problem.offsets[middle] <= slot { low = middle } else { high = middle }
        }
        return low
    }
}
