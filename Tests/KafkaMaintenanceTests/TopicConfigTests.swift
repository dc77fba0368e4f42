import Foundation
import KafkaMaintenance
import KsegTestSupport
import XCTest

/// Topic settings as Kafka reads them (LogConfig, ServerLogConfigs, ConfigDef): names, broker
/// synonyms, defaults, validation, the internal topics' overrides, Java `.properties` files, and the
/// command line's precedence.
final class TopicConfigTests: XCTestCase {
    func config(_ properties: [String: String]) throws -> TopicConfig { try TopicConfig.kafkaDefaults.applying(properties) }

    func testKafkaDefaults() {
        let c = TopicConfig.kafkaDefaults
        XCTAssertEqual(c.cleanupPolicy, [.delete])
        XCTAssertEqual(c.retentionMs, 604_800_000)
        XCTAssertEqual(c.retentionBytes, -1)
        XCTAssertEqual(c.segmentBytes, 1_073_741_824)
        XCTAssertEqual(c.segmentIndexBytes, 10_485_760)
        XCTAssertEqual(c.indexIntervalBytes, 4096)
        XCTAssertEqual(c.fileDeleteDelayMs, 60_000)
        XCTAssertEqual(c.deleteRetentionMs, 86_400_000)
        XCTAssertEqual(c.minCompactionLagMs, 0)
        XCTAssertEqual(c.maxCompactionLagMs, Int64.max)
        XCTAssertEqual(c.minCleanableDirtyRatio, 0.5)
        XCTAssertEqual(c.maxMessageBytes, 1_048_588)
        XCTAssertEqual(c.messageTimestampType, .createTime)
        XCTAssertFalse(c.remoteStorageEnable)
        XCTAssertTrue(c.deletes)
        XCTAssertFalse(c.compacts)
    }

    /// Topic names beat broker synonyms; among synonyms the first set wins (ms, then minutes, then hours).
    func testSynonymsAndPrecedence() throws {
        XCTAssertEqual(try config(["log.retention.hours": "1"]).retentionMs, 3_600_000)
        XCTAssertEqual(try config(["log.retention.minutes": "2", "log.retention.hours": "1"]).retentionMs, 120_000)
        XCTAssertEqual(try config(["log.retention.ms": "5", "log.retention.minutes": "2"]).retentionMs, 5)
        XCTAssertEqual(try config(["retention.ms": "7", "log.retention.ms": "5"]).retentionMs, 7)
        XCTAssertEqual(try config(["log.retention.bytes": "100"]).retentionBytes, 100)
        XCTAssertEqual(try config(["log.cleanup.policy": "compact"]).cleanupPolicy, [.compact])
        XCTAssertEqual(try config(["log.segment.delete.delay.ms": "0"]).fileDeleteDelayMs, 0)
        XCTAssertEqual(try config(["log.index.interval.bytes": "512", "log.index.size.max.bytes": "4096"]).indexIntervalBytes, 512)
        // Any negative broker value means unlimited; at topic level only -1 is accepted.
        XCTAssertEqual(try config(["log.retention.hours": "-5"]).retentionMs, -1)
        XCTAssertEqual(try config(["retention.ms": "-1"]).retentionMs, -1)
        XCTAssertThrowsError(try config(["retention.ms": "-2"])) { error in
            XCTAssertEqual("\(error)", "Invalid value -2 for configuration retention.ms: Value must be at least -1")
        }
        // Unknown names (a whole server.properties) are ignored.
        XCTAssertEqual(try config(["broker.id": "3", "listeners": "PLAINTEXT://:9092"]), TopicConfig.kafkaDefaults)
    }

    /// ConfigDef's LIST type split on commas with surrounding white space; ValidList.in(compact, delete).
    func testCleanupPolicy() throws {
        XCTAssertEqual(try config(["cleanup.policy": "compact,delete"]).cleanupPolicy, [.compact, .delete])
        XCTAssertEqual(try config(["cleanup.policy": " delete , compact "]).cleanupPolicy, [.delete, .compact])
        let empty = try config(["cleanup.policy": ""])
        XCTAssertEqual(empty.cleanupPolicy, [])
        XCTAssertFalse(empty.deletes || empty.compacts)
        for bad in ["shred", "delete,", ",delete", "delete,,compact", " , "] {
            XCTAssertThrowsError(try config(["cleanup.policy": bad]), bad) { error in
                XCTAssertTrue("\(error)".hasSuffix("String must be one of: compact, delete"), "\(error)")
            }
        }
    }

    func testValidation() throws {
        for (name, value, reason) in [
            ("retention.bytes", "ten", "Not a number of type LONG"), ("segment.bytes", "13", "Value must be at least 14"),
            ("segment.bytes", "2147483648", "Not a number of type INT"), ("index.interval.bytes", "-1", "Value must be at least 0"),
            ("segment.index.bytes", "3", "Value must be at least 4"), ("file.delete.delay.ms", "-1", "Value must be at least 0"),
            ("max.compaction.lag.ms", "0", "Value must be at least 1"), ("min.cleanable.dirty.ratio", "1.5", "Value must be a number between 0 and 1"),
            ("message.timestamp.type", "createtime", "String must be one of: CreateTime, LogAppendTime"),
            ("remote.storage.enable", "yes", "Expected value to be either true or false"),
        ] {
            XCTAssertThrowsError(try config([name: value]), name) { error in
                XCTAssertEqual("\(error)", "Invalid value \(value) for configuration \(name): \(reason)")
            }
        }
        XCTAssertTrue(try config(["remote.storage.enable": " TRUE "]).remoteStorageEnable)
        XCTAssertEqual(try config(["message.timestamp.type": "LogAppendTime"]).messageTimestampType, .logAppendTime)
        XCTAssertEqual(try config(["retention.bytes": " 42 "]).retentionBytes, 42)
    }

    /// Internal topics keep the topic-level overrides Kafka creates them with; only a per-topic file changes them.
    func testInternalTopicsKeepTheirOverrides() throws {
        let all = try config(["cleanup.policy": "delete", "retention.ms": "1000"])
        var set = TopicConfigSet(all: all)
        let offsets = try set.config(forTopic: "__consumer_offsets")
        XCTAssertEqual(offsets.cleanupPolicy, [.compact])
        XCTAssertEqual(offsets.segmentBytes, 104_857_600)
        XCTAssertEqual(offsets.retentionMs, 1000, "settings without a topic-level override still apply")
        XCTAssertEqual(try set.config(forTopic: "__transaction_state").cleanupPolicy, [.compact])
        XCTAssertEqual(try set.config(forTopic: "orders").cleanupPolicy, [.delete])
        set.topicProperties["__consumer_offsets"] = ["cleanup.policy": "compact,delete"]
        set.topicProperties["orders"] = ["retention.ms": "5"]
        XCTAssertEqual(try set.config(forTopic: "__consumer_offsets").cleanupPolicy, [.compact, .delete])
        XCTAssertEqual(try set.config(forTopic: "orders").retentionMs, 5)
        XCTAssertEqual(TopicConfigSet.clusterMetadataTopic, "__cluster_metadata")
    }

    func testCleanerConfig() throws {
        XCTAssertTrue(CleanerConfig().enabled)
        XCTAssertFalse(try CleanerConfig().applying(["log.cleaner.enable": "false"]).enabled)
        XCTAssertThrowsError(try CleanerConfig().applying(["log.cleaner.enable": "no"]))
        let threads = try CleanerConfig().applying(["log.cleaner.threads": "2", "log.cleaner.dedupe.buffer.size": "10000000000"])
        XCTAssertEqual(threads.dedupeBufferPerThread, Int64(Int32.max), "Kafka caps each thread's map at 2^31 - 1 bytes")
    }

    /// `java.util.Properties.load`.
    func testJavaProperties() {
        let text = """
        # comment
        ! also a comment
          indented = value with spaces  
        colon:value
        space value
        escaped\\=key=v
        continued = one, \\
            two
        unicode=caf\\u00e9\\ttab
        #not.a.comment.below=continuation?
        empty=
        bare
        later=1
        later=2
        crlf=x\r\nnext=y
        """
        let parsed = JavaProperties.parse(text)
        XCTAssertEqual(parsed["indented"], "value with spaces  ")
        XCTAssertEqual(parsed["colon"], "value")
        XCTAssertEqual(parsed["space"], "value")
        XCTAssertEqual(parsed["escaped=key"], "v")
        XCTAssertEqual(parsed["continued"], "one, two")
        XCTAssertEqual(parsed["unicode"], "café\ttab")
        XCTAssertNil(parsed["#not.a.comment.below"])
        XCTAssertEqual(parsed["empty"], "")
        XCTAssertEqual(parsed["bare"], "")
        XCTAssertEqual(parsed["later"], "2")
        XCTAssertEqual(parsed["crlf"], "x")
        XCTAssertEqual(parsed["next"], "y")
        XCTAssertEqual(JavaProperties.parse("a=1\\\n# not a comment")["a"], "1# not a comment")
    }

    /// The command line, lowest first: Kafka's defaults, --config FILE (broker synonyms count), the
    /// flags, the internal topics' own overrides, --topic-config TOPIC=FILE.
    func testCommandLinePrecedence() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = directory.appendingPathComponent("server.properties")
        try Data("broker.id=1\nlog.retention.hours=48\nlog.retention.bytes=1000\nlog.cleanup.policy=compact,delete\n".utf8).write(to: server)
        let topic = directory.appendingPathComponent("orders.properties")
        try Data("retention.ms=5\n".utf8).write(to: topic)
        let logDir = try RetentionFixture().copy("logdir")
        func header(_ arguments: [String], _ partition: String) throws -> [String: Any] {
            let run = try KsegProcess.run(["retention", "--json"] + arguments + [logDir.appendingPathComponent(partition).path])
            XCTAssertEqual(run.status, 0, run.err)
            return try RetentionFixture.objects(run.out).first!
        }
        var h = try header(["--config", server.path], "retention-ms-0")
        XCTAssertEqual(h["retentionMs"] as? Int64, 172_800_000)
        XCTAssertEqual(h["retentionBytes"] as? Int64, 1000)
        XCTAssertEqual(h["cleanupPolicy"] as? String, "compact,delete")
        h = try header(["--config", server.path, "--retention.ms", "9", "--cleanup.policy", "delete"], "retention-ms-0")
        XCTAssertEqual(h["retentionMs"] as? Int64, 9)
        XCTAssertEqual(h["cleanupPolicy"] as? String, "delete")
        h = try header(["--config", server.path, "--cleanup.policy", "delete"], "__consumer_offsets-0")
        XCTAssertEqual(h["cleanupPolicy"] as? String, "compact", "an internal topic keeps cleanup.policy=compact")
        h = try header(["--retention.ms", "9", "--topic-config", "retention-ms=\(topic.path)"], "retention-ms-0")
        XCTAssertEqual(h["retentionMs"] as? Int64, 5)
        h = try header(["--config", server.path, "--log.cleaner.enable", "false"], "retention-ms-0")
        XCTAssertEqual(h["rules"] as? [String], [])
    }
}
