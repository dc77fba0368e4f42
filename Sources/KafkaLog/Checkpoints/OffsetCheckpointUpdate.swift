/// Reading and changing a log directory's offset checkpoint files the way Kafka writes them
/// (maintenance §0.4): read the whole file, change only the entries concerned (every other entry
/// and the order kept), write `<name>.tmp`, fsync it, rename it over the file, fsync the directory.
/// A crash leaves either the old file or the new one.
extension OffsetCheckpointFile {
    /// The entries of the file at `path`, nil when it does not exist. A file that does not parse is
    /// corruption at the byte where its bad line starts.
    public static func readIfPresent(_ path: String) throws -> [TopicPartitionOffset]? {
        guard FileSystem.exists(path) else { return nil }
        let bytes = try ReadOnlyFile(path: path).readAll(limit: 256 << 20)
        do {
            return try parse(bytes)
        } catch let failure as CheckpointText.Failure {
            throw LogError.corrupt(path: path, position: CheckpointText.byteOffset(ofLine: failure.line, in: bytes),
                                   reason: failure.description)
        }
    }

    /// The entries of `<logDirectory>/<name>`; none if the file does not exist.
    public static func read(logDirectory: String, name: String) throws -> [TopicPartitionOffset] {
        try readIfPresent(FileSystem.join(logDirectory, name)) ?? []
    }

    /// The entry of one partition, if the file has one (Kafka keeps the last of duplicate lines).
    public static func offset(logDirectory: String, name: String, topic: String, partition: Int32) throws -> Int64? {
        try read(logDirectory: logDirectory, name: name).last { $0.topic == topic && $0.partition == partition }?.offset
    }

    /// `entries` with `changes` applied: a changed entry stays where it was, a nil change removes
    /// it, a duplicate line of a changed partition is dropped, new entries go last in (topic,
    /// partition) order.
    public static func entries(_ entries: [TopicPartitionOffset], applying changes: [TopicPartitionKey: Int64?]) -> [TopicPartitionOffset] {
        var pending = changes
        var result: [TopicPartitionOffset] = []
        for entry in entries {
            let key = TopicPartitionKey(topic: entry.topic, partition: entry.partition)
            guard let change = pending[key] else { result.append(entry); continue }
            if let offset = change { result.append(TopicPartitionOffset(topic: entry.topic, partition: entry.partition, offset: offset)) }
            pending[key] = .some(nil)  // placed (or removed): later duplicates go
        }
        for (key, change) in pending.sorted(by: { ($0.key.topic, $0.key.partition) < ($1.key.topic, $1.key.partition) }) {
            guard let offset = change else { continue }
            result.append(TopicPartitionOffset(topic: key.topic, partition: key.partition, offset: offset))
        }
        return result
    }

    /// Applies `changes` to `<logDirectory>/<name>` (nil removes an entry). Refuses to touch a file
    /// it cannot parse, so that other partitions' entries are never lost. False when nothing changed.
    @discardableResult
    public static func update(logDirectory: String, name: String, changes: [TopicPartitionKey: Int64?]) throws -> Bool {
        let existing = try read(logDirectory: logDirectory, name: name)
        let updated = entries(existing, applying: changes)
        guard updated != existing else { return false }
        try AtomicFile.write(serialize(updated), to: FileSystem.join(logDirectory, name), temporarySuffix: ".tmp")
        return true
    }

    /// Sets (or, with nil, removes) one partition's entry.
    public static func update(logDirectory: String, name: String, topic: String, partition: Int32, offset: Int64?) throws {
        try update(logDirectory: logDirectory, name: name, changes: [TopicPartitionKey(topic: topic, partition: partition): offset])
    }
}

/// A topic partition, as checkpoint files name it.
public struct TopicPartitionKey: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
    public var description: String { "\(topic)-\(partition)" }
}

extension CheckpointText {
    /// The byte at which 1-based `line` starts (for errors that name a byte position).
    public static func byteOffset(ofLine line: Int, in bytes: [UInt8]) -> Int {
        var current = 1
        var i = 0
        while current < line && i < bytes.count {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) { current += 1 }
            i += 1
        }
        return i
    }
}
