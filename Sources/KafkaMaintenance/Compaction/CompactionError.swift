import KafkaLog

/// Why a partition could not be compacted (beyond I/O and corrupt data, which are `LogError`s).
public enum CompactionError: Error, CustomStringConvertible {
    /// Kafka refuses to start a cleaner whose map cannot hold more than one key.
    case offsetMapTooSmall(bytes: Int, slots: Int)
    case outOfMemory(bytes: Int)
    /// Kafka's cleaner fails on this partition too (and marks it uncleanable).
    case kafkaCleanerWouldFail(path: String, position: Int, reason: String)
    /// A `.txnindex` does not list an abort the log shows: cleaning would keep aborted data.
    case transactionIndexIncomplete(path: String, producerId: Int64, markerOffset: Int64)

    public var description: String {
        switch self {
        case let .offsetMapTooSmall(bytes, slots):
            return "offset map is too small to fit in even a single message (\(bytes) bytes = \(slots) slots of 24 bytes); increase log.cleaner.dedupe.buffer.size or decrease log.cleaner.threads"
        case let .outOfMemory(bytes):
            return "cannot allocate the \(bytes)-byte offset map"
        case let .kafkaCleanerWouldFail(path, position, reason):
            return "\(path): at byte \(position): \(reason); Kafka's cleaner fails on this partition too"
        case let .transactionIndexIncomplete(path, producerId, markerOffset):
            return "\(path) lacks the aborted transaction of producer \(producerId) whose ABORT marker is at offset \(markerOffset); cleaning would treat its data as committed. Rebuild the indexes first (kseg rebuild-index --execute)"
        }
    }

    /// True for problems with the data (exit status 1), false for failures to run.
    public var isDataFinding: Bool {
        switch self {
        case .kafkaCleanerWouldFail, .transactionIndexIncomplete: return true
        case .offsetMapTooSmall, .outOfMemory: return false
        }
    }
}
