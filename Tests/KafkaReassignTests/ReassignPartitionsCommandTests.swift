import Foundation
import KsegTestSupport
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

    /// The `kseg` binary that `swift build` put next to this test bundle (or `$KSEG_BINARY`).
    private var kseg: URL { KsegProcess.executable }

    /// Runs `kseg reassign-partitions`; its stdin is `stdin` (empty unless given), then end of file.
    private func run(_ arguments: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: kseg.path), "no kseg at \(kseg.path)")
        let result = try KsegProcess.run(["reassign-partitions"] + arguments, stdin: Data((stdin ?? "").utf8))
        return (result.status, result.out, result.err)
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

    /// With both streams in one file (`> plan.txt 2>&1`), Kafka's blocks come first and the
    /// summary after them, as written.
    func testSummaryFollowsTheBlocksInOneStream() throws {
        let process = Process()
        process.executableURL = kseg
        process.arguments = ["reassign-partitions", "--current-assignment", file("current.json").path, "--broker-list", "1,2,3,4"]
        let combined = Pipe()
        process.standardOutput = combined
        process.standardError = combined
        try process.run()
        let text = String(decoding: combined.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "Current partition replica assignment")
        XCTAssertEqual(lines.count > 5 ? lines[3] : "", "Proposed partition reassignment configuration")
        XCTAssertTrue(lines.count > 5 && lines[5].hasPrefix("Plan (strategy minimal)"), text)
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

    /// Every way the command can stop, with the exit status the man page gives it (2: an input
    /// file unreadable or invalid, an output unwritable, no assignment possible; 64: what was
    /// typed on the command line) and a message that names the option, the offending value
    /// and what was expected.
    func testEveryErrorPathExitsAsTheManPageSays() throws {
        let current = file("current.json").path
        let base = ["--current-assignment", current]
        func write(_ name: String, _ text: String) throws -> String {
            try text.write(to: file(name), atomically: true, encoding: .utf8)
            return file(name).path
        }
        let duplicateReplicas = try write("bad.json", #"{"partitions":[{"topic":"t","partition":0,"replicas":[1,1]}]}"#)
        let notJSON = try write("garbage.json", "{nope")
        let replicationFactor2 = try write("rf2.json", #"{"partitions":[{"topic":"t","partition":0,"replicas":[1,2]}]}"#)
        let gap = try write("gap.json", #"{"partitions":[{"topic":"t","partition":1,"replicas":[1]}]}"#)
        let unknownTopic = try write("unknown.json", #"{"version":1,"topics":[{"topic":"events"},{"topic":"nope"}]}"#)
        let noTopics = try write("empty.json", #"{"version":1,"topics":[]}"#)
        let topicsMissing = try write("missing-topics.json", #"{"version":1}"#)
        let logDirs = try write("log-dirs.json", #"{"brokers":[{"broker":1,"logDirs":[{"partitions":[{"partition":"nodash","size":1}]}]}]}"#)
        let badMeta = file("bad-meta").path
        try FileManager.default.createDirectory(atPath: badMeta, withIntermediateDirectories: true)
        _ = try write("bad-meta/meta.properties", "node.id=x\n")

        let cases: [(arguments: [String], status: Int32, message: String)] = [
            // 2: input files that cannot be read or do not hold what they must.
            (["--current-assignment", file("missing.json").path, "--broker-list", "1"], 2,
             "kseg reassign-partitions: \(file("missing.json").path): open failed: No such file or directory"),
            (["--current-assignment", duplicateReplicas, "--broker-list", "1"], 2,
             "kseg reassign-partitions: --current-assignment '\(duplicateReplicas)': partitions[0].replicas: Partition replica lists may not contain duplicate entries: t-0 contains multiple entries for 1"),
            (["--current-assignment", notJSON, "--broker-list", "1"], 2,
             "kseg reassign-partitions: --current-assignment '\(notJSON)': not valid JSON at byte 1: "),
            (base + ["--broker-list", "1,2", "--topics-to-move-json-file", unknownTopic], 2,
             "kseg reassign-partitions: --topics-to-move-json-file '\(unknownTopic)': topics[1].topic: topic 'nope' is not in --current-assignment '\(current)'; expected one of its topics (events)"),
            (base + ["--broker-list", "1,2", "--topics-to-move-json-file", noTopics], 2,
             #"kseg reassign-partitions: --topics-to-move-json-file '\#(noTopics)': topics: no topics listed; expected at least one, e.g. {"topic":"events"}"#),
            (base + ["--broker-list", "1,2", "--topics-to-move-json-file", topicsMissing], 2,
             #"kseg reassign-partitions: --topics-to-move-json-file '\#(topicsMissing)': topics: no topics listed; expected at least one, e.g. {"topic":"events"}"#),
            (base + ["--broker-list", "1,2", "--topics-to-move-json-file", notJSON], 2,
             "kseg reassign-partitions: --topics-to-move-json-file '\(notJSON)': not valid JSON at byte 1: "),
            (base + ["--broker-list", "1,2", "--log-dirs-json-file", logDirs], 2,
             "kseg reassign-partitions: --log-dirs-json-file '\(logDirs)': brokers[0].logDirs[0].partitions[0].partition: 'nodash' is not of the form <topic>-<partition>"),
            (base + ["--broker-list", "1,2", "--log-dir", file("no-such-dir").path], 2,
             "kseg reassign-partitions: \(file("no-such-dir").path): "),
            (base + ["--broker-list", "1,2", "--log-dir", badMeta], 2,
             "kseg reassign-partitions: \(badMeta)/meta.properties: node.id: 'x' is not a broker id"),
            (["--current-assignment", replicationFactor2, "--broker-list", "1"], 2,
             "kseg reassign-partitions: no valid assignment exists: partition t-0 has replication factor 2 but only 1 brokers are listed"),
            (["--current-assignment", gap, "--broker-list", "1", "--strategy", "kafka", "--seed", "1"], 2,
             "kseg reassign-partitions: --current-assignment '\(gap)': partitions: topic t lacks partition 0"),
            (base + ["--broker-list", "1,2", "--output", file("no-such-dir/plan.json").path], 2,
             "kseg reassign-partitions: \(file("no-such-dir/plan.json").path)"),
            // 64: the command line itself.
            (["--broker-list", "1"], 64, "Error: Missing expected argument '--current-assignment <file>'"),
            (base + ["--broker-list", "1,1"], 64,
             "kseg reassign-partitions: --broker-list '1,1': Broker list contains duplicate entries: 1; expected each broker once"),
            (base + ["--broker-list", "1,x"], 64,
             "kseg reassign-partitions: --broker-list '1,x': 'x' is not a broker id; expected comma-separated ids (integers 0 or more), e.g. 1,2,3"),
            (base + ["--broker-list", "1,2", "--broker-racks", "1:a"], 64,
             "kseg reassign-partitions: --broker-racks '1:a': broker 2 (in --broker-list) has no rack; give every broker a rack or none (or add --disable-rack-aware to ignore racks)"),
            (base + ["--broker-list", "1,2,3", "--broker-racks", "2:b"], 64,
             "kseg reassign-partitions: --broker-racks '2:b': brokers 1, 3 (in --broker-list) have no rack; give every broker a rack or none (or add --disable-rack-aware to ignore racks)"),
            (base + ["--broker-list", "1,2", "--broker-racks", "1:a,2"], 64,
             "kseg reassign-partitions: --broker-racks '1:a,2': '2' is not of the form <broker>:<rack>; expected e.g. 1:a,2:b"),
            (base + ["--broker-list", "1", "--seed", "3"], 64, "Error: --seed applies to --strategy kafka only"),
            (base + ["--broker-list", "1", "--strategy", "kafka", "--seed"], 64, "Error: Missing value for '--seed <n>'"),
            (base + ["--broker-list", "1", "--strategy", "fastest"], 64, "Error: The value 'fastest' is invalid for '--strategy <strategy>'"),
            (base + ["--broker-list", "1", "--throttle", "0"], 64, "Error: --throttle must be a positive number of bytes per second"),
            (base + ["--broker-list", "1", "--balance-bytes", "10"], 64,
             "Error: --balance-bytes needs partition sizes (--log-dirs-json-file or --log-dir)"),
        ]
        for (arguments, status, message) in cases {
            let result = try run(arguments)
            XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix(message), "\(arguments): expected\n\(message)\ngot\n\(result.stderr)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }

        let tooFew = try run(base + ["--broker-list", "9"])
        XCTAssertEqual(tooFew.status, 0, tooFew.stderr)  // RF 1 fits one broker: everything moves to 9
        XCTAssertTrue(tooFew.stderr.contains("13 replica moves"), tooFew.stderr)
    }

    /// The man page documents exactly the options `--help` lists, and the same exit statuses.
    func testManPageAndHelpAgree() throws {
        let help = try run(["--help"])
        XCTAssertEqual(help.status, 0)
        func options(_ part: Substring, pattern: String) throws -> Set<String> {
            let text = String(part)
            let expression = try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
            return Set(expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                String(text[Range($0.range(at: 1), in: text)!]).replacingOccurrences(of: "\\", with: "")
            })
        }
        let helpOptions = try options(help.stdout[...], pattern: #"^  (--[a-z-]+)"#).subtracting(["--help", "--version"])
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let man = try String(contentsOf: root.appendingPathComponent("man/kseg-reassign-partitions.1"), encoding: .utf8)
        let section = man[man.range(of: ".SH OPTIONS")!.upperBound..<man.range(of: ".SH THE MINIMAL STRATEGY")!.lowerBound]
        let manOptions = try options(section, pattern: #"^\.TP\n\.B[IR]? (\\-\\-[a-z\\-]+)"#)
        XCTAssertEqual(helpOptions.count, 14, "\(helpOptions)")
        XCTAssertEqual(manOptions, helpOptions)
        for status in ["0", "1", "2", "64"] {
            XCTAssertTrue(man.contains(".TP\n.B \(status)\n"), "man page lacks exit status \(status)")
            XCTAssertTrue(help.stdout.replacingOccurrences(of: "\n", with: " ").contains(" \(status) "), "--help lacks exit status \(status)")
        }
    }

    private func partitions(_ text: String) throws -> [String] {
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try XCTUnwrap(root["partitions"] as? [[String: Any]]).map { "\($0["topic"]!)-\($0["partition"]!)" }
    }
}
