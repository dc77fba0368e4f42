/// A finished plan: the documents to hand to Kafka and the figures to judge them by.
public struct ReassignmentPlan: Equatable, Sendable {
    /// The current replica lists of every partition in scope: Kafka's
    /// "Current partition replica assignment" block.
    public let current: ReplicaAssignment
    /// What `kafka-reassign-partitions.sh --execute` should apply: Kafka's
    /// "Proposed partition reassignment configuration" block. The minimal strategy lists
    /// only partitions whose replica list changes; the Kafka strategy lists every partition,
    /// as `--generate` does.
    public let proposed: ReplicaAssignment
    /// The current lists of the partitions in `proposed`: applying it undoes the plan.
    public let rollback: ReplicaAssignment
    public let summary: PlanSummary
    /// Hard constraints the plan could not meet. Empty for every satisfiable input.
    public let findings: [String]
    /// Things worth knowing about the plan, such as shares adjusted for racks.
    public let notes: [String]
    /// The seed the Kafka strategy drew its random numbers from.
    public let seed: Int64?
}
