import KafkaRecords

/// Kafka's `LogSegment.recover` for one segment (dump-and-index §13.1): walks the batches, validates
/// each one as Kafka's recovery does, and computes the indexes Kafka would rebuild and the point at
/// which Kafka would truncate. Reads only; callers decide what to write.
public struct SegmentRecovery {
    /// Bytes of valid batches from the start of the file; Kafka truncates the log to this length.
    public var validBytes = 0
    /// The file's size when it was read.
    public var fileSize = 0
    public var indexes: IndexBuilder
    /// Aborted transactions completed in this segment (the `.txnindex` entries).
    public var abortedTransactions: [AbortedTransaction] = []
    /// ABORT markers with no open transaction of their producer (see `TransactionTracker.AbortOutcome`).
    public var abortMarkersWithoutData: [AbortMarker] = []

    public struct AbortMarker: Equatable, Sendable {
        public var producerId: Int64
        public var offset: Int64
    }
    /// Number of valid batches and the last offset among them.
    public var batchCount = 0
    public var lastOffset: Int64?
    /// First offset of the first valid batch (v2 base offset; legacy entry offset).
    public var firstOffset: Int64?
    /// Why the walk stopped before the end of the file (nil when every byte is a valid batch).
    public var invalidTail: InvalidTail?

    public struct InvalidTail: Equatable {
        public var position: Int
        public var reason: String
    }

    /// Bytes Kafka's recovery would remove.
    public var truncatedBytes: Int { fileSize - validBytes }

    /// Recovers `segment` with the partition's `index.interval.bytes` / `segment.index.bytes`,
    /// continuing the transaction state in `transactions` (state at the segment's base offset).
    /// `observe` sees every valid batch in order, so that checkers need no second pass over the log.
    public static func run(segment: SegmentFiles, indexIntervalBytes: Int = 4096, maxIndexSize: Int = 10_485_760,
                           transactions: inout TransactionTracker, scratch: inout ByteBuffer,
                           observe: (FileBatch) -> Void = { _ in }) throws -> SegmentRecovery {
        var result = SegmentRecovery(indexes: IndexBuilder(baseOffset: segment.baseOffset, indexIntervalBytes: indexIntervalBytes,
                                                           maxIndexSize: maxIndexSize))
        let file = try MappedFile(path: segment.log)
        result.fileSize = file.size
        var iterator = LogBatchIterator(file: file)
        walk: while true {
            let batch: FileBatch
            do {
                guard let next = try iterator.next() else { break }
                batch = next
            } catch let error as LogError {
                if case .corrupt(_, let position, let reason) = error {
                    result.invalidTail = InvalidTail(position: position, reason: reason)
                    break walk
                }
                throw error
            }
            if let reason = Self.validationFailure(batch) {
                result.invalidTail = InvalidTail(position: batch.position, reason: reason)
                break
            }
            let lastOffset = batch.lastOffset
            if IndexBuilder.relativeOffset(lastOffset, base: segment.baseOffset) == nil {
                throw LogError.corrupt(path: segment.log, position: batch.position,
                                       reason: "batch last offset \(lastOffset) cannot be stored relative to base offset \(segment.baseOffset) (offset overflow: Kafka splits such segments)")
            }
            do {
                try result.indexes.append(batch: batch, at: result.validBytes)
            } catch {
                throw LogError.corrupt(path: segment.log, position: batch.position, reason: error.description)
            }
            observe(batch)
            result.validBytes += batch.sizeInBytes
            result.batchCount += 1
            result.lastOffset = lastOffset
            if result.firstOffset == nil { result.firstOffset = batch.magic >= 2 ? batch.offsetField : lastOffset }
            if batch.magic >= 2 {
                do {
                    switch try transactions.apply(RecordBatch(bytes: batch.bytes), scratch: &scratch) {
                    case .aborted(let aborted)?: result.abortedTransactions.append(aborted)
                    case let .abortWithoutData(producerId, markerOffset)?:
                        result.abortMarkersWithoutData.append(AbortMarker(producerId: producerId, offset: markerOffset))
                    case nil: break
                    }
                } catch {
                    // Kafka ends recovery here, with this batch already counted as valid.
                    result.invalidTail = InvalidTail(position: iterator.position, reason: "invalid control record in the batch at byte \(batch.position): \(error)")
                    break
                }
            }
        }
        if result.invalidTail == nil, case .truncatedBatch(let declared, let available)? = iterator.stop {
            result.invalidTail = InvalidTail(position: iterator.position,
                                             reason: "incomplete batch: declares \(declared) bytes, \(available) remain")
        } else if result.invalidTail == nil, case .shortTail(let bytes)? = iterator.stop {
            result.invalidTail = InvalidTail(position: iterator.position, reason: "\(bytes) trailing bytes, too short for a batch header")
        }
        do { try result.indexes.finish() } catch {
            throw LogError.corrupt(path: segment.log, position: result.validBytes, reason: error.description)
        }
        return result
    }

    /// Kafka's recovery check of one batch: v2 needs a whole header and a matching CRC-32C; legacy
    /// messages a matching CRC-32 (inner messages of wrappers are not checked, as in Kafka).
    public static func validationFailure(_ batch: FileBatch) -> String? {
        if batch.magic >= 2 {
            guard batch.sizeInBytes >= RecordFormat.recordBatchOverhead else {
                return "record batch size \(batch.sizeInBytes) is smaller than the minimum allowed overhead (61)"
            }
            let b = RecordBatch(bytes: batch.bytes)
            let computed = b.computedCRC
            if computed != b.storedCRC {
                return "record batch is corrupt (stored crc = \(b.storedCRC), computed crc = \(computed))"
            }
            return nil
        }
        if batch.magic < 0 { return "invalid magic \(batch.magic)" }
        let e = LegacyEntry(bytes: batch.bytes)
        let computed = e.computedCRC
        if computed != e.storedCRC { return "message is corrupt (stored crc = \(e.storedCRC), computed crc = \(computed))" }
        return nil
    }
}
