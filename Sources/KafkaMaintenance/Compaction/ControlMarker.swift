import KafkaRecords

/// The transaction marker a control batch holds (its first record, as Kafka reads it in
/// `ProducerAppendInfo.append` and `CleanedTransactionMetadata.onControlBatchRead`).
enum ControlMarker {
    /// The first control record's type and timestamp; nil for an empty control batch (one the cleaner
    /// already emptied) and for data batches. ABORT and COMMIT values are checked as Kafka's
    /// `EndTransactionMarker` does; a corrupt key or value throws.
    static func first(of batch: RecordBatch, scratch: inout ByteBuffer) throws -> (type: ControlRecordType, timestamp: Int64)? {
        guard batch.isControl, batch.recordsCount > 0 else { return nil }
        var result: (ControlRecordType, Int64)?
        var seen = false
        try batch.forEachRecord(scratch: &scratch) { record in
            guard !seen else { return }
            seen = true
            let type = try ControlRecordType.parse(key: record.key)
            if type == .abort || type == .commit { _ = try EndTransactionMarker.parse(type: type, value: record.value) }
            result = (type, record.timestamp)
        }
        return result
    }
}
