/// A broker id as Kafka stores it (a Java `int`).
public typealias BrokerId = Int32

/// A partition of a topic, ordered the way Kafka's reassignment tool sorts its output:
/// by topic name in Java `String.compareTo` order (UTF-16 code units), then by partition.
/// Every list kseg prints uses this order so plans are byte-comparable with Kafka's.
public struct TopicPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let topic: String
    public let partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        if lhs.topic != rhs.topic { return TopicPartition.topicPrecedes(lhs.topic, rhs.topic) }
        return lhs.partition < rhs.partition
    }

    /// Java's `String.compareTo`: code-unit order, not Swift's Unicode-aware `<`.
    public static func topicPrecedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    /// `topic-partition`, as Kafka's `TopicPartition.toString` prints it.
    public var description: String { "\(topic)-\(partition)" }
}
