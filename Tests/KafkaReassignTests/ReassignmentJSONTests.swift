import XCTest
@testable import KafkaReassign

final class ReassignmentJSONTests: XCTestCase {
    private func parse(_ text: String) throws -> ReplicaAssignment {
        try ReassignmentJSON.parse(Array(text.utf8), source: "test.json")
    }

    private func assertInvalid(_ text: String, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(text), file: file, line: line) { error in
            XCTAssertTrue("\(error)".contains(fragment), "\(error)", file: file, line: line)
        }
    }

    func testFormatsExactlyAsKafkaPrintsIt() throws {
        let assignment = try ReplicaAssignment([
            PartitionReplicas(TopicPartition("payments", 0), replicas: [3, 1]),
            PartitionReplicas(TopicPartition("orders", 10), replicas: [2]),
            PartitionReplicas(TopicPartition("orders", 2), replicas: [1, 2], logDirs: ["/data/a", "any"]),
        ])
        XCTAssertEqual(ReassignmentJSON.format(assignment), #"{"version":1,"partitions":[{"topic":"orders","partition":2,"replicas":[1,2],"log_dirs":["/data/a","any"]},{"topic":"orders","partition":10,"replicas":[2],"log_dirs":["any"]},{"topic":"payments","partition":0,"replicas":[3,1],"log_dirs":["any","any"]}]}"#)
        XCTAssertEqual(JSONWriter.compact(ReassignmentJSON.document(assignment)), ReassignmentJSON.format(assignment))
        XCTAssertEqual(ReassignmentJSON.format(.empty), #"{"version":1,"partitions":[]}"#)
    }

    func testTopicOrderIsJavaStringOrder() throws {
        // Java compares UTF-16 code units: upper case before lower case, '-' before digits.
        let assignment = try ReplicaAssignment(["b", "B", "a-1", "a1", "a"].map {
            PartitionReplicas(TopicPartition($0, 0), replicas: [1])
        })
        XCTAssertEqual(assignment.topics, ["B", "a", "a-1", "a1", "b"])
    }

    func testReadsWhatItWritesAndWhatKafkaAccepts() throws {
        let text = #"""
        {"partitions": [
            {"topic": "orders", "partition": 1, "replicas": [3, 4], "extra": "ignored"},
            {"topic": "orders", "partition": 0, "replicas": [2, 3], "log_dirs": ["any", "/data/b"]}
        ]}
        """#
        let assignment = try parse(text)
        XCTAssertEqual(assignment.partitions.map(\.topicPartition), [TopicPartition("orders", 0), TopicPartition("orders", 1)])
        XCTAssertEqual(assignment.replicas(of: TopicPartition("orders", 1)), [3, 4])
        XCTAssertEqual(assignment.partitions[0].logDirs, ["any", "/data/b"])
        XCTAssertEqual(try parse(ReassignmentJSON.format(assignment)), assignment)
        XCTAssertEqual(KafkaReassignmentSchema.problems(ReassignmentJSON.format(assignment)), [])
    }

    func testReadsTheCurrentBlockOfKafkasGenerateOutput() throws {
        let output = """
        Current partition replica assignment
        {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","any"]}]}

        Proposed partition reassignment configuration
        {"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[3,4],"log_dirs":["any","any"]}]}

        """
        XCTAssertEqual(try parse(output).replicas(of: TopicPartition("t", 0)), [1, 2])
    }

    func testReadsTheRollbackBlockOfKafkasExecuteOutput() throws {
        let output = """
        Current partition replica assignment

        {"version":1,"partitions":[{"topic":"t","partition":3,"replicas":[5],"log_dirs":["any"]}]}

        Save this to use as the --reassignment-json-file option during rollback
        Successfully started partition reassignment for t-3
        """
        XCTAssertEqual(try parse(output).replicas(of: TopicPartition("t", 3)), [5])
    }

    func testRejectsWhatKafkaRejects() {
        assertInvalid(#"{"version":2,"partitions":[{"topic":"t","partition":0,"replicas":[1]}]}"#, "Not supported version field value 2")
        assertInvalid(#"{"version":1,"partitions":[]}"#, "cannot be empty")
        assertInvalid(#"{"version":1}"#, "partitions")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":0,"replicas":[]}]}"#, "Partition replica list cannot be empty")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":0,"replicas":[1,1]}]}"#, "duplicate entries")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":0,"replicas":[1],"log_dirs":["any","any"]}]}"#, "Size of replicas list")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":0,"replicas":[1]},{"topic":"t","partition":0,"replicas":[2]}]}"#, "appears more than once")
        assertInvalid(#"{"partitions":[{"partition":0,"replicas":[1]}]}"#, "partitions[0]: missing required field \"topic\"")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":"0","replicas":[1]}]}"#, "partitions[0].partition")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":1.5,"replicas":[1]}]}"#, "fits 32 bits")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":0,"replicas":[4294967296]}]}"#, "partitions[0].replicas[0]")
        assertInvalid(#"{"partitions":[{"topic":"t","partition":-1,"replicas":[1]}]}"#, "negative")
        assertInvalid("no json here", "no JSON document found")
    }

    func testTopicsToMoveFollowsGeneratesRules() throws {
        XCTAssertEqual(try TopicsToMoveJSON.parse(Array(#"{"version":1,"topics":[{"topic":"a"},{"topic":"b","x":1}]}"#.utf8), source: "t"), ["a", "b"])
        XCTAssertEqual(try TopicsToMoveJSON.parse(Array(#"{}"#.utf8), source: "t"), [])
        XCTAssertThrowsError(try TopicsToMoveJSON.parse(Array(#"{"topics":[{"topic":"a"},{"topic":"a"}]}"#.utf8), source: "t")) {
            XCTAssertTrue("\($0)".contains("duplicate entries: a"))
        }
        XCTAssertThrowsError(try TopicsToMoveJSON.parse(Array(#"{"version":3,"topics":[]}"#.utf8), source: "t"))
        XCTAssertThrowsError(try TopicsToMoveJSON.parse(Array(#"{"topics":[{"name":"a"}]}"#.utf8), source: "t"))
    }

    func testBrokerListAndRacksArguments() throws {
        XCTAssertEqual(try BrokerListArgument.parse("3, 1,2"), [3, 1, 2])
        XCTAssertThrowsError(try BrokerListArgument.parse("1,2,1")) { XCTAssertTrue("\($0)".contains("duplicate entries: 1")) }
        XCTAssertThrowsError(try BrokerListArgument.parse("1,,2"))
        XCTAssertThrowsError(try BrokerListArgument.parse("1,x"))
        XCTAssertEqual(try BrokerRacksArgument.parse("1:a, 2:b,3:a"), [1: "a", 2: "b", 3: "a"])
        XCTAssertThrowsError(try BrokerRacksArgument.parse("1:a,1:b"))
        XCTAssertThrowsError(try BrokerRacksArgument.parse("1"))
        XCTAssertThrowsError(try BrokerRacksArgument.parse("1:"))
    }
}
