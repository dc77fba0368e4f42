import KafkaLog

/// The JSON that `kafka-log-dirs.sh --describe` prints (after its two status lines):
/// `{"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/data","error":null,
/// "partitions":[{"partition":"orders-0","size":1234,"offsetLag":0,"isFuture":false}]}]}]}`.
///
/// It is the cheapest way for a user to hand kseg real partition sizes: Kafka already
/// measured them. Future replicas (`isFuture`, a copy moving between log dirs) and log
/// dirs that report an error are skipped; the largest size over all replicas is kept.
public enum LogDirsDescribeJSON {
    public static func parse(_ bytes: [UInt8], source: String) throws -> PartitionSizes {
        let document = try KafkaToolOutput.firstJSONDocument(bytes, source: source)
        let fields = JSONFields(source: source)
        _ = try fields.object(document, "(document)")
        try fields.checkVersion(document)
        var sizes = PartitionSizes()
        guard let brokersValue = document["brokers"], brokersValue != .null else { return sizes }
        for (brokerIndex, broker) in try fields.array(brokersValue, "brokers").enumerated() {
            let brokerPath = "brokers[\(brokerIndex)]"
            _ = try fields.object(broker, brokerPath)
            guard let logDirsValue = broker["logDirs"], logDirsValue != .null else { continue }
            for (dirIndex, logDir) in try fields.array(logDirsValue, brokerPath + ".logDirs").enumerated() {
                let dirPath = "\(brokerPath).logDirs[\(dirIndex)]"
                _ = try fields.object(logDir, dirPath)
                if let error = logDir["error"], error != .null { continue }
                guard let partitionsValue = logDir["partitions"], partitionsValue != .null else { continue }
                for (index, replica) in try fields.array(partitionsValue, dirPath + ".partitions").enumerated() {
                    let path = "\(dirPath).partitions[\(index)]"
                    _ = try fields.object(replica, path)
                    if case .bool(true)? = replica["isFuture"] { continue }
                    let name = try fields.string(try fields.required(replica, "partition", path), path + ".partition")
                    guard let parsed = PartitionDirectoryName(name), parsed.isPlain else {
                        throw fields.fail(path + ".partition", "'\(name)' is not of the form <topic>-<partition>")
                    }
                    let topicPartition = TopicPartition(parsed.topic, parsed.partition)
                    let size = try fields.int64(try fields.required(replica, "size", path), path + ".size")
                    sizes.record(topicPartition, bytes: size)
                }
            }
        }
        return sizes
    }
}
