import Foundation

/// The checks `kafka-reassign-partitions.sh --execute` applies to a reassignment file before
/// it changes anything (`parsePartitionReassignmentData`, `parseExecuteAssignmentArgs`),
/// written against Foundation's JSON parser so kseg's own reader is not judging its own
/// writer. Returns the problems found; empty means Kafka accepts the file.
enum KafkaReassignmentSchema {
    static func problems(_ text: String) -> [String] {
        guard let data = text.data(using: .utf8),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return ["not a JSON object"]
        }
        var problems: [String] = []
        if let version = root["version"] {
            if (version as? NSNumber)?.intValue != 1 || version is String { problems.append("version must be 1") }
        }
        guard let partitions = root["partitions"] as? [Any] else { return problems + ["partitions missing"] }
        if partitions.isEmpty { problems.append("Partition reassignment list cannot be empty") }
        var seen = Set<String>()
        for (index, element) in partitions.enumerated() {
            guard let object = element as? [String: Any] else {
                problems.append("partitions[\(index)] is not an object")
                continue
            }
            guard let topic = object["topic"] as? String else {
                problems.append("partitions[\(index)].topic missing or not a string")
                continue
            }
            guard let partition = integer(object["partition"]) else {
                problems.append("partitions[\(index)].partition missing or not an int")
                continue
            }
            guard let replicaValues = object["replicas"] as? [Any] else {
                problems.append("partitions[\(index)].replicas missing")
                continue
            }
            let replicas = replicaValues.compactMap(integer)
            if replicas.count != replicaValues.count { problems.append("\(topic)-\(partition): replicas must be ints") }
            if replicas.isEmpty { problems.append("\(topic)-\(partition): Partition replica list cannot be empty") }
            if Set(replicas).count != replicas.count { problems.append("\(topic)-\(partition): duplicate replicas") }
            if let logDirs = object["log_dirs"] {
                guard let dirs = logDirs as? [String] else {
                    problems.append("\(topic)-\(partition): log_dirs must be strings")
                    continue
                }
                if dirs.count != replicaValues.count { problems.append("\(topic)-\(partition): log_dirs length differs") }
                for dir in dirs where dir != "any" && !dir.hasPrefix("/") {
                    problems.append("\(topic)-\(partition): log dir \(dir) is neither \"any\" nor absolute")
                }
            }
            if !seen.insert("\(topic)\u{0}\(partition)").inserted { problems.append("\(topic)-\(partition) appears twice") }
        }
        return problems
    }

    /// A JSON number that Jackson would read as a Java int.
    private static func integer(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), double >= Double(Int32.min), double <= Double(Int32.max) else { return nil }
        return number.intValue
    }
}
