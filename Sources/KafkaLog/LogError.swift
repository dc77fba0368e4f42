import KafkaRecords

/// Errors of the storage engine. Each names the file and, where it applies, the byte position.
public enum LogError: Error, CustomStringConvertible {
    /// A system call failed (open, read, mmap, rename, …).
    case io(path: String, operation: String, errno: Int32)
    /// Bytes in a file are not what Kafka's format allows.
    case corrupt(path: String, position: Int, reason: String)
    /// A record-level problem inside a batch: `batchPosition` is the batch's position in the file.
    case corruptRecords(path: String, batchPosition: Int, cause: RecordsError)
    /// A file or directory name does not follow Kafka's naming rules.
    case badName(path: String, reason: String)
    /// Another process (a broker) holds the log directory's lock.
    case locked(path: String, detail: String)

    public var description: String {
        switch self {
        case let .io(path, operation, errno):
            return "\(path): \(operation) failed: \(systemErrorMessage(errno))"
        case let .corrupt(path, position, reason):
            return "\(path): at byte \(position): \(reason)"
        case let .corruptRecords(path, batchPosition, cause):
            return "\(path): in the batch at byte \(batchPosition): \(cause)"
        case let .badName(path, reason):
            return "\(path): \(reason)"
        case let .locked(path, detail):
            return "\(path): \(detail)"
        }
    }

    /// True for errors about the data itself (exit status 1), false for failures to run (exit status 2).
    public var isDataFinding: Bool {
        switch self {
        case .corrupt, .corruptRecords: return true
        case .io, .badName, .locked: return false
        }
    }
}
