/// Which planner to run.
public enum ReassignmentStrategy: Equatable, Sendable {
    /// kseg's planner: hard constraints, then fewest bytes moved, then balance (the default).
    case minimal
    /// Kafka's `--generate`, reproduced, drawing from `java.util.Random(seed)`.
    case kafka(seed: Int64)
}

/// The library's entry point for `kseg reassign-partitions`: one request in, one plan out.
public enum ReassignmentPlanner {
    public static func plan(_ request: ReassignmentRequest, strategy: ReassignmentStrategy) throws -> ReassignmentPlan {
        let scope = try PlanningScope(request)
        let problem = PlacementProblem(scope: scope)
        var notes: [String] = []
        var findings: [String] = []
        let final: [[BrokerId]]
        let proposed: ReplicaAssignment
        let lowerBound: Int
        var replicaShares: [BrokerId: ClosedRange<Int>] = [:]
        var leaderShares: [BrokerId: ClosedRange<Int>] = [:]
        var seed: Int64?

        switch strategy {
        case .minimal:
            let placed = MinimalMovementPlanner.place(problem, byteTolerance: request.byteBalanceTolerance)
            let leaders = LeaderBalancer.balance(problem, slots: placed.slots)
            notes += placed.notes + leaders.notes
            findings += placed.findings
            lowerBound = placed.lowerBound
            for broker in 0..<problem.targetCount {
                replicaShares[problem.brokerIds[broker]] = placed.lower[broker]...placed.upper[broker]
                leaderShares[problem.brokerIds[broker]] = leaders.lower[broker]...leaders.upper[broker]
            }
            final = (0..<problem.partitionCount).map { partition in
                let range = problem.offsets[partition]..<problem.offsets[partition + 1]
                let leaderSlot = leaders.leaderSlot[partition]
                var list = [problem.brokerIds[Int(placed.slots[leaderSlot])]]
                for slot in range where slot != leaderSlot { list.append(problem.brokerIds[Int(placed.slots[slot])]) }
                return list
            }
            proposed = ReplicaAssignment(sortedUnique: zip(scope.current.partitions, final).compactMap { entry, list in
                entry.replicas == list ? nil : PartitionReplicas(entry.topicPartition, replicas: list)
            })
        case let .kafka(drawSeed):
            var ignored: [String] = []
            let (lower, upper) = MinimalMovementPlanner.replicaBounds(problem, notes: &ignored)
            lowerBound = MoveLowerBound.compute(problem, lower: lower, upper: upper)
            (final, proposed) = try KafkaGenerateStrategy.plan(scope, seed: drawSeed)
            seed = drawSeed
        }
        if scope.sizesUnmatched {
            notes.append("none of the given partition sizes belongs to a partition being planned; moves are counted in replicas")
        }
        if scope.estimatedSizes > 0 {
            notes.append("\(scope.estimatedSizes) partitions have no known size; their topic's mean size was used")
        }
        let rollback = ReplicaAssignment(sortedUnique: proposed.partitions.map {
            PartitionReplicas($0.topicPartition, replicas: scope.current.replicas(of: $0.topicPartition)!)
        })
        let summary = PlanSummary(
            strategy: strategy == .minimal ? "minimal" : "kafka", scope: scope, final: final,
            lowerBound: lowerBound, replicaShares: replicaShares, leaderShares: leaderShares)
        return ReassignmentPlan(current: scope.current, proposed: proposed, rollback: rollback,
                                summary: summary, findings: findings, notes: notes, seed: seed)
    }
}
