@testable import KafkaReassign

/// An independent check of a plan against the hard constraints, written from the
/// public types only so it shares no code with the planner it judges.
enum HardConstraints {
    static func violations(of plan: ReassignmentPlan, for request: ReassignmentRequest) -> [String] {
        var problems: [String] = []
        let targets = Set(request.brokers)
        let racksByBroker = request.racks
        let useRacks = request.rackAware && !request.racks.isEmpty
        let rackCount = useRacks ? Set(request.brokers.compactMap { racksByBroker[$0] }).count : 1
        var changed: [TopicPartition: [BrokerId]] = [:]
        for entry in plan.proposed.partitions { changed[entry.topicPartition] = entry.replicas }
        var replicaCount: [BrokerId: Int] = [:]
        var leaderCount: [BrokerId: Int] = [:]
        var total = 0
        for entry in plan.current.partitions {
            let final = changed[entry.topicPartition] ?? entry.replicas
            total += final.count
            if final.count != entry.replicas.count { problems.append("\(entry.topicPartition): replication factor changed") }
            if Set(final).count != final.count { problems.append("\(entry.topicPartition): broker twice in \(final)") }
            for broker in final where !targets.contains(broker) {
                problems.append("\(entry.topicPartition): broker \(broker) is not in the broker list")
            }
            if useRacks {
                let distinct = Set(final.compactMap { racksByBroker[$0] }).count
                if distinct < min(final.count, rackCount) {
                    problems.append("\(entry.topicPartition): \(final) spans \(distinct) racks, \(min(final.count, rackCount)) possible")
                }
            }
            for broker in final { replicaCount[broker, default: 0] += 1 }
            leaderCount[final[0], default: 0] += 1
        }
        var leaderMisses: [String] = []
        var leaderShares: [BrokerId: ClosedRange<Int>] = [:]
        let low = total / targets.count
        let high = (total + targets.count - 1) / targets.count
        var outsideEvenShare: [String] = []
        for broker in targets {
            let count = replicaCount[broker] ?? 0
            guard let load = plan.summary.brokers.first(where: { $0.broker == broker }),
                  let share = load.replicaShare, let leaderShare = load.leaderShare else {
                problems.append("broker \(broker): no share reported")
                continue
            }
            if !share.contains(count) { problems.append("broker \(broker): \(count) replicas outside its share \(share)") }
            if !(low...high).contains(count) {
                outsideEvenShare.append("broker \(broker): \(count) replicas, not within ±1 of the fair share \(low)...\(high)")
            }
            if share.lowerBound < low || share.upperBound > high {
                outsideEvenShare.append("broker \(broker): share \(share) wider than \(low)...\(high)")
            }
            let leaders = leaderCount[broker] ?? 0
            if !leaderShare.contains(leaders) {
                leaderMisses.append("broker \(broker): leads \(leaders), outside its share \(leaderShare)")
            }
            leaderShares[broker] = leaderShare
            if load.replicasAfter != count || load.leadersAfter != (leaderCount[broker] ?? 0) {
                problems.append("broker \(broker): summary disagrees with the proposal")
            }
        }
        // Replica counts may leave ±1 of the fair share only where rack diversity makes ±1
        // impossible — decided here by the exact flow oracle, not by the planner's word —
        // and then the plan must say so.
        if !outsideEvenShare.isEmpty {
            if EvenShareFeasibility.isFeasible(plan.current, brokers: Array(targets), racks: useRacks ? racksByBroker : nil) {
                problems += outsideEvenShare.map { $0 + ", although racks allow ±1" }
            } else if !plan.notes.contains(where: { $0.hasPrefix("rack ") }) {
                problems.append("racks force replica counts off ±1 of the fair share, but the plan does not say so")
            }
        }
        // Leaders may miss their share only where no choice of leaders meets it, and then
        // the plan says so.
        if !leaderMisses.isEmpty {
            let finals = plan.current.partitions.map { changed[$0.topicPartition] ?? $0.replicas }
            if LeaderFeasibility.isFeasible(finals, shares: leaderShares) {
                problems += leaderMisses
            } else if !plan.notes.contains(where: { $0.contains("preferred leader of") }) {
                problems.append("leader shares cannot be met, but the plan does not say so")
            }
        }
        // The proposal lists exactly the partitions that change, and the rollback undoes it.
        for entry in plan.proposed.partitions where entry.replicas == plan.current.replicas(of: entry.topicPartition) {
            problems.append("\(entry.topicPartition): listed in the proposal without a change")
        }
        if plan.rollback.partitions.map(\.topicPartition) != plan.proposed.partitions.map(\.topicPartition) {
            problems.append("rollback and proposal list different partitions")
        }
        for entry in plan.rollback.partitions where entry.replicas != plan.current.replicas(of: entry.topicPartition) {
            problems.append("\(entry.topicPartition): rollback is not the current list")
        }
        var moved = 0
        for entry in plan.proposed.partitions {
            let before = Set(plan.current.replicas(of: entry.topicPartition)!)
            moved += entry.replicas.filter { !before.contains($0) }.count
        }
        if moved != plan.summary.replicasMoved { problems.append("summary says \(plan.summary.replicasMoved) moves, proposal has \(moved)") }
        return problems
    }
}
