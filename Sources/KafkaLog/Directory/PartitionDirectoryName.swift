/// A partition directory's name parsed as Kafka's `LocalLog.parseTopicPartitionName` does.
public struct PartitionDirectoryName: Equatable, Sendable {
    public var topic: String
    public var partition: Int32
    /// `-delete`, `-future`, `-stray`, or nil for a plain `<topic>-<partition>` directory.
    public var suffix: String?

    public static let specialSuffixes = ["-delete", "-future", "-stray"]

    public init(topic: String, partition: Int32, suffix: String? = nil) {
        self.topic = topic
        self.partition = partition
        self.suffix = suffix
    }

    /// nil when the name is not a partition directory name.
    public init?(_ name: String) {
        guard !name.isEmpty, name.contains("-") else { return nil }
        var stem = Substring(name)
        var suffix: String?
        if let special = Self.specialSuffixes.first(where: { name.hasSuffix($0) }) {
            guard let dot = stem.lastIndex(of: ".") else { return nil }
            let uniqueId = stem[stem.index(after: dot)..<stem.index(stem.endIndex, offsetBy: -special.count)]
            guard !uniqueId.isEmpty, !uniqueId.contains(where: \.isWhitespace) else { return nil }
            stem = stem[..<dot]
            suffix = special
        }
        guard let dash = stem.lastIndex(of: "-") else { return nil }
        let topic = stem[..<dash]
        let partitionText = stem[stem.index(after: dash)...]
        guard !topic.isEmpty, !partitionText.isEmpty, let partition = LogFileName.parseJavaInt(String(partitionText)) else { return nil }
        self.init(topic: String(topic), partition: partition, suffix: suffix)
    }

    public var isPlain: Bool { suffix == nil }
}
