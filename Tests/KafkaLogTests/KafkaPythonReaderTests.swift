import Foundation
import KafkaLog
import XCTest

/// Our reader against kafka-python's reader, on segments kafka-python's record builders wrote
/// (every magic × codec × record shape; see Fixtures/kafka-python/README.md).
final class KafkaPythonReaderTests: XCTestCase {
    func testEveryFixtureReadsAsKafkaPythonReadsIt() throws {
        let root = ReaderListing.repositoryRoot.appendingPathComponent("Fixtures/kafka-python").path
        var segments = 0, records = 0
        var combinations = Set<String>()
        for dir in try FileManager.default.contentsOfDirectory(atPath: root).sorted() where dir.hasPrefix("kp-") {
            let partition = root + "/" + dir
            for name in try FileManager.default.contentsOfDirectory(atPath: partition).sorted() where name.hasSuffix(".log") {
                records += try ReaderListing.assertMatches(logPath: partition + "/" + name, listingPath: partition + "/" + name + ".expected.json")
                segments += 1
                combinations.insert(dir)
            }
        }
        // v0 and v1 × {none, gzip, snappy, lz4}, v2 × {none, gzip, snappy, lz4, zstd}.
        XCTAssertEqual(combinations.count, 13)
        XCTAssertGreaterThanOrEqual(segments, 13)
        XCTAssertGreaterThan(records, 5000)
    }
}
