/// The topic settings retention and compaction obey, with Kafka's names, defaults and validation
/// (maintenance spec §4; `LogConfig`, `ServerLogConfigs`, `ServerTopicConfigSynonyms`).
///
/// A value comes from, in increasing precedence: Kafka's default, a broker-level synonym
/// (`log.retention.hours`, …; the first synonym set wins, as in `KafkaConfig`), the topic-level name
/// (`retention.ms`, …).
public struct TopicConfig: Sendable, Equatable {
    public enum CleanupPolicy: String, Sendable, Equatable {
        case delete
        case compact
    }

    public enum TimestampType: String, Sendable, Equatable {
        case createTime = "CreateTime"
        case logAppendTime = "LogAppendTime"
    }

    /// `cleanup.policy`: `delete`, `compact`, both, or an empty list (retention rule A only).
    public var cleanupPolicy: [CleanupPolicy] = [.delete]
    /// `retention.ms`; −1 means unlimited.
    public var retentionMs: Int64 = 604_800_000
    /// `retention.bytes` per partition; negative means unlimited.
    public var retentionBytes: Int64 = -1
    /// `segment.bytes`.
    public var segmentBytes: Int = 1_073_741_824
    /// `segment.index.bytes`: caps the offset and the time index of a segment.
    public var segmentIndexBytes: Int = 10_485_760
    /// `index.interval.bytes`.
    public var indexIntervalBytes: Int = 4096
    /// `file.delete.delay.ms`.
    public var fileDeleteDelayMs: Int64 = 60_000
    /// `delete.retention.ms`: how long tombstones and transaction markers outlive their cleaning.
    public var deleteRetentionMs: Int64 = 86_400_000
    /// `min.compaction.lag.ms`.
    public var minCompactionLagMs: Int64 = 0
    /// `max.compaction.lag.ms`.
    public var maxCompactionLagMs: Int64 = Int64.max
    /// `min.cleanable.dirty.ratio`; a partition is eligible when its dirty ratio is strictly greater.
    public var minCleanableDirtyRatio: Double = 0.5
    /// `max.message.bytes`.
    public var maxMessageBytes: Int = 1_048_588
    /// `message.timestamp.type`.
    public var messageTimestampType: TimestampType = .createTime
    /// `remote.storage.enable`: tiered topics are refused by the offline tools (spec §1.8).
    public var remoteStorageEnable = false

    public init() {}

    /// Kafka's defaults.
    public static let kafkaDefaults = TopicConfig()

    /// True when the policy contains `compact`.
    public var compacts: Bool { cleanupPolicy.contains(.compact) }
    /// True when the policy contains `delete`.
    public var deletes: Bool { cleanupPolicy.contains(.delete) }

    /// A copy with `properties` (Kafka names, topic-level or broker-level) applied over these values.
    /// Unknown names are ignored, so a broker's `server.properties` can be given as it is.
    public func applying(_ properties: [String: String]) throws(TopicConfigError) -> TopicConfig {
        var config = self
        for setting in Self.settings {
            guard let (name, text) = setting.value(in: properties) else { continue }
            try setting.apply(&config, name, text)
        }
        return config
    }

    /// Every property name this type understands (topic-level names and broker synonyms).
    public static var propertyNames: [String] { settings.flatMap { [$0.topicName] + $0.brokerSynonyms.map(\.name) } }

    /// The topic-level property names, in the order of Kafka's documentation.
    public static var topicPropertyNames: [String] { settings.map(\.topicName) }
}

/// A property value Kafka would refuse.
public struct TopicConfigError: Error, CustomStringConvertible, Equatable {
    public let property: String
    public let value: String
    public let reason: String

    public init(property: String, value: String, reason: String) {
        self.property = property
        self.value = value
        self.reason = reason
    }

    /// Kafka's `ConfigException` wording.
    public var description: String { "Invalid value \(value) for configuration \(property): \(reason)" }
}

// MARK: - Settings table

extension TopicConfig {
    /// One topic property: its name, its broker-level synonyms (with the factor that converts their
    /// unit to the topic's, e.g. hours → ms) and how its text is parsed and checked.
    struct Setting: Sendable {
        let topicName: String
        let brokerSynonyms: [(name: String, factor: Int64)]
        let apply: @Sendable (inout TopicConfig, String, String) throws(TopicConfigError) -> Void

        /// The text that decides this setting: the topic name, else the first broker synonym set.
        /// Broker values are returned already converted to the topic's unit.
        func value(in properties: [String: String]) -> (String, String)? {
            if let text = properties[topicName] { return (topicName, text) }
            for synonym in brokerSynonyms {
                guard let text = properties[synonym.name] else { continue }
                if synonym.factor == 1 { return (synonym.name, text) }
                // A broker value in minutes or hours: convert to ms; leave unparsable text as it is
                // so the error names the value the user wrote.
                guard let number = Int64(text.trimmed) else { return (synonym.name, text) }
                let (product, overflow) = number.multipliedReportingOverflow(by: synonym.factor)
                return (synonym.name, overflow ? String(Int64.max) : String(product))
            }
            return nil
        }
    }

    static let settings: [Setting] = [
        Setting(topicName: "cleanup.policy", brokerSynonyms: [("log.cleanup.policy", 1)]) { config, name, text throws(TopicConfigError) in
            config.cleanupPolicy = try parseCleanupPolicy(name, text)
        },
        Setting(topicName: "retention.ms",
                brokerSynonyms: [("log.retention.ms", 1), ("log.retention.minutes", 60_000), ("log.retention.hours", 3_600_000)]) { config, name, text throws(TopicConfigError) in
            // Any negative broker value means unlimited; at topic level only −1 is accepted.
            let value = try parseLong(name, text)
            if name == "retention.ms" && value < -1 { throw TopicConfigError(property: name, value: text, reason: "Value must be at least -1") }
            config.retentionMs = value < 0 ? -1 : value
        },
        Setting(topicName: "retention.bytes", brokerSynonyms: [("log.retention.bytes", 1)]) { config, name, text throws(TopicConfigError) in
            config.retentionBytes = try parseLong(name, text)
        },
        Setting(topicName: "segment.bytes", brokerSynonyms: [("log.segment.bytes", 1)]) { config, name, text throws(TopicConfigError) in
            config.segmentBytes = Int(try parseInt(name, text, atLeast: 14))
        },
        Setting(topicName: "segment.index.bytes", brokerSynonyms: [("log.index.size.max.bytes", 1)]) { config, name, text throws(TopicConfigError) in
            config.segmentIndexBytes = Int(try parseInt(name, text, atLeast: 4))
        },
        Setting(topicName: "index.interval.bytes", brokerSynonyms: [("log.index.interval.bytes", 1)]) { config, name, text throws(TopicConfigError) in
            config.indexIntervalBytes = Int(try parseInt(name, text, atLeast: 0))
        },
        Setting(topicName: "file.delete.delay.ms", brokerSynonyms: [("log.segment.delete.delay.ms", 1)]) { config, name, text throws(TopicConfigError) in
            config.fileDeleteDelayMs = try parseLong(name, text, atLeast: 0)
        },
        Setting(topicName: "delete.retention.ms", brokerSynonyms: [("log.cleaner.delete.retention.ms", 1)]) { config, name, text throws(TopicConfigError) in
            config.deleteRetentionMs = try parseLong(name, text, atLeast: 0)
        },
        Setting(topicName: "min.compaction.lag.ms", brokerSynonyms: [("log.cleaner.min.compaction.lag.ms", 1)]) { config, name, text throws(TopicConfigError) in
            config.minCompactionLagMs = try parseLong(name, text, atLeast: 0)
        },
        Setting(topicName: "max.compaction.lag.ms", brokerSynonyms: [("log.cleaner.max.compaction.lag.ms", 1)]) { config, name, text throws(TopicConfigError) in
            config.maxCompactionLagMs = try parseLong(name, text, atLeast: 1)
        },
        Setting(topicName: "min.cleanable.dirty.ratio", brokerSynonyms: [("log.cleaner.min.cleanable.ratio", 1)]) { config, name, text throws(TopicConfigError) in
            guard let ratio = Double(text.trimmed), ratio >= 0, ratio <= 1 else {
                throw TopicConfigError(property: name, value: text, reason: "Value must be a number between 0 and 1")
            }
            config.minCleanableDirtyRatio = ratio
        },
        Setting(topicName: "max.message.bytes", brokerSynonyms: [("message.max.bytes", 1)]) { config, name, text throws(TopicConfigError) in
            config.maxMessageBytes = Int(try parseInt(name, text, atLeast: 0))
        },
        Setting(topicName: "message.timestamp.type", brokerSynonyms: [("log.message.timestamp.type", 1)]) { config, name, text throws(TopicConfigError) in
            guard let type = TimestampType(rawValue: text.trimmed) else {
                throw TopicConfigError(property: name, value: text, reason: "String must be one of: CreateTime, LogAppendTime")
            }
            config.messageTimestampType = type
        },
        Setting(topicName: "remote.storage.enable", brokerSynonyms: []) { config, name, text throws(TopicConfigError) in
            config.remoteStorageEnable = try parseBoolean(name, text)
        },
    ]
}

// MARK: - Value parsing (ConfigDef's types)

extension String {
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

func parseLong(_ name: String, _ text: String, atLeast minimum: Int64 = .min) throws(TopicConfigError) -> Int64 {
    guard let value = Int64(text.trimmed) else {
        throw TopicConfigError(property: name, value: text, reason: "Not a number of type LONG")
    }
    if value < minimum { throw TopicConfigError(property: name, value: text, reason: "Value must be at least \(minimum)") }
    return value
}

func parseInt(_ name: String, _ text: String, atLeast minimum: Int32) throws(TopicConfigError) -> Int32 {
    guard let value = Int32(text.trimmed) else {
        throw TopicConfigError(property: name, value: text, reason: "Not a number of type INT")
    }
    if value < minimum { throw TopicConfigError(property: name, value: text, reason: "Value must be at least \(minimum)") }
    return value
}

func parseBoolean(_ name: String, _ text: String) throws(TopicConfigError) -> Bool {
    switch text.trimmed.lowercased() {
    case "true": return true
    case "false": return false
    default: throw TopicConfigError(property: name, value: text, reason: "Expected value to be either true or false")
    }
}

/// `cleanup.policy` is a list; Kafka accepts `delete`, `compact`, both (any order, any case since
/// KIP-1030) and the empty list.
func parseCleanupPolicy(_ name: String, _ text: String) throws(TopicConfigError) -> [TopicConfig.CleanupPolicy] {
    var policies: [TopicConfig.CleanupPolicy] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmed }) {
        if item.isEmpty && text.trimmed.isEmpty { continue }
        guard let policy = TopicConfig.CleanupPolicy(rawValue: item.lowercased()) else {
            throw TopicConfigError(property: name, value: text, reason: "String must be one of: compact, delete")
        }
        if !policies.contains(policy) { policies.append(policy) }
    }
    return policies
}
