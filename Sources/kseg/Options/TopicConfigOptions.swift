import ArgumentParser
import KafkaLog
import KafkaMaintenance

/// Topic settings for retention and compaction, named as Kafka names them. They apply to every
/// partition of the run, like broker-level defaults; `--topic-config` gives one topic its own.
///
/// Precedence, lowest first: Kafka's defaults; `--config FILE` (a topic `.properties` file, or a
/// broker's `server.properties`: broker synonyms such as `log.retention.hours` count, unknown keys are
/// ignored); the flags below; the topic-level overrides Kafka creates its internal topics with;
/// `--topic-config TOPIC=FILE`.
struct TopicConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("Properties file with Kafka topic or broker settings for all topics.", valueName: "file"))
    var configFile: String?

    @Option(name: .customLong("topic-config"), help: ArgumentHelp("Properties file for one topic, applied over everything else (repeatable).", valueName: "topic=file"))
    var topicConfigs: [String] = []

    @Option(name: .customLong("cleanup.policy"), help: ArgumentHelp("delete, compact, or compact,delete (Kafka default: delete).", valueName: "list"))
    var cleanupPolicy: String?
    // `.unconditional`: "-1" (unlimited) is a value, not an option.
    @Option(name: .customLong("retention.ms"), parsing: .unconditional, help: ArgumentHelp("Time retention; -1 unlimited (default 604800000).", valueName: "ms"))
    var retentionMs: String?
    @Option(name: .customLong("retention.bytes"), parsing: .unconditional, help: ArgumentHelp("Size retention per partition; -1 unlimited (default -1).", valueName: "bytes"))
    var retentionBytes: String?
    @Option(name: .customLong("segment.bytes"), help: ArgumentHelp("Segment size (default 1073741824).", valueName: "bytes"))
    var segmentBytes: String?
    @Option(name: .customLong("segment.index.bytes"), help: ArgumentHelp("Index size cap per segment (default 10485760).", valueName: "bytes"))
    var segmentIndexBytes: String?
    @Option(name: .customLong("index.interval.bytes"), help: ArgumentHelp("Log bytes between index entries (default 4096).", valueName: "bytes"))
    var indexIntervalBytes: String?
    @Option(name: .customLong("file.delete.delay.ms"), help: ArgumentHelp("Kafka's delay before removing .deleted files (default 60000).", valueName: "ms"))
    var fileDeleteDelayMs: String?
    @Option(name: .customLong("delete.retention.ms"), help: ArgumentHelp("How long tombstones and markers outlive cleaning (default 86400000).", valueName: "ms"))
    var deleteRetentionMs: String?
    @Option(name: .customLong("min.compaction.lag.ms"), help: ArgumentHelp("Minimum age before a record may be compacted (default 0).", valueName: "ms"))
    var minCompactionLagMs: String?
    @Option(name: .customLong("max.compaction.lag.ms"), help: ArgumentHelp("Age at which a partition must be compacted (default 9223372036854775807).", valueName: "ms"))
    var maxCompactionLagMs: String?
    @Option(name: .customLong("min.cleanable.dirty.ratio"), help: ArgumentHelp("Dirty ratio a partition must exceed to be cleaned (default 0.5).", valueName: "ratio"))
    var minCleanableDirtyRatio: String?
    @Option(name: .customLong("log.cleaner.dedupe.buffer.size"), help: ArgumentHelp("Offset-map memory (default 134217728).", valueName: "bytes"))
    var dedupeBufferSize: String?
    @Option(name: .customLong("log.cleaner.threads"), help: ArgumentHelp("Kafka's cleaner threads; divides the dedupe buffer (default 1).", valueName: "n"))
    var cleanerThreads: String?

    @Option(name: .customLong("now"), help: ArgumentHelp("The clock, in milliseconds since the epoch (default: the current time), for reproducible plans.", valueName: "ms"))
    var now: Int64?

    /// The flags given, by Kafka property name.
    var flagProperties: [String: String] {
        let pairs: [(String, String?)] = [
            ("cleanup.policy", cleanupPolicy), ("retention.ms", retentionMs), ("retention.bytes", retentionBytes),
            ("segment.bytes", segmentBytes), ("segment.index.bytes", segmentIndexBytes), ("index.interval.bytes", indexIntervalBytes),
            ("file.delete.delay.ms", fileDeleteDelayMs), ("delete.retention.ms", deleteRetentionMs),
            ("min.compaction.lag.ms", minCompactionLagMs), ("max.compaction.lag.ms", maxCompactionLagMs),
            ("min.cleanable.dirty.ratio", minCleanableDirtyRatio), ("log.cleaner.dedupe.buffer.size", dedupeBufferSize),
            ("log.cleaner.threads", cleanerThreads),
        ]
        return pairs.reduce(into: [:]) { result, pair in if let value = pair.1 { result[pair.0] = value } }
    }

    func validate() throws {
        for entry in topicConfigs where !entry.contains("=") {
            throw ValidationError("--topic-config takes TOPIC=FILE, got '\(entry)'.")
        }
        do { _ = try configSet() } catch let error as TopicConfigError {
            throw ValidationError(error.description)
        } catch {}  // unreadable files are operational failures, reported when the command runs
    }

    /// The settings for the run: files are read here, so a missing or unreadable one fails the run.
    func configSet() throws -> TopicConfigSet {
        var properties = try configFile.map(Self.readProperties) ?? [:]
        properties.merge(flagProperties) { _, flag in flag }
        var set = TopicConfigSet(all: try TopicConfig.kafkaDefaults.applying(properties),
                                 cleaner: try CleanerConfig().applying(properties))
        for entry in topicConfigs {
            let (topic, file) = (String(entry.prefix { $0 != "=" }), String(entry.drop { $0 != "=" }.dropFirst()))
            set.topicProperties[topic, default: [:]].merge(try Self.readProperties(file)) { _, new in new }
            _ = try set.config(forTopic: topic)  // a bad value fails now, not halfway through the run
        }
        return set
    }

    /// Milliseconds since the epoch: `--now`, or the current time taken once.
    var nowMs: Int64 { now ?? WallClock.milliseconds() }

    static func readProperties(_ path: String) throws -> [String: String] {
        let bytes = try ReadOnlyFile(path: path).readAll()
        return JavaProperties.parse(String(decoding: bytes, as: UTF8.self))
    }
}
