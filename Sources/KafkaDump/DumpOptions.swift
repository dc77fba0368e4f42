import KafkaRecords

/// How `dump-log-segments` renders record keys and values. Kafka takes decoder class names; kseg
/// offers these built-ins (and accepts Kafka's `StringDecoder` class names as `string`).
public enum PayloadDecoder: String, CaseIterable, Sendable {
    /// UTF-8 text, malformed bytes replaced as Java does (Kafka's default `StringDecoder`).
    case string
    /// Lower-case hexadecimal.
    case hex
    /// Standard base64 with padding.
    case base64

    public init?(kafkaName: String) {
        switch kafkaName {
        case "string", "org.apache.kafka.tools.api.StringDecoder", "kafka.serializer.StringDecoder": self = .string
        case "hex": self = .hex
        case "base64": self = .base64
        default: return nil
        }
    }
}

/// Topic-specific parsers for internal topics (Kafka's `--offsets-decoder` and friends).
public enum TopicDecoder: Sendable {
    case consumerOffsets
    case transactionLog
}

/// Options of a dump run, with Kafka's names and defaults (dump-and-index §2).
public struct DumpOptions: Sendable {
    public var printDataLog = false
    public var deepIteration = false
    public var verifyIndexOnly = false
    public var indexSanityCheck = false
    /// Kafka's default, Int32.max; any other value also suppresses the "invalid bytes" line.
    public var maxBytes: Int = Int(Int32.max)
    public var maxMessageSize: Int = 5_242_880
    public var skipRecordMetadata = false
    public var keyDecoder: PayloadDecoder = .string
    public var valueDecoder: PayloadDecoder = .string
    public var topicDecoder: TopicDecoder?
    /// One JSON object per line instead of Kafka's text.
    public var json = false
    /// Seek: only batches holding offsets ≥ this (found through the offset index).
    public var offsetStart: Int64?
    /// Seek: stop after the batch holding this offset.
    public var offsetEnd: Int64?
    /// Seek: only batches whose max timestamp is ≥ this (found through the time index).
    public var timestampStart: Int64?
    public var decompressionLimits: DecompressionLimits = .default

    public init() {}

    /// Kafka: any data printing implies deep iteration.
    public var isDeep: Bool { deepIteration || printsData }
    public var printsData: Bool { printDataLog || topicDecoder != nil }
    public var isSeeking: Bool { offsetStart != nil || offsetEnd != nil || timestampStart != nil }
}
