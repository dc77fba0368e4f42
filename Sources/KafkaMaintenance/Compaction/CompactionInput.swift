import KafkaLog
import KafkaRecords

/// The cleaner's rule for its input: every batch it reads must be whole and valid — the CRC Kafka's
/// recovery checks, and every record decodable — or the partition is refused before anything is
/// written (Kafka's cleaner marks such a partition uncleanable).
enum CompactionInput {
    /// A walk that stopped before the end of the file means a torn or garbage tail.
    static func checkTail(_ batches: LogBatchIterator, path: String) throws {
        switch batches.stop {
        case .truncatedBatch(let declared, let available)?:
            throw LogError.corrupt(path: path, position: batches.position,
                                   reason: "incomplete batch: declares \(declared) bytes, \(available) remain (a torn write; Kafka's recovery would truncate here)")
        case .shortTail(let bytes)?:
            throw LogError.corrupt(path: path, position: batches.position, reason: "\(bytes) trailing bytes, too short for a batch header")
        case .endOfRange?, nil:
            return
        }
    }
}
