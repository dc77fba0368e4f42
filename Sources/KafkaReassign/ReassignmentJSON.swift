import KafkaRecords

/// Kafka's partition reassignment JSON: the input of `kafka-reassign-partitions.sh
/// --execute/--verify/--cancel` and the output of `--generate`.
///
/// Reading applies the checks `--execute` makes before it changes anything (version 1,
/// required `topic`/`partition`/`replicas`, no empty or duplicated replica lists,
/// `log_dirs` as long as `replicas`, no partition twice), so a file kseg accepts is a
/// file Kafka accepts. Writing reproduces Kafka's `formatAsReassignmentJson` byte for byte.
public enum ReassignmentJSON {
    /// Reads a reassignment document, or the first such document in a tool's printed output.
    public static func parse(_ bytes: [UInt8], source: String) throws -> ReplicaAssignment {
        try decode(try KafkaToolOutput.firstJSONDocument(bytes, source: source), source: source)
    }

    public static func decode(_ document: JSONValue, source: String) throws -> ReplicaAssignment {
        let fields = JSONFields(source: source)
        _ = try fields.object(document, "(document)")
        try fields.checkVersion(document)
        guard let partitionsValue = document["partitions"], partitionsValue != .null else {
            throw fields.fail("partitions", "missing: the document lists no partitions")
        }
        let elements = try fields.array(partitionsValue, "partitions")
        guard !elements.isEmpty else { throw fields.fail("partitions", "Partition reassignment list cannot be empty") }
        var entries: [PartitionReplicas] = []
        entries.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let path = "partitions[\(index)]"
            _ = try fields.object(element, path)
            let topic = try fields.string(try fields.required(element, "topic", path), path + ".topic")
            guard !topic.isEmpty else { throw fields.fail(path + ".topic", "topic name is empty") }
            let partition = try fields.int32(try fields.required(element, "partition", path), path + ".partition")
            guard partition >= 0 else { throw fields.fail(path + ".partition", "partition number is negative") }
            let replicaValues = try fields.array(try fields.required(element, "replicas", path), path + ".replicas")
            var replicas: [BrokerId] = []
            replicas.reserveCapacity(replicaValues.count)
            for (position, value) in replicaValues.enumerated() {
                let broker = try fields.int32(value, "\(path).replicas[\(position)]")
                guard broker >= 0 else { throw fields.fail("\(path).replicas[\(position)]", "broker id is negative") }
                guard !replicas.contains(broker) else {
                    throw fields.fail(path + ".replicas",
                                      "Partition replica lists may not contain duplicate entries: \(topic)-\(partition) contains multiple entries for \(broker)")
                }
                replicas.append(broker)
            }
            guard !replicas.isEmpty else { throw fields.fail(path + ".replicas", "Partition replica list cannot be empty") }
            var logDirs: [String]?
            if let logDirsValue = element["log_dirs"], logDirsValue != .null {
                let values = try fields.array(logDirsValue, path + ".log_dirs")
                logDirs = try values.enumerated().map { try fields.string($1, "\(path).log_dirs[\($0)]") }
                guard logDirs!.count == replicas.count else {
                    throw fields.fail(path + ".log_dirs",
                                      "Size of replicas list \(replicas) is different from size of log dirs list \(logDirs!) for partition \(topic)-\(partition)")
                }
            }
            // All "any" means the same as no log_dirs at all; keep only real requests.
            if let dirs = logDirs, dirs.allSatisfy({ $0 == "any" }) { logDirs = nil }
            entries.append(PartitionReplicas(TopicPartition(topic, partition), replicas: replicas, logDirs: logDirs))
        }
        return try ReplicaAssignment(entries, source: source)
    }

    /// The same document as a value, for embedding in kseg's own `--json` output.
    public static func document(_ assignment: ReplicaAssignment) -> JSONValue {
        .object([
            JSONMember("version", .integer(1)),
            JSONMember("partitions", .array(assignment.partitions.map { entry in
                .object([
                    JSONMember("topic", .string(entry.topicPartition.topic)),
                    JSONMember("partition", .integer(Int64(entry.topicPartition.partition))),
                    JSONMember("replicas", .array(entry.replicas.map { .integer(Int64($0)) })),
                    JSONMember("log_dirs", .array(entry.replicas.indices.map { .string(entry.logDirs?[$0] ?? "any") })),
                ])
            })),
        ])
    }

    /// The compact document Kafka prints: `version` then `partitions`, partitions in
    /// topic/partition order, keys `topic`, `partition`, `replicas`, `log_dirs`, and
    /// `log_dirs` always present (`"any"` for every replica without a requested directory).
    public static func format(_ assignment: ReplicaAssignment) -> String {
        var out = ByteBuffer(capacity: 64 + assignment.count * 80)
        out.append(#"{"version":1,"partitions":["#)
        for (index, entry) in assignment.partitions.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(#"{"topic":"#)
            JSONWriter.writeString(entry.topicPartition.topic, into: &out)
            out.append(#","partition":"#)
            out.appendDecimal(entry.topicPartition.partition)
            out.append(#","replicas":["#)
            for (position, broker) in entry.replicas.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                out.appendDecimal(broker)
            }
            out.append(#"],"log_dirs":["#)
            for position in entry.replicas.indices {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(entry.logDirs?[position] ?? "any", into: &out)
            }
            out.append("]}")
        }
        out.append("]}")
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
