import KafkaLog
import XCTest

final class LogFileNameTests: XCTestCase {
    /// The log directory of a partition is its parent however the partition is written: a lock taken
    /// anywhere else would not be the broker's.
    func testDirectoryIgnoresTrailingSlashes() {
        XCTAssertEqual(LogFileName.directory(of: "/data/kafka/orders-0"), "/data/kafka")
        XCTAssertEqual(LogFileName.directory(of: "/data/kafka/orders-0/"), "/data/kafka")
        XCTAssertEqual(LogFileName.directory(of: "data/orders-0//"), "data")
        XCTAssertEqual(LogFileName.directory(of: "orders-0/"), ".")
        XCTAssertEqual(LogFileName.directory(of: "/orders-0"), "/")
        XCTAssertEqual(LogFileName.directory(of: "/"), "/")
        XCTAssertEqual(LogFileName.directory(of: "orders-0/00000000000000000000.log"), "orders-0")
    }

    func testExactSegmentNames() {
        XCTAssertEqual(LogFileName.offset(ofExactName: "00000000000000001000.log", suffix: ".log"), 1000)
        XCTAssertEqual(LogFileName.offset(ofExactName: "00000000000000001000.snapshot", suffix: ".snapshot"), 1000)
        XCTAssertNil(LogFileName.offset(ofExactName: "00000000000000001000.log.deleted", suffix: ".log"))
        XCTAssertNil(LogFileName.offset(ofExactName: "1000.log", suffix: ".log"))
        XCTAssertNil(LogFileName.offset(ofExactName: "0000000000000000100x.log", suffix: ".log"))
    }
}
