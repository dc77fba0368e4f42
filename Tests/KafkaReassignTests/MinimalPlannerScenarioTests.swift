import KsegTestSupport
import XCTest
@testable import KafkaReassign

/// The issue's scenarios, each with the exact number of moves it requires.
final class MinimalPlannerScenarioTests: XCTestCase {
    private func assignment(_ lists: [(String, [BrokerId])]) throws -> ReplicaAssignment {
        var next: [String: Int32] = [:]
        return try ReplicaAssignment(lists.map { topic, replicas in
            let partition = next[topic, default: 0]
            next[topic] = partition + 1
            return PartitionReplicas(TopicPartition(topic, partition), replicas: replicas)
        })
    }

    /// A balanced cluster as Kafka itself creates topics.
    private func kafkaPlaced(brokers: [BrokerId], topics: Int, partitions: Int, replicationFactor: Int,
                             racks: [BrokerId: String] = [:]) throws -> ReplicaAssignment {
        var entries: [PartitionReplicas] = []
        let metadata = brokers.map { KafkaReplicaAssignor.BrokerMetadata(id: $0, rack: racks[$0]) }
        for topic in 0..<topics {
            let placement = try KafkaReplicaAssignor.assignReplicasToBrokers(
                metadata, partitionCount: partitions, replicationFactor: replicationFactor,
                startIndex: topic % brokers.count, replicaShift: (topic * 7) % brokers.count)
            for (partition, replicas) in placement.enumerated() {
                entries.append(PartitionReplicas(TopicPartition("topic-\(topic)", Int32(partition)), replicas: replicas))
            }
        }
        return try ReplicaAssignment(entries)
    }

    private func counts(_ plan: ReassignmentPlan) -> [BrokerId: Int] {
        Dictionary(uniqueKeysWithValues: plan.summary.brokers.map { ($0.broker, $0.replicasAfter) })
    }

    private func plan(_ request: ReassignmentRequest, file: StaticString = #filePath, line: UInt = #line) throws -> ReassignmentPlan {
        let plan = try ReassignmentPlanner.plan(request, strategy: .minimal)
        XCTAssertEqual(plan.findings, [], file: file, line: line)
        XCTAssertEqual(HardConstraints.violations(of: plan, for: request), [], file: file, line: line)
        if !plan.proposed.isEmpty {
            XCTAssertEqual(KafkaReassignmentSchema.problems(ReassignmentJSON.format(plan.proposed)), [], file: file, line: line)
            XCTAssertEqual(KafkaReassignmentSchema.problems(ReassignmentJSON.format(plan.rollback)), [], file: file, line: line)
        }
        return plan
    }

    /// KAFKA-1792: brokers holding 7, 6, 0 and 0 replicas reach 4, 3, 3, 3 with 6 moves.
    func testKafka1792Example() throws {
        let current = try assignment((0..<13).map { (index: Int) -> (String, [BrokerId]) in ("events", [index < 7 ? 1 : 2]) })
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4]))
        XCTAssertEqual(result.summary.replicasMoved, 6)
        XCTAssertEqual(result.summary.lowerBound, 6)
        let after = counts(result)
        XCTAssertEqual([after[1]!, after[2]!, after[3]!, after[4]!].sorted(), [3, 3, 3, 4])
        XCTAssertEqual(after[3], 3)
        XCTAssertEqual(after[4], 3)
        // Kafka's --generate on the same input moves far more.
        let kafka = try ReassignmentPlanner.plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4]),
                                                 strategy: .kafka(seed: 1))
        XCTAssertGreaterThan(kafka.summary.replicasMoved, 6)
    }

    /// The same counts from a mix of replication factors: six RF-2 partitions on brokers
    /// 1 and 2, one RF-1 partition on broker 1.
    func testKafka1792WithMixedReplicationFactors() throws {
        let current = try assignment(Array(repeating: ("pairs", [1, 2] as [BrokerId]), count: 6) + [("single", [1])])
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4]))
        XCTAssertEqual(result.summary.replicasMoved, 6)
        XCTAssertEqual(counts(result).values.sorted(), [3, 3, 3, 4])
    }

    func testBalancedClusterMovesNothing() throws {
        for replicationFactor in 1...3 {
            let current = try kafkaPlaced(brokers: [1, 2, 3, 4, 5, 6], topics: 5, partitions: 12, replicationFactor: replicationFactor)
            let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4, 5, 6]))
            XCTAssertEqual(result.summary.replicasMoved, 0)
            XCTAssertEqual(result.summary.lowerBound, 0)
            XCTAssertEqual(result.summary.leaderChanges, 0)
            XCTAssertTrue(result.proposed.isEmpty)
            XCTAssertTrue(result.rollback.isEmpty)
        }
        let racks: [BrokerId: String] = [1: "a", 2: "a", 3: "b", 4: "b", 5: "c", 6: "c"]
        let racked = try kafkaPlaced(brokers: [1, 2, 3, 4, 5, 6], topics: 4, partitions: 12, replicationFactor: 3, racks: racks)
        let result = try plan(ReassignmentRequest(current: racked, brokers: [1, 2, 3, 4, 5, 6], racks: racks))
        XCTAssertEqual(result.summary.replicasMoved, 0)
        XCTAssertTrue(result.proposed.isEmpty)
    }

    /// Adding broker 7 to six brokers holding 20 replicas each: the new share is 17 or 18,
    /// so exactly 17 replicas move, all of them to broker 7.
    func testAddingABrokerMovesOnlyItsNewShare() throws {
        let current = try kafkaPlaced(brokers: [1, 2, 3, 4, 5, 6], topics: 3, partitions: 20, replicationFactor: 2)
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4, 5, 6, 7]))
        XCTAssertEqual(result.summary.replicasMoved, 17)
        XCTAssertEqual(result.summary.lowerBound, 17)
        for load in result.summary.brokers where load.broker != 7 { XCTAssertEqual(load.bytesIn, 0) }
        XCTAssertEqual(counts(result)[7], 17)
        for entry in result.proposed.partitions {
            let before = Set(current.replicas(of: entry.topicPartition)!)
            XCTAssertTrue(Set(entry.replicas).subtracting(before).isSubset(of: [7]), "\(entry.topicPartition)")
        }
    }

    /// Removing broker 3 moves exactly its 20 replicas and nothing else.
    func testRemovingABrokerMovesOnlyItsReplicas() throws {
        let current = try kafkaPlaced(brokers: [1, 2, 3, 4, 5, 6], topics: 3, partitions: 20, replicationFactor: 2)
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 4, 5, 6]))
        XCTAssertEqual(result.summary.replicasMoved, 20)
        XCTAssertEqual(result.summary.lowerBound, 20)
        XCTAssertEqual(counts(result)[3], 0)
        for entry in result.proposed.partitions {
            let before = current.replicas(of: entry.topicPartition)!
            XCTAssertTrue(before.contains(3))
            XCTAssertEqual(Set(before).subtracting(entry.replicas), [3])
        }
        XCTAssertEqual(result.proposed.count, 20)
    }

    /// Replacing a broker one for one moves its replicas to the newcomer, which keeps racks.
    func testReplacingABrokerInARack() throws {
        let racks: [BrokerId: String] = [1: "a", 2: "a", 3: "b", 4: "b", 5: "c", 6: "c", 7: "b"]
        let current = try kafkaPlaced(brokers: [1, 2, 3, 4, 5, 6], topics: 2, partitions: 12, replicationFactor: 3, racks: racks)
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 4, 5, 6, 7], racks: racks))
        let held = current.partitions.filter { $0.replicas.contains(3) }.count
        XCTAssertEqual(result.summary.replicasMoved, held)
        XCTAssertEqual(counts(result)[7], held)
    }

    /// Partitions squeezed into fewer racks than they could use are spread out with one
    /// move each, even though replica counts were already balanced.
    func testRestoresRackDiversity() throws {
        let racks: [BrokerId: String] = [1: "a", 2: "a", 3: "b", 4: "b", 5: "c", 6: "c"]
        let current = try assignment([
            ("t", [1, 2, 3]), ("t", [3, 4, 5]), ("t", [5, 6, 1]),
            ("t", [2, 4, 6]), ("t", [1, 3, 5]), ("t", [2, 4, 6]),
        ])
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4, 5, 6], racks: racks))
        XCTAssertEqual(result.summary.lowerBound, 3)
        XCTAssertEqual(result.summary.replicasMoved, 3)
        // Without racks there is nothing to do.
        let unracked = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4, 5, 6], racks: racks, rackAware: false))
        XCTAssertEqual(unracked.summary.replicasMoved, 0)
    }

    /// A one-broker rack must hold a replica of every partition: its share is pinned and the
    /// plan says so instead of failing.
    func testUnevenRacksPinTheShare() throws {
        let racks: [BrokerId: String] = [1: "a", 2: "b", 3: "b", 4: "b"]
        let current = try assignment((0..<8).map { (index: Int) -> (String, [BrokerId]) in
            let first = BrokerId(2 + index % 3)
            let second = BrokerId(2 + (index + 1) % 3)
            return ("t", [first, second])
        })
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4], racks: racks))
        XCTAssertEqual(counts(result)[1], 8)
        XCTAssertEqual(result.summary.replicasMoved, 8)
        XCTAssertTrue(result.notes.contains { $0.hasPrefix("rack a (1 brokers) must hold 8") }, "\(result.notes)")
    }

    /// Limits on sets of racks, not only on single racks: with four racks, replication
    /// factor 3 skips one rack only, so the one-broker racks a and b must together hold a
    /// replica of each of the six `t` partitions, though each alone could make do with two,
    /// the even share (20 replicas on 10 brokers).
    func testRacksThatMustTogetherHoldEveryPartition() throws {
        var racks: [BrokerId: String] = [1: "a", 2: "b"]
        for broker in BrokerId(3)...6 { racks[broker] = "c" }
        for broker in BrokerId(7)...10 { racks[broker] = "d" }
        let current = try assignment((0..<6).map { (index: Int) -> (String, [BrokerId]) in
            ("t", [BrokerId(3 + index % 4), BrokerId(7 + index % 4), BrokerId(1 + index % 2)])
        } + [("u", [3]), ("u", [7])])
        let result = try plan(ReassignmentRequest(current: current, brokers: Array(1...10), racks: racks))
        XCTAssertEqual(counts(result)[1], 3)
        XCTAssertEqual(counts(result)[2], 3)
        XCTAssertEqual(result.summary.replicasMoved, result.summary.lowerBound)
        XCTAssertTrue(result.notes.contains { $0.hasPrefix("rack a (1 brokers) must hold 3 replicas per broker") }, "\(result.notes)")
    }

    /// The judge of the hard constraints accepts counts off ±1 of the fair share only where
    /// racks force them, whatever notes the plan carries: the plan above, judged as if the
    /// brokers had no racks, relaxed its shares without need.
    func testSharesRelaxedWithoutNeedAreCaught() throws {
        let racks: [BrokerId: String] = [1: "a", 2: "b", 3: "b", 4: "b"]
        let current = try assignment((0..<8).map { (index: Int) -> (String, [BrokerId]) in
            ("t", [BrokerId(2 + index % 3), BrokerId(2 + (index + 1) % 3)])
        })
        let pinned = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4], racks: racks))
        XCTAssertTrue(pinned.notes.contains { $0.hasPrefix("rack ") }, "\(pinned.notes)")
        let problems = HardConstraints.violations(
            of: pinned, for: ReassignmentRequest(current: current, brokers: [1, 2, 3, 4], racks: racks, rackAware: false))
        XCTAssertTrue(problems.contains("broker 1: 8 replicas, not within ±1 of the fair share 4...4, although racks allow ±1"), "\(problems)")
    }

    /// With sizes, the smallest replicas move; without, the same number of replicas moves.
    func testSizesSteerTowardsTheSmallestReplicas() throws {
        let current = try assignment((0..<6).map { (index: Int) -> (String, [BrokerId]) in ("t", [BrokerId(1 + index % 2)]) })
        var sizes = PartitionSizes()
        for (partition, size) in [5_000, 7_000, 3_000, 1_000, 9_000, 8_000].enumerated() {
            sizes.record(TopicPartition("t", Int32(partition)), bytes: Int64(size))
        }
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3], sizes: sizes))
        XCTAssertEqual(result.summary.replicasMoved, 2)
        XCTAssertEqual(result.summary.bytesMoved, 3_000 + 1_000)
        XCTAssertEqual(Set(result.proposed.partitions.map(\.topicPartition.partition)), [2, 3])
        XCTAssertEqual(result.summary.transferSeconds(throttle: 1_000), 4)
    }

    /// `--balance-bytes`: extra moves even out disk use; without it no byte moves for balance.
    func testByteBalancingSpendsExtraMovesOnlyWhenAsked() throws {
        let current = try kafkaPlaced(brokers: [1, 2, 3], topics: 4, partitions: 12, replicationFactor: 2)
        var sizes = PartitionSizes()
        var random = SeededGenerator(seed: 11)
        for entry in current.partitions {
            sizes.record(entry.topicPartition, bytes: Int64.random(in: 1 << 20...1 << 34, using: &random))
        }
        let strict = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4], sizes: sizes))
        let balanced = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4], sizes: sizes,
                                                    byteBalanceTolerance: 0.1))
        XCTAssertEqual(strict.summary.replicasMoved, strict.summary.lowerBound)
        XCTAssertGreaterThan(balanced.summary.bytesMoved!, strict.summary.bytesMoved!)
        func spread(_ plan: ReassignmentPlan) -> Double {
            let bytes = plan.summary.brokers.map { Double($0.bytesAfter) }
            return (bytes.max()! - bytes.min()!) / (bytes.reduce(0, +) / Double(bytes.count))
        }
        XCTAssertLessThan(spread(balanced), spread(strict))
        let mean = balanced.summary.brokers.map(\.bytesAfter).reduce(0, +) / 4
        for load in balanced.summary.brokers {
            XCTAssertLessThanOrEqual(abs(Double(load.bytesAfter - mean)), 0.1 * Double(mean) + 1, "broker \(load.broker)")
        }
        XCTAssertTrue(balanced.notes.contains { $0.hasPrefix("--balance-bytes:") })
    }

    func testMissingSizesAreEstimatedFromTheTopic() throws {
        let current = try assignment([("t", [1]), ("t", [1]), ("t", [1]), ("u", [1])])
        let sizes = PartitionSizes([TopicPartition("t", 0): 100, TopicPartition("t", 1): 300])
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2], sizes: sizes))
        XCTAssertEqual(result.summary.estimatedSizes, 2)
        XCTAssertTrue(result.notes.contains { $0.contains("2 partitions have no known size") })
        XCTAssertEqual(result.summary.brokers.first { $0.broker == 1 }?.bytesBefore, 100 + 300 + 200 + 200)

        // Sizes of some other cluster's partitions are no sizes at all.
        let unrelated = PartitionSizes([TopicPartition("elsewhere", 0): 100])
        let counted = try plan(ReassignmentRequest(current: current, brokers: [1, 2], sizes: unrelated))
        XCTAssertNil(counted.summary.bytesMoved)
        XCTAssertEqual(counted.summary.replicasMoved, 2)
        XCTAssertTrue(counted.notes.contains { $0.contains("none of the given partition sizes") })
    }

    /// Leaders end within ±1 of P/N, changing only where counts demand it.
    func testBalancesPreferredLeadersWithFewChanges() throws {
        // Replicas balanced (6 per broker), but brokers 1 and 2 lead everything.
        var lists: [(String, [BrokerId])] = []
        for _ in 0..<3 {
            for pair: [BrokerId] in [[1, 3], [1, 4], [2, 3], [2, 4]] { lists.append(("t", pair)) }
        }
        let current = try assignment(lists)
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 2, 3, 4]))
        XCTAssertEqual(result.summary.replicasMoved, 0)
        for load in result.summary.brokers { XCTAssertEqual(load.leadersAfter, 3) }
        XCTAssertEqual(result.summary.leaderChanges, 6)
        XCTAssertEqual(result.proposed.count, 6)
        // Only the order changes: the replica sets stay as they are.
        for entry in result.proposed.partitions {
            XCTAssertEqual(Set(entry.replicas), Set(current.replicas(of: entry.topicPartition)!))
        }
    }

    /// A moved replica takes the list position of the one it replaced.
    func testReplacementsKeepTheirPosition() throws {
        let current = try assignment([("t", [1, 2, 3]), ("t", [2, 3, 1]), ("t", [3, 1, 2])])
        let result = try plan(ReassignmentRequest(current: current, brokers: [1, 3, 4]))
        for entry in result.proposed.partitions {
            let before = current.replicas(of: entry.topicPartition)!
            XCTAssertEqual(entry.replicas.map { $0 == 4 ? 2 : $0 }, before)
        }
    }

    func testTopicScopeLeavesOtherTopicsAlone() throws {
        let current = try assignment([("a", [1]), ("a", [1]), ("b", [1]), ("b", [1])])
        let result = try plan(ReassignmentRequest(current: current, topics: ["a"], brokers: [1, 2]))
        XCTAssertEqual(result.current.topics, ["a"])
        XCTAssertEqual(result.summary.replicasMoved, 1)
        XCTAssertThrowsError(try ReassignmentPlanner.plan(ReassignmentRequest(current: current, topics: ["zzz"], brokers: [1]),
                                                          strategy: .minimal)) {
            guard case ReassignError.invalidDocument = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual("\($0)", "the topics to move: topics[0].topic: topic 'zzz' is not in the current assignment; expected one of its topics (a, b)")
        }
        var names = ReassignmentRequest.InputNames(currentAssignment: "--current-assignment 'c.json'",
                                                   topicsToMove: "--topics-to-move-json-file 't.json'")
        XCTAssertThrowsError(try ReassignmentPlanner.plan(ReassignmentRequest(current: current, topics: [], brokers: [1], names: names),
                                                          strategy: .minimal)) {
            guard case ReassignError.invalidDocument = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual("\($0)", #"--topics-to-move-json-file 't.json': topics: no topics listed; expected at least one, e.g. {"topic":"a"}"#)
        }
        names.topicsToMove = "--topics-to-move-json-file 'u.json'"
        XCTAssertThrowsError(try ReassignmentPlanner.plan(ReassignmentRequest(current: current, topics: ["a", "c"], brokers: [1], names: names),
                                                          strategy: .minimal)) {
            XCTAssertEqual("\($0)", "--topics-to-move-json-file 'u.json': topics[1].topic: topic 'c' is not in --current-assignment 'c.json'; expected one of its topics (a, b)")
        }
    }

    func testInputsNoPlanCanSatisfyAreRefused() throws {
        let current = try assignment([("t", [1, 2, 3])])
        XCTAssertThrowsError(try ReassignmentPlanner.plan(ReassignmentRequest(current: current, brokers: [1, 2]), strategy: .minimal)) {
            guard case ReassignError.infeasible = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try ReassignmentPlanner.plan(
            ReassignmentRequest(current: current, brokers: [1, 2, 3], racks: [1: "a", 2: "b"]), strategy: .minimal)) {
            guard case ReassignError.invalidArgument = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual("\($0)", "--broker-racks '1:a,2:b': broker 3 (in --broker-list) has no rack; give every broker a rack or none (or add --disable-rack-aware to ignore racks)")
        }
        XCTAssertThrowsError(try ReassignmentPlanner.plan(ReassignmentRequest(current: current, brokers: []), strategy: .minimal))
    }

    /// At scale the plan must still meet every constraint and the lower bound.
    func testMediumClusterGrowthWithRacksMeetsTheLowerBound() throws {
        let racks = Dictionary(uniqueKeysWithValues: (1...24).map { (BrokerId($0), "r\($0 % 3)") })
        let current = try kafkaPlaced(brokers: Array(1...20), topics: 40, partitions: 30, replicationFactor: 3, racks: racks)
        var sizes = PartitionSizes()
        var random = SeededGenerator(seed: 3)
        for entry in current.partitions { sizes.record(entry.topicPartition, bytes: Int64.random(in: 1...1 << 30, using: &random)) }
        let brokers = Array(1...24).filter { $0 != 5 }.map { BrokerId($0) }
        let result = try plan(ReassignmentRequest(current: current, brokers: brokers, racks: racks, sizes: sizes))
        XCTAssertEqual(result.summary.replicasMoved, result.summary.lowerBound)
        XCTAssertEqual(try plan(ReassignmentRequest(current: current, brokers: brokers, racks: racks, sizes: sizes)), result)
    }
}
