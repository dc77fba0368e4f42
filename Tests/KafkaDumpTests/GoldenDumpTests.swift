import Foundation
import KafkaDump
import KsegTestSupport
import XCTest

/// kseg's stdout, stderr and exit status against Kafka's dump tool, for every golden invocation.
final class GoldenDumpTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let reference = root.appendingPathComponent("Fixtures/kafka-reference")

    func testEveryGoldenInvocationMatchesByteForByte() throws {
        let goldenDir = Self.reference.appendingPathComponent("kafka-dump-golden")
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: goldenDir.appendingPathComponent("golden-index.json"))) as! [[String: Any]]
        XCTAssertEqual(index.count, 72)
        let previous = FileManager.default.currentDirectoryPath
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        // The golden text names files relative to kafka-written/, as Kafka was run there.
        FileManager.default.changeCurrentDirectoryPath(Self.reference.appendingPathComponent("kafka-written").path)
        for entry in index {
            let args = entry["args"] as! [String]
            let result = try KsegProcess.run(["dump-log-segments"] + args)
            let expectedOut = try Data(contentsOf: goldenDir.appendingPathComponent(entry["stdout"] as! String))
            let expectedErr = try Data(contentsOf: goldenDir.appendingPathComponent(entry["stderr"] as! String))
            XCTAssertEqual(result.stdout, expectedOut, "stdout of \(args)")
            XCTAssertEqual(result.stderr, expectedErr, "stderr of \(args)")
            XCTAssertEqual(result.status, (entry["exit_code"] as! NSNumber).int32Value, "exit status of \(args)")
        }
    }
}
