import Foundation
import KafkaDump
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

/// Runs the built `kseg` executable (the real binary, as users run it).
enum KsegProcess {
    struct Result {
        var stdout: Data
        var stderr: Data
        var status: Int32
        var out: String { String(decoding: stdout, as: UTF8.self) }
        var err: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// `$KSEG_BINARY`, else the `kseg` built next to the test binary in `.build/<config>/`.
    static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["KSEG_BINARY"] { return URL(fileURLWithPath: override) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("kseg").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("kseg")
    }

    static func run(_ arguments: [String], currentDirectory: String? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
        // Drain both pipes concurrently so a large output cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Result(stdout: outData, stderr: errBox.data, status: process.terminationStatus)
    }
}
