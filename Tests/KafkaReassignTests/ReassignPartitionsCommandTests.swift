import Foundation
import XCTest

/// Runs the built `kseg` executable the way a user does: Kafka's text blocks on stdout,
/// the summary on stderr, files written with --output/--rollback, and the exit codes
/// 0 (plan), 2 (unreadable or invalid input) and 64 (usage).
final class ReassignPartitionsCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-reassign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let current = #"{"version":1,"partitions":["# + (0..<13).map { #"{"topic":"events","partition":\#($0),"replicas":[\#($0 < 7 ? 1 : 2)]}"# }
            .joined(separator: ",") + "]}"
        try current.write(to: file("current.json"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// The `kseg` binary that `swift build` put next to this test bundle.
    private var kseg: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kseg")
    }

    private func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: kseg.path), "no kseg at \(kseg.path)")
        let process = Process()
        process.executableURL = kseg
        process.arguments = ["reassign-partitions"] + arguments
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        input.fileHandleForWriting.closeFile()
        let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
        let stderrData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdoutData, as: UTF8.self), String(decoding: stderrData, as: UTF8.self))
    }

    func testPrintsKafkasTwoBlocksAndWritesTheFiles() throws {
        let result = try run(["--current-assignment", file("current.json").path, "--broker-list", "1,2,3,4",
                              "--output", file("proposed.json").path, "--rollback", file("rollback.json").path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 6)
        XCTAssertEqual(lines[0], "Current partition replica assignment")
        XCTAssertTrue(lines[1].hasPrefix(#"{"version":1,"partitions":[{"topic":"events","partition":0,"replicas":[1],"log_dirs":["any"]}"#))
        XCTAssertEqual(lines[2], "")
        XCTAssertEqual(lines[3], "Proposed partition reassignment configuration")
        XCTAssertEqual(lines[5], "")
        XCTAssertEqual(KafkaReassignmentSchema.problems(lines[4]), [])
        XCTAssertTrue(result.stderr.contains("6 replica moves (lower bound 6)"), result.stderr)

        let proposed = try String(contentsOf: file("proposed.json"), encoding: .utf8)
        XCTAssertEqual(proposed, lines[4] + "\n")
        let rollback = try String(contentsOf: file("rollback.json"), encoding: .utf8)
        XCTAssertEqual(KafkaReassignmentSchema.problems(rollback), [])
        XCTAssertEqual(try partitions(rollback), try partitions(proposed))
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("proposed.json.tmp").path))
    }

    func testJSONOutputCarriesPlanAndSummary() throws {
        let result = try run(["--current-assignment", "-", "--broker-list", "1,2,3,4", "--json", "--throttle", "1000"],
                             stdin: try String(contentsOf: file("current.json"), encoding: .utf8))
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let summary = try XCTUnwrap(root["summary"] as? [String: Any])
        XCTAssertEqual(summary["replicasMoved"] as? Int, 6)
        XCTAssertEqual(summary["replicasMovedLowerBound"] as? Int, 6)
        XCTAssertTrue(summary["bytesMoved"] is NSNull)
        XCTAssertEqual((summary["brokers"] as? [Any])?.count, 4)
        XCTAssertEqual((root["proposed"] as? [String: Any]).flatMap { ($0["partitions"] as? [Any])?.count }, 6)
    }

    func testMeasuresSizesFromALogDirectory() throws {
        let logDir = file("broker-1")
        for partition in 0..<7 {
            let dir = logDir.appendingPathComponent("events-\(partition)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(count: 1000 * (partition + 1)).write(to: dir.appendingPathComponent("00000000000000000000.log"))
        }
        try "node.id=1\n".write(to: logDir.appendingPathComponent("meta.properties"), atomically: true, encoding: .utf8)
        let result = try run(["--current-assignment", file("current.json").path, "--broker-list", "1,2,3,4",
                              "--log-dir", logDir.path, "--throttle", "1000"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("to copy"), result.stderr)
        XCTAssertTrue(result.stderr.contains("Estimated transfer time at --throttle 1000 B/s"), result.stderr)
        XCTAssertTrue(result.stderr.contains("note: 6 partitions have no known size"), result.stderr)
    }

    func testKafkaStrategyIsRepeatableWithASeed() throws {
        let arguments = ["--current-assignment", file("current.json").path, "--broker-list", "1,2,3,4",
                         "--strategy", "kafka", "--seed", "7"]
        let first = try run(arguments)
        let second = try run(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(first.stdout, second.stdout)
        XCTAssertTrue(first.stderr.contains("strategy kafka, seed 7"), first.stderr)
    }

    /// A seed the tool drew itself is printed so that `--seed <printed>` replays the plan.
    func testPrintedRandomSeedPastesBack() throws {
        let arguments = ["--current-assignment", file("current.json").path, "--broker-list", "1,2,3,4", "--strategy", "kafka"]
        for _ in 0..<16 {
            let drawn = try run(arguments)
            XCTAssertEqual(drawn.status, 0, drawn.stderr)
            let headline = try XCTUnwrap(drawn.stderr.split(separator: "\n").first)
            let seed = try XCTUnwrap(headline.split(separator: " ").first(where: { $0.hasSuffix("):") })?.dropLast(2))
            XCTAssertFalse(seed.hasPrefix("-"), String(headline) + ": a negative seed reads as an option")
            let replayed = try run(arguments + ["--seed", String(seed)])
            XCTAssertEqual(replayed.status, 0, replayed.stderr)
            XCTAssertEqual(replayed.stdout, drawn.stdout, String(headline))
            if replayed.status != 0 { return }
        }
    }

    func testNegativeSeedsParseAsValues() throws {
        let arguments = ["--current-assignment", file("current.json").path, "--broker-list", "1,2,3,4", "--strategy", "kafka"]
        let separate = try run(arguments + ["--seed", "-4701813173678458306"])
        XCTAssertEqual(separate.status, 0, separate.stderr)
        XCTAssertTrue(separate.stderr.contains("seed -4701813173678458306)"), separate.stderr)
        let joined = try run(arguments + ["--seed=-4701813173678458306"])
        XCTAssertEqual(joined.stdout, separate.stdout)
        // java.util.Random keeps the low 48 bits of its seed.
        let low = try run(arguments + ["--seed", String(-4_701_813_173_678_458_306 & ((Int64(1) << 48) - 1))])
        XCTAssertEqual(low.stdout, separate.stdout)
    }

    func testExitCodes() throws {
        let missing = try run(["--current-assignment", file("missing.json").path, "--broker-list", "1"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("missing.json: open failed: No such file or directory"), missing.stderr)

        try #"{"partitions":[{"topic":"t","partition":0,"replicas":[1,1]}]}"#.write(to: file("bad.json"), atomically: true, encoding: .utf8)
        let invalid = try run(["--current-assignment", file("bad.json").path, "--broker-list", "1"])
        XCTAssertEqual(invalid.status, 2)
        XCTAssertTrue(invalid.stderr.contains("bad.json: partitions[0].replicas"), invalid.stderr)

        let tooFew = try run(["--current-assignment", file("current.json").path, "--broker-list", "9"])
        XCTAssertEqual(tooFew.status, 0, tooFew.stderr)  // RF 1 fits one broker: everything moves to 9
        XCTAssertTrue(tooFew.stderr.contains("13 replica moves"), tooFew.stderr)

        let duplicate = try run(["--current-assignment", file("current.json").path, "--broker-list", "1,1"])
        XCTAssertEqual(duplicate.status, 64)
        XCTAssertTrue(duplicate.stderr.contains("Broker list contains duplicate entries: 1"), duplicate.stderr)

        XCTAssertEqual(try run(["--broker-list", "1"]).status, 64)
        XCTAssertEqual(try run(["--current-assignment", file("current.json").path, "--broker-list", "1", "--seed", "3"]).status, 64)
        XCTAssertEqual(try run(["--current-assignment", file("current.json").path, "--broker-list", "1", "--throttle", "0"]).status, 64)
        let noSizes = try run(["--current-assignment", file("current.json").path, "--broker-list", "1", "--balance-bytes", "10"])
        XCTAssertEqual(noSizes.status, 64)
        XCTAssertTrue(noSizes.stderr.contains("--balance-bytes needs partition sizes"), noSizes.stderr)
    }

    private func partitions(_ text: String) throws -> [String] {
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try XCTUnwrap(root["partitions"] as? [[String: Any]]).map { "\($0["topic"]!)-\($0["partition"]!)" }
    }
}
