/// Kafka's `LeaderEpochFileCache` truncations of `leader-epoch-checkpoint` entries.
public enum LeaderEpochTruncation {
    /// `truncateFromStart`: epochs are kept in epoch order; the leading entries that start at or
    /// below the new log start offset go, and the last of them comes back re-based to start there.
    public static func truncatedFromStart(_ entries: [EpochEntry], startOffset: Int64) -> [EpochEntry] {
        var byEpoch: [Int32: EpochEntry] = [:]
        for entry in entries { byEpoch[entry.epoch] = entry }
        var sorted = byEpoch.values.sorted { $0.epoch < $1.epoch }
        var lastRemoved: EpochEntry?
        while let first = sorted.first, first.startOffset <= startOffset {
            lastRemoved = sorted.removeFirst()
        }
        if let lastRemoved { sorted.insert(EpochEntry(epoch: lastRemoved.epoch, startOffset: startOffset), at: 0) }
        return sorted
    }

    /// `truncateFromEnd`: after the log is truncated to `endOffset` (its new log end), every entry
    /// that starts at or above it goes.
    public static func truncatedFromEnd(_ entries: [EpochEntry], endOffset: Int64) -> [EpochEntry] {
        entries.filter { $0.startOffset < endOffset }
    }
}
