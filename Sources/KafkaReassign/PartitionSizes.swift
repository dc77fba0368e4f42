/// Bytes per partition, as far as they are known.
///
/// Replicas of one partition differ a little (retention runs independently on each
/// broker), so when several replicas are measured the largest wins: planning with the
/// larger figure never underestimates what a move copies.
public struct PartitionSizes: Equatable, Sendable {
    private var bytes: [TopicPartition: Int64] = [:]

    public init() {}

    public init(_ sizes: [TopicPartition: Int64]) {
        for (topicPartition, size) in sizes { record(topicPartition, bytes: size) }
    }

    public var isEmpty: Bool { bytes.isEmpty }
    public var count: Int { bytes.count }

    public subscript(topicPartition: TopicPartition) -> Int64? { bytes[topicPartition] }

    /// Keeps the larger of the known and the new figure.
    public mutating func record(_ topicPartition: TopicPartition, bytes size: Int64) {
        let size = max(0, size)
        if let known = bytes[topicPartition], known >= size { return }
        bytes[topicPartition] = size
    }

    public mutating func merge(_ other: PartitionSizes) {
        for (topicPartition, size) in other.bytes { record(topicPartition, bytes: size) }
    }
}
