import XCTest
@testable import KafkaReassign

/// Thousands of small random clusters — with and without racks, with and without very
/// uneven sizes, brokers added, removed and replaced — each planned and then judged by
/// code that shares nothing with the planner: the hard constraints, the lower bound, and
/// an exact min-cost-flow optimum.
final class PlannerPropertyTests: XCTestCase {
    func testHardConstraintsHoldOnRandomClusters() throws {
        for seed in UInt64(1)...3000 {
            let cluster = RandomCluster.make(seed: seed, racks: seed % 2 == 0, sizes: seed % 3 == 0)
            let plan = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            XCTAssertEqual(plan.findings, [], cluster.description)
            let problems = HardConstraints.violations(of: plan, for: cluster.request)
            XCTAssertEqual(problems, [], cluster.description)
            XCTAssertGreaterThanOrEqual(plan.summary.replicasMoved, plan.summary.lowerBound, cluster.description)
            if !problems.isEmpty || !plan.findings.isEmpty { return }
        }
    }

    /// Many racks, few brokers in some: limits on sets of racks (two small racks that must
    /// together hold a replica of every partition) decide the shares, not single racks.
    func testSharesRespectLimitsOnSetsOfRacks() throws {
        for seed in UInt64(70_001)...72_000 {
            let cluster = RandomCluster.make(seed: seed, racks: true, sizes: seed % 3 == 0, maxBrokers: 12,
                                             maxPartitionsPerTopic: 10, rackCounts: 4...5)
            let plan = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            XCTAssertEqual(plan.findings, [], cluster.description)
            let problems = HardConstraints.violations(of: plan, for: cluster.request)
            XCTAssertEqual(problems, [], cluster.description)
            if !problems.isEmpty || !plan.findings.isEmpty { return }
        }
    }

    /// Without racks the count bound is always met, and the plan must be optimal.
    func testMovesEqualTheOptimumWithoutRacks() throws {
        var atBound = 0
        for seed in UInt64(10_001)...11_000 {
            let cluster = RandomCluster.make(seed: seed, racks: false, sizes: false)
            let plan = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            let optimum = try XCTUnwrap(MinimumMovesOracle.optimum(cluster.request, shares: shares(plan), sizes: nil),
                                        cluster.description)
            XCTAssertLessThanOrEqual(plan.summary.lowerBound, optimum.moves, cluster.description)
            XCTAssertEqual(plan.summary.replicasMoved, optimum.moves, cluster.description)
            if plan.summary.replicasMoved == plan.summary.lowerBound { atBound += 1 }
            if plan.summary.replicasMoved != optimum.moves { return }
        }
        XCTAssertGreaterThan(atBound, 930, "the lower bound should be tight for nearly every cluster")
    }

    /// With racks, moves equal the lower bound wherever the exact optimum reaches it.
    func testMovesEqualTheLowerBoundWhereRacksAllowIt() throws {
        var compared = 0
        for seed in UInt64(20_001)...21_000 {
            let cluster = RandomCluster.make(seed: seed, racks: true, sizes: false)
            let plan = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            guard let optimum = MinimumMovesOracle.optimum(cluster.request, shares: shares(plan), sizes: nil) else {
                XCTFail("no assignment meets the planner's shares: \(cluster.description)")
                return
            }
            XCTAssertLessThanOrEqual(plan.summary.lowerBound, optimum.moves, cluster.description)
            if optimum.moves == plan.summary.lowerBound {
                compared += 1
                XCTAssertEqual(plan.summary.replicasMoved, plan.summary.lowerBound, cluster.description)
                if plan.summary.replicasMoved != plan.summary.lowerBound { return }
            }
        }
        XCTAssertGreaterThan(compared, 650)
    }

    /// With sizes, the plan moves as few bytes as the exact optimum.
    func testBytesMovedEqualTheOptimum() throws {
        for seed in UInt64(30_001)...31_000 {
            let cluster = RandomCluster.make(seed: seed, racks: seed % 2 == 0, sizes: true)
            let plan = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            guard let optimum = MinimumMovesOracle.optimum(cluster.request, shares: shares(plan), sizes: cluster.request.sizes) else {
                XCTFail("no assignment meets the planner's shares: \(cluster.description)")
                return
            }
            XCTAssertEqual(plan.summary.bytesMoved, optimum.bytes, cluster.description)
            if plan.summary.bytesMoved != optimum.bytes { return }
        }
    }

    /// Disk balancing keeps every hard constraint and never makes the disks less even.
    func testByteBalancingKeepsTheConstraints() throws {
        for seed in UInt64(50_001)...50_600 {
            var cluster = RandomCluster.make(seed: seed, racks: seed % 2 == 0, sizes: true)
            let strict = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            cluster.request.byteBalanceTolerance = 0.05
            let balanced = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            XCTAssertEqual(balanced.findings, [], cluster.description)
            XCTAssertEqual(HardConstraints.violations(of: balanced, for: cluster.request), [], cluster.description)
            XCTAssertGreaterThanOrEqual(balanced.summary.bytesMoved!, strict.summary.bytesMoved!, cluster.description)
            func deviation(_ plan: ReassignmentPlan) -> Double {
                let loads = plan.summary.brokers.filter(\.isTarget)
                let total = Double(loads.map(\.bytesAfter).reduce(0, +))
                let replicas = Double(loads.map(\.replicasAfter).reduce(0, +))
                return loads.map { abs(Double($0.bytesAfter) - total * Double($0.replicasAfter) / replicas) }.reduce(0, +)
            }
            XCTAssertLessThanOrEqual(deviation(balanced), deviation(strict) * (1 + 1e-9) + 1, cluster.description)
        }
    }

    /// The even-share check of `HardConstraints` folds brokers into racks and partitions into
    /// replication factors; on small clusters it must agree with the unfolded flow oracle.
    func testEvenShareFeasibilityAgreesWithTheBrokerLevelOracle() {
        var infeasible = 0
        for seed in UInt64(60_001)...61_500 {
            let cluster = RandomCluster.make(seed: seed, racks: true, sizes: false)
            let request = cluster.request
            let targets = request.brokers.sorted()
            let total = request.current.partitions.reduce(0) { $0 + $1.replicas.count }
            let even = Dictionary(uniqueKeysWithValues: targets.map {
                ($0, (total / targets.count)...((total + targets.count - 1) / targets.count))
            })
            let exact = MinimumMovesOracle.optimum(request, shares: even, sizes: nil) != nil
            let folded = EvenShareFeasibility.isFeasible(request.current, brokers: targets, racks: request.racks)
            XCTAssertEqual(folded, exact, cluster.description)
            if !exact { infeasible += 1 }
            if folded != exact { return }
        }
        XCTAssertGreaterThan(infeasible, 50, "the random clusters should include racks that force uneven shares")
    }

    func testPlansAreDeterministic() throws {
        for seed in UInt64(40_001)...40_200 {
            let cluster = RandomCluster.make(seed: seed, racks: seed % 2 == 0, sizes: seed % 3 == 0)
            let first = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            let second = try ReassignmentPlanner.plan(cluster.request, strategy: .minimal)
            XCTAssertEqual(first, second, cluster.description)
        }
    }

    private func shares(_ plan: ReassignmentPlan) -> [BrokerId: ClosedRange<Int>] {
        var result: [BrokerId: ClosedRange<Int>] = [:]
        for load in plan.summary.brokers where load.isTarget { result[load.broker] = load.replicaShare }
        return result
    }
}
