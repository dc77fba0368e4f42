/// Changes one partition's entry of a log directory's offset checkpoint file the way Kafka writes
/// checkpoints (maintenance §0.4): read the whole file, change that entry (keeping every other entry
/// and the order as they are), write `<name>.tmp`, fsync it, rename it over the file, fsync the
/// directory. A crash leaves either the old file or the new one.
extension OffsetCheckpointFile {
    /// The entries of `<logDirectory>/<name>`; none if the file does not exist.
    public static func read(logDirectory: String, name: String) throws -> [TopicPartitionOffset] {
        let path = FileSystem.join(logDirectory, name)
        guard FileSystem.exists(path) else { return [] }
        do {
            return try parse(try ReadOnlyFile(path: path).readAll())
        } catch let failure as CheckpointText.Failure {
            throw LogError.corrupt(path: path, position: 0, reason: "unreadable checkpoint: \(failure)")
        }
    }

    /// The entry of one partition, if the file has one.
    public static func offset(logDirectory: String, name: String, topic: String, partition: Int32) throws -> Int64? {
        try read(logDirectory: logDirectory, name: name).last { $0.topic == topic && $0.partition == partition }?.offset
    }

    /// Sets (or, with nil, removes) one partition's entry. Refuses to touch a file it cannot parse,
    /// so that other partitions' entries are never lost.
    public static func update(logDirectory: String, name: String, topic: String, partition: Int32, offset: Int64?) throws {
        let existing = try read(logDirectory: logDirectory, name: name)
        let matches = { (entry: TopicPartitionOffset) in entry.topic == topic && entry.partition == partition }
        guard offset != nil || existing.contains(where: matches) else { return }
        // The partition's entry stays where it was (a new one goes last); duplicates are dropped.
        var entries: [TopicPartitionOffset] = []
        var placed = false
        for entry in existing {
            guard matches(entry) else { entries.append(entry); continue }
            if !placed, let offset { entries.append(TopicPartitionOffset(topic: topic, partition: partition, offset: offset)) }
            placed = true
        }
        if !placed, let offset { entries.append(TopicPartitionOffset(topic: topic, partition: partition, offset: offset)) }
        try AtomicFile.write(serialize(entries), to: FileSystem.join(logDirectory, name), temporarySuffix: ".tmp")
    }
}
