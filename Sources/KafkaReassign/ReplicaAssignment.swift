/// The replica lists of a set of partitions, kept in Kafka's output order and free of
/// duplicate partitions (Kafka's `--execute` rejects a file that names one twice).
public struct ReplicaAssignment: Equatable, Sendable {
    public private(set) var partitions: [PartitionReplicas]

    /// Sorts `entries` into Kafka's order; fails if a partition appears twice.
    public init(_ entries: [PartitionReplicas], source: String = "assignment") throws {
        let sorted = entries.sorted { $0.topicPartition < $1.topicPartition }
        for index in sorted.indices.dropFirst() where sorted[index].topicPartition == sorted[index - 1].topicPartition {
            throw ReassignError.invalidDocument(
                source: source, path: "partitions",
                reason: "partition \(sorted[index].topicPartition) appears more than once")
        }
        partitions = sorted
    }

    /// For entries already known to be sorted and unique (the planners' own output).
    init(sortedUnique entries: [PartitionReplicas]) {
        partitions = entries
    }

    public static let empty = ReplicaAssignment(sortedUnique: [])

    public var isEmpty: Bool { partitions.isEmpty }
    public var count: Int { partitions.count }

    /// Topic names in Kafka's order, each once.
    public var topics: [String] {
        var result: [String] = []
        for entry in partitions where result.last != entry.topicPartition.topic {
            result.append(entry.topicPartition.topic)
        }
        return result
    }

    /// The replica list of `topicPartition`, found by binary search over the sorted entries.
    public func replicas(of topicPartition: TopicPartition) -> [BrokerId]? {
        var low = 0
        var high = partitions.count
        while low < high {
            let middle = (low + high) / 2
            if partitions[middle].topicPartition < topicPartition { low = middle + 1 } else { high = middle }
        }
        guard low < partitions.count, partitions[low].topicPartition == topicPartition else { return nil }
        return partitions[low].replicas
    }

    /// The entries whose topic is in `topics` (all entries when `topics` is nil).
    public func restricted(to topics: Set<String>?) -> ReplicaAssignment {
        guard let topics else { return self }
        return ReplicaAssignment(sortedUnique: partitions.filter { topics.contains($0.topicPartition.topic) })
    }
}
