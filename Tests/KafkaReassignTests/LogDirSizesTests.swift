import Foundation
import KafkaLog
import XCTest
@testable import KafkaReassign

final class LogDirSizesTests: XCTestCase {
    func testLogDirsDescribeOutputGivesTheLargestLiveReplica() throws {
        let output = """
        Querying brokers for log directories information
        Received log directory information from brokers 1,2
        {"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"my-topic-0","size":100,"offsetLag":0,"isFuture":false},{"partition":"other-3","size":7,"offsetLag":0,"isFuture":false}],"error":null,"logDir":"/d1"}]},{"broker":2,"logDirs":[{"logDir":"/d2","error":null,"partitions":[{"partition":"my-topic-0","size":120,"offsetLag":0,"isFuture":false},{"partition":"other-3","size":999,"offsetLag":0,"isFuture":true}]},{"logDir":"/bad","error":"org.apache.kafka.common.errors.KafkaStorageException","partitions":[{"partition":"other-3","size":5000,"offsetLag":0,"isFuture":false}]}]}],"version":1}
        """
        let sizes = try LogDirsDescribeJSON.parse(Array(output.utf8), source: "log-dirs")
        XCTAssertEqual(sizes[TopicPartition("my-topic", 0)], 120)
        XCTAssertEqual(sizes[TopicPartition("other", 3)], 7)
        XCTAssertEqual(sizes.count, 2)
        XCTAssertThrowsError(try LogDirsDescribeJSON.parse(Array(#"{"brokers":[{"logDirs":[{"partitions":[{"partition":"nodash","size":1}]}]}]}"#.utf8), source: "x"))
    }

    func testMeasuresLivePartitionDirectoriesOfALogDir() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-logdir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, bytes: Int) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(repeating: 7, count: bytes).write(to: url)
        }
        try write("orders-0/00000000000000000000.log", bytes: 1000)
        try write("orders-0/00000000000000000000.index", bytes: 80)
        try write("orders-0/00000000000000000500.log.deleted", bytes: 5000)
        try write("orders-0/00000000000000000600.log.cleaned", bytes: 5000)
        try write("orders-0/00000000000000000700.log.swap", bytes: 5000)
        try write("orders-0/leader-epoch-checkpoint", bytes: 20)
        try write("my-topic-3/00000000000000000000.log", bytes: 300)
        try write("orders-1.0123456789abcdef0123456789abcdef-delete/00000000000000000000.log", bytes: 9999)
        try write("orders-2.0123456789abcdef0123456789abcdef-future/00000000000000000000.log", bytes: 9999)
        try write("orders-3.0123456789abcdef0123456789abcdef-stray/00000000000000000000.log", bytes: 9999)
        try write("__cluster_metadata-0/00000000000000000000.log", bytes: 9999)
        try write("remote-log-index-cache/00000000000000000000.index", bytes: 9999)
        try write("events-+4/00000000000000000000.log", bytes: 40)
        try write("events-5/00000000000000000000.log", bytes: 50)
        try write("events-5/00000000000000000100.log", bytes: 5)
        try write("events-5/00000000000000000100.snapshot", bytes: 9999)
        try write("recovery-point-offset-checkpoint", bytes: 10)
        try "#Wed Nov 20\ncluster.id=abc\nversion=1\nnode.id = 42\n".write(to: root.appendingPathComponent("meta.properties"),
                                                                       atomically: true, encoding: .utf8)
        let scan = try LogDirectorySizes.scan(path: root.path, broker: nil)
        XCTAssertEqual(scan.broker, 42)
        // Kafka's size of a replica (what kafka-log-dirs.sh reports): its segments' .log files.
        XCTAssertEqual(scan.partitions, [
            PartitionReplicaSize(topicPartition: TopicPartition("events", 4), bytes: 40),
            PartitionReplicaSize(topicPartition: TopicPartition("events", 5), bytes: 55),
            PartitionReplicaSize(topicPartition: TopicPartition("my-topic", 3), bytes: 300),
            PartitionReplicaSize(topicPartition: TopicPartition("orders", 0), bytes: 1000),
        ])
        XCTAssertEqual(try LogDirectorySizes.scan(path: root.path, broker: 7).broker, 7)
    }

    func testBrokerIdFallsBackToZooKeeperModeAndMissingDirectoriesAreErrors() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-logdir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        XCTAssertNil(try LogDirectorySizes.brokerId(inLogDir: root.path))
        try "broker.id=5\n".write(to: root.appendingPathComponent("meta.properties"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try LogDirectorySizes.brokerId(inLogDir: root.path), 5)
        try "broker.id=x\n".write(to: root.appendingPathComponent("meta.properties"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try LogDirectorySizes.brokerId(inLogDir: root.path)) { error in
            XCTAssertEqual("\(error)", "\(root.path)/meta.properties: broker.id: 'x' is not a broker id; expected an integer of 0 or more (or give the id: --log-dir <id>:\(root.path))")
        }
        try "node.id=3\nbroker.id=5\n".write(to: root.appendingPathComponent("meta.properties"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try LogDirectorySizes.brokerId(inLogDir: root.path), 3)
        XCTAssertThrowsError(try LogDirectorySizes.scan(path: root.path + "/missing", broker: 1)) { error in
            guard case let LogError.io(path, _, code) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(path.hasSuffix("/missing"))
            XCTAssertEqual(code, ENOENT)
        }
    }

    func testSizesKeepTheLargestFigure() {
        var sizes = PartitionSizes()
        sizes.record(TopicPartition("t", 0), bytes: 10)
        sizes.record(TopicPartition("t", 0), bytes: 5)
        var other = PartitionSizes([TopicPartition("t", 0): 12, TopicPartition("t", 1): -3])
        other.merge(sizes)
        XCTAssertEqual(other[TopicPartition("t", 0)], 12)
        XCTAssertEqual(other[TopicPartition("t", 1)], 0)
    }
}
