/// The planning input in dense, index-based form, so the planner's inner loops touch
/// flat integer arrays instead of dictionaries keyed by topic names.
///
/// Brokers are numbered `0..<targetCount` for the target brokers (ascending id), then the
/// brokers that hold replicas now but are not in the target list (ascending id). Replica
/// slots are laid out partition after partition; slot `j` of partition `p` is
/// `offsets[p] + j` and keeps its position through the plan, so a replacement replica
/// takes the list position of the one it replaces.
struct PlacementProblem {
    let partitions: [TopicPartition]
    let offsets: [Int]
    let original: [Int32]
    /// Bytes per partition (0 when sizes are unknown, which makes every move cost the same).
    let sizes: [Int64]
    let brokerIds: [BrokerId]
    let targetCount: Int
    /// Rack index per broker; -1 for brokers outside the target list. Without racks every
    /// target broker is in rack 0, which makes every rack rule trivially true.
    let rackOf: [Int32]
    let rackNames: [String]

    init(scope: PlanningScope) {
        let entries = scope.current.partitions
        partitions = entries.map(\.topicPartition)
        var offsets = [Int](repeating: 0, count: entries.count + 1)
        for (index, entry) in entries.enumerated() { offsets[index + 1] = offsets[index] + entry.replicas.count }
        self.offsets = offsets
        sizes = scope.sizes ?? [Int64](repeating: 0, count: entries.count)

        let targets = scope.targets
        let targetSet = Set(targets)
        let others = Set(entries.flatMap(\.replicas)).subtracting(targetSet).sorted()
        brokerIds = targets + others
        targetCount = targets.count
        var denseIndex: [BrokerId: Int32] = [:]
        for (index, broker) in brokerIds.enumerated() { denseIndex[broker] = Int32(index) }
        var original = [Int32](repeating: 0, count: offsets[entries.count])
        for (index, entry) in entries.enumerated() {
            for (position, broker) in entry.replicas.enumerated() {
                original[offsets[index] + position] = denseIndex[broker]!
            }
        }
        self.original = original

        if let racks = scope.racks {
            let names = Set(racks.values).sorted(by: TopicPartition.topicPrecedes)
            var rackIndex: [String: Int32] = [:]
            for (index, name) in names.enumerated() { rackIndex[name] = Int32(index) }
            rackNames = names
            rackOf = brokerIds.enumerated().map { index, broker in
                index < targets.count ? rackIndex[racks[broker]!]! : -1
            }
        } else {
            rackNames = []
            rackOf = brokerIds.indices.map { $0 < targets.count ? 0 : -1 }
        }
    }

    var partitionCount: Int { partitions.count }
    var slotCount: Int { original.count }
    /// Racks holding target brokers; 1 when planning without racks.
    var rackCount: Int { max(1, rackNames.count) }

    func replicationFactor(_ partition: Int) -> Int { offsets[partition + 1] - offsets[partition] }

    /// How many distinct racks the partition's replicas must span: as many as possible.
    func requiredRacks(_ partition: Int) -> Int { min(replicationFactor(partition), rackCount) }

    func heldOriginally(_ partition: Int, _ broker: Int32) -> Bool {
        for slot in offsets[partition]..<offsets[partition + 1] where original[slot] == broker { return true }
        return false
    }

    /// Target brokers per rack.
    func rackMembers() -> [Int] {
        var members = [Int](repeating: 0, count: rackCount)
        for broker in 0..<targetCount { members[Int(rackOf[broker])] += 1 }
        return members
    }
}
