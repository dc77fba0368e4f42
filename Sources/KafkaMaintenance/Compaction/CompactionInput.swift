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

    /// Checks the CRC of `batch` (v2: CRC-32C; legacy: CRC-32 of the wrapper).
    static func checkBatch(_ batch: FileBatch, path: String) throws {
        if let reason = SegmentRecovery.validationFailure(batch) {
            throw LogError.corrupt(path: path, position: batch.position, reason: reason)
        }
    }

    /// Wraps a record-level failure with the file and batch position.
    static func recordsError(_ error: Error, path: String, batch: FileBatch) -> Error {
        if let records = error as? RecordsError { return LogError.corruptRecords(path: path, batchPosition: batch.position, cause: records) }
        return error
    }
}
