import KafkaLog
import XCTest

/// Kafka's `LocalLog.parseTopicPartitionName`: split at the last `-`; `-delete`, `-future` and
/// `-stray` directories carry a unique id before the suffix.
final class PartitionDirectoryNameTests: XCTestCase {
    func testPlainNamesSplitAtTheLastDash() {
        XCTAssertEqual(PartitionDirectoryName("orders-12"), PartitionDirectoryName(topic: "orders", partition: 12))
        XCTAssertEqual(PartitionDirectoryName("my-long-topic-0"), PartitionDirectoryName(topic: "my-long-topic", partition: 0))
        XCTAssertEqual(PartitionDirectoryName("__cluster_metadata-0")?.isPlain, true)
    }

    func testDirectoriesOnTheirWayInOrOutAreNotPlain() {
        for suffix in ["-delete", "-future", "-stray"] {
            let name = PartitionDirectoryName("orders-0.0123456789abcdef0123456789abcdef" + suffix)
            XCTAssertEqual(name, PartitionDirectoryName(topic: "orders", partition: 0, suffix: suffix))
            XCTAssertEqual(name?.isPlain, false)
            XCTAssertNil(PartitionDirectoryName("orders-0" + suffix), "a suffix needs the unique id before it")
        }
    }

    func testWhatIsNotAPartitionDirectory() {
        for name in ["-1", "orders-", "orders-1x", "orders-99999999999", "orders", ""] {
            XCTAssertNil(PartitionDirectoryName(name), name)
        }
    }
}
