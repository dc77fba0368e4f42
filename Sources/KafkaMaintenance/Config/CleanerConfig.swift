/// The broker-level settings of Kafka's log cleaner that an offline compaction obeys
/// (maintenance spec §4, `CleanerConfig`).
public struct CleanerConfig: Sendable, Equatable {
    /// `log.cleaner.enable`: when false Kafka neither compacts nor applies any retention to topics
    /// whose policy contains `compact` (spec §1.1).
    public var enabled = true
    /// `log.cleaner.threads`: divides the dedupe and I/O buffers.
    public var threads = 1
    /// `log.cleaner.dedupe.buffer.size`: total offset-map memory, 24 bytes per slot.
    public var dedupeBufferSize: Int64 = 134_217_728
    /// `log.cleaner.io.buffer.load.factor`: the offset map's maximum fill ratio.
    public var dedupeBufferLoadFactor: Double = 0.9
    /// `log.cleaner.io.buffer.size`: total I/O buffer (half read, half write per thread).
    public var ioBufferSize: Int = 524_288
    /// `producer.id.expiration.ms`: producers idle longer stop being active (spec §2.5).
    public var producerIdExpirationMs: Int64 = 86_400_000

    public init() {}

    /// The offset-map memory one cleaner thread gets: Kafka caps it at 2^31 − 1 bytes per thread.
    public var dedupeBufferPerThread: Int64 { min(dedupeBufferSize / Int64(threads), Int64(Int32.max)) }

    /// A copy with the broker properties in `properties` applied. Unknown names are ignored.
    public func applying(_ properties: [String: String]) throws(TopicConfigError) -> CleanerConfig {
        var config = self
        if let text = properties["log.cleaner.enable"] { config.enabled = try parseBoolean("log.cleaner.enable", text) }
        if let text = properties["log.cleaner.threads"] { config.threads = Int(try parseInt("log.cleaner.threads", text, atLeast: 1)) }
        if let text = properties["log.cleaner.dedupe.buffer.size"] {
            config.dedupeBufferSize = try parseLong("log.cleaner.dedupe.buffer.size", text, atLeast: 24)
        }
        if let text = properties["log.cleaner.io.buffer.load.factor"] {
            guard let factor = Double(text.trimmed), factor > 0, factor <= 1 else {
                throw TopicConfigError(property: "log.cleaner.io.buffer.load.factor", value: text, reason: "Value must be a number in (0, 1]")
            }
            config.dedupeBufferLoadFactor = factor
        }
        if let text = properties["log.cleaner.io.buffer.size"] {
            config.ioBufferSize = Int(try parseInt("log.cleaner.io.buffer.size", text, atLeast: 0))
        }
        if let text = properties["producer.id.expiration.ms"] {
            config.producerIdExpirationMs = Int64(try parseInt("producer.id.expiration.ms", text, atLeast: 1))
        }
        return config
    }

    /// The broker property names this type understands.
    public static let propertyNames = [
        "log.cleaner.enable", "log.cleaner.threads", "log.cleaner.dedupe.buffer.size",
        "log.cleaner.io.buffer.load.factor", "log.cleaner.io.buffer.size", "producer.id.expiration.ms",
    ]
}
