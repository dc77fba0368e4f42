import KsegTestSupport
import XCTest
@testable import KafkaReassign

final class KafkaReplicaAssignorTests: XCTestCase {
    private func brokers(_ ids: [BrokerId], racks: [String]? = nil) -> [KafkaReplicaAssignor.BrokerMetadata] {
        ids.enumerated().map { KafkaReplicaAssignor.BrokerMetadata(id: $1, rack: racks?[$0]) }
    }

    func testJavaRandomMatchesJavaUtilRandom() {
        // Published values of java.util.Random: new Random(0).nextInt(), new Random(42).nextInt().
        var zero = JavaRandom(seed: 0)
        XCTAssertEqual(zero.nextInt(), -1_155_484_576)
        var answer = JavaRandom(seed: 42)
        XCTAssertEqual(answer.nextInt(), -1_170_105_035)
        // nextInt(bound) draws next(31), the top 31 of the same 48 bits: for the first draw
        // that is the first nextInt() shifted right by one.
        let next31 = Int64(UInt32(bitPattern: -1_170_105_035) >> 1)
        var bounded = JavaRandom(seed: 42)
        XCTAssertEqual(Int64(bounded.nextInt(10)), next31 % 10)
        var powerOfTwo = JavaRandom(seed: 42)
        XCTAssertEqual(Int64(powerOfTwo.nextInt(16)), (16 * next31) >> 31)
        var many = JavaRandom(seed: 7)
        for bound in [1, 2, 3, 5, 100, Int32.max] {
            let value = many.nextInt(bound)
            XCTAssertTrue(value >= 0 && value < bound)
        }
    }

    /// Java's generator keeps 48 bits of its seed: seeds that differ only above them give the
    /// same draws, so a random seed from 0..<2⁴⁸ loses nothing and never prints negative.
    func testRandomSeedsAreNonNegativeAndCoverEveryGenerator() {
        struct AllOnes: RandomNumberGenerator { mutating func next() -> UInt64 { .max } }
        var ones = AllOnes()
        XCTAssertEqual(JavaRandom.randomSeed(using: &ones), (1 << 48) - 1)
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<1000 {
            let seed = JavaRandom.randomSeed(using: &generator)
            XCTAssertTrue(seed >= 0 && seed < 1 << 48, "\(seed)")
        }
        let negative: Int64 = -4_701_813_173_678_458_306
        var high = JavaRandom(seed: negative)
        var low = JavaRandom(seed: negative & ((1 << 48) - 1))
        for _ in 0..<10 { XCTAssertEqual(high.nextInt(), low.nextInt()) }
    }

    /// The spec's worked example: brokers 1...5, RF 3, start 2, shift 1.
    func testRackUnawareExample() throws {
        let result = try KafkaReplicaAssignor.assignReplicasToBrokers(
            brokers([1, 2, 3, 4, 5]), partitionCount: 10, replicationFactor: 3, startIndex: 2, replicaShift: 1)
        XCTAssertEqual(result, [[3, 5, 1], [4, 1, 2], [5, 2, 3], [1, 3, 4], [2, 4, 5],
                                [3, 1, 2], [4, 2, 3], [5, 3, 4], [1, 4, 5], [2, 5, 1]])
    }

    /// Kafka's own Javadoc example of AdminUtils: the rack-alternated list and the first
    /// seven partitions with start 0 and shift 0.
    func testRackAwareJavadocExample() throws {
        let metadata = brokers([0, 1, 2, 3, 4, 5], racks: ["rack1", "rack3", "rack3", "rack2", "rack2", "rack1"])
        XCTAssertEqual(KafkaReplicaAssignor.rackAlternatedBrokerList(
            Dictionary(uniqueKeysWithValues: metadata.map { ($0.id, $0.rack!) })), [0, 3, 1, 5, 4, 2])
        let result = try KafkaReplicaAssignor.assignReplicasToBrokers(
            metadata, partitionCount: 7, replicationFactor: 3, startIndex: 0, replicaShift: 0)
        XCTAssertEqual(result, [[0, 3, 1], [3, 1, 5], [1, 5, 4], [5, 4, 2], [4, 2, 0], [2, 0, 3], [0, 4, 2]])
    }

    /// The spec's rack example: racks a:{1,2}, b:{3,4}, c:{5,6}.
    func testRackAwareSpecExample() throws {
        let metadata = brokers([1, 2, 3, 4, 5, 6], racks: ["a", "a", "b", "b", "c", "c"])
        let result = try KafkaReplicaAssignor.assignReplicasToBrokers(
            metadata, partitionCount: 8, replicationFactor: 3, startIndex: 0, replicaShift: 0)
        XCTAssertEqual(result, [[1, 3, 5], [3, 5, 2], [5, 2, 4], [2, 4, 6], [4, 6, 1], [6, 1, 3], [1, 4, 6], [3, 6, 1]])
        XCTAssertEqual(KafkaReplicaAssignor.rackAlternatedBrokerList([1: "a", 4: "a", 2: "b", 3: "c", 5: "c", 6: "c"]),
                       [1, 2, 3, 4, 5, 6])
    }

    func testRejectsWhatKafkaRejects() {
        XCTAssertThrowsError(try KafkaReplicaAssignor.assignReplicasToBrokers(
            brokers([1, 2]), partitionCount: 1, replicationFactor: 3, startIndex: 0, replicaShift: 0))
        XCTAssertThrowsError(try KafkaReplicaAssignor.assignReplicasToBrokers(
            brokers([1, 2], racks: ["a", "b"]).dropLast() + brokers([3]), partitionCount: 1, replicationFactor: 1,
            startIndex: 0, replicaShift: 0))
        XCTAssertThrowsError(try KafkaReplicaAssignor.assignReplicasToBrokers(
            brokers([1]), partitionCount: 0, replicationFactor: 1, startIndex: 0, replicaShift: 0))
    }

    /// Every replica list is distinct and every rack is used when RF equals the rack count.
    func testRandomDrawsAlwaysGiveValidPlacements() throws {
        var random = JavaRandom(seed: 99)
        for count in 1...12 {
            let ids = (1...count).map { BrokerId($0) }
            let racks = ids.map { "r\($0 % 3)" }
            for replicationFactor in 1...min(count, 4) {
                for metadata in [brokers(ids), brokers(ids, racks: racks)] {
                    let placement = try KafkaReplicaAssignor.assignReplicasToBrokers(
                        metadata, partitionCount: 25, replicationFactor: replicationFactor, random: &random)
                    for replicas in placement {
                        XCTAssertEqual(Set(replicas).count, replicationFactor)
                        if metadata[0].rack != nil {
                            let used = Set(replicas.map { racks[Int($0) - 1] })
                            XCTAssertEqual(used.count, min(replicationFactor, Set(racks).count))
                        }
                    }
                }
            }
        }
    }

    /// `--strategy kafka` draws start and shift per topic, topics in name order, from
    /// java.util.Random(seed), and proposes every partition.
    func testKafkaStrategyReplaysTheDraws() throws {
        var entries: [PartitionReplicas] = []
        for topic in ["beta", "alpha"] {
            for partition in 0..<5 { entries.append(PartitionReplicas(TopicPartition(topic, Int32(partition)), replicas: [1, 2])) }
        }
        let request = ReassignmentRequest(current: try ReplicaAssignment(entries), brokers: [4, 3, 2, 1])
        let plan = try ReassignmentPlanner.plan(request, strategy: .kafka(seed: 12345))
        var random = JavaRandom(seed: 12345)
        var expected: [[BrokerId]] = []
        for _ in ["alpha", "beta"] {
            expected += try KafkaReplicaAssignor.assignReplicasToBrokers(
                brokers([1, 2, 3, 4]), partitionCount: 5, replicationFactor: 2, random: &random)
        }
        XCTAssertEqual(plan.proposed.partitions.map(\.replicas), expected)
        XCTAssertEqual(plan.proposed.count, 10)
        XCTAssertEqual(plan.seed, 12345)
        XCTAssertEqual(try ReassignmentPlanner.plan(request, strategy: .kafka(seed: 12345)), plan)
        XCTAssertEqual(KafkaReassignmentSchema.problems(ReassignmentJSON.format(plan.proposed)), [])
        XCTAssertEqual(plan.rollback, plan.current)
    }

    func testKafkaStrategyNeedsEveryPartitionOfATopic() throws {
        let current = try ReplicaAssignment([PartitionReplicas(TopicPartition("t", 1), replicas: [1])])
        XCTAssertThrowsError(try ReassignmentPlanner.plan(ReassignmentRequest(current: current, brokers: [1, 2]),
                                                          strategy: .kafka(seed: 1)))
    }
}
