import KafkaRecords

/// One entry of a `.log` file as Kafka's file iterator sees it: a v2 record batch, or one legacy
/// v0/v1 message (for a compressed legacy entry, the wrapper). The bytes are a view into the caller's
/// mapping, valid until the iterator moves on.
public struct FileBatch {
    /// Byte position of the batch in its file.
    public let position: Int
    /// The whole batch (12-byte log overhead included).
    public let bytes: UnsafeRawBufferPointer

    public init(position: Int, bytes: UnsafeRawBufferPointer) {
        self.position = position
        self.bytes = bytes
    }

    public enum Format {
        case v2(RecordBatch)
        case legacy(LegacyEntry)
    }

    /// The magic byte as stored.
    @inlinable public var magic: Int8 { bytes.baseAddress!.int8(at: 16) }
    @inlinable public var sizeInBytes: Int { bytes.count }
    /// Offset field at byte 0: a v2 base offset, or a legacy entry's (last) offset.
    @inlinable public var offsetField: Int64 { bytes.baseAddress!.int64BE(at: 0) }

    /// Kafka's file iterator treats any magic ≥ 2 as v2; a v2 batch shorter than its 61-byte header
    /// cannot be read at all, so it is reported rather than viewed.
    public func format() throws -> Format {
        if magic >= 2 {
            guard bytes.count >= RecordFormat.recordBatchOverhead else {
                throw RecordsError.invalid("record batch size \(bytes.count) is smaller than the minimum allowed overhead (61)", at: 8)
            }
            return .v2(RecordBatch(bytes: bytes))
        }
        if magic < 0 { throw RecordsError.invalid("Invalid magic used in LegacyRecord: \(magic)", at: 16) }
        return .legacy(LegacyEntry(bytes: bytes))
    }

    /// Last offset of the batch (a legacy wrapper's offset is already its last inner offset).
    @inlinable public var lastOffset: Int64 {
        if magic >= 2 && bytes.count >= RecordFormat.recordBatchOverhead {
            return offsetField &+ Int64(bytes.baseAddress!.int32BE(at: 23))
        }
        return offsetField
    }

    /// Kafka's `baseOffset()`: the offset of the first record. For a v2 batch (and an uncompressed
    /// legacy message) it is in the header; for a legacy compressed wrapper it is the offset of the
    /// first inner message, which takes decompressing the wrapper.
    public func firstOffset(scratch: inout ByteBuffer, limits: DecompressionLimits = .default) throws -> Int64 {
        guard magic >= 0 && magic < 2, case .legacy(let entry) = try format(), entry.isCompressed else { return offsetField }
        var first: Int64?
        try entry.forEachRecord(scratch: &scratch, limits: limits) { record in
            if first == nil { first = record.offset }
        }
        return first ?? offsetField
    }

    /// The batch's max timestamp as Kafka's shallow view reports it (legacy: the entry's timestamp).
    @inlinable public var maxTimestamp: Int64 {
        if magic >= 2 { return bytes.count >= RecordFormat.recordBatchOverhead ? bytes.baseAddress!.int64BE(at: 35) : -1 }
        if magic == 1 && bytes.count >= 26 { return bytes.baseAddress!.int64BE(at: 18) }
        return RecordFormat.noTimestamp
    }

    /// Kafka's shallow validity check: v2 CRC-32C (and size ≥ 61), legacy CRC-32 of the message.
    public var isValid: Bool {
        switch try? format() {
        case .v2(let batch): return batch.isValid
        case .legacy(let entry): return entry.isValid
        case nil: return false
        }
    }

    /// Visits the batch's records (deep iteration), decompressing into `scratch` when needed.
    public func forEachRecord(scratch: inout ByteBuffer, limits: DecompressionLimits = .default,
                              _ body: (borrowing Record) throws -> Void) throws {
        switch try format() {
        case .v2(let batch): try batch.forEachRecord(scratch: &scratch, limits: limits, body)
        case .legacy(let entry): try entry.forEachRecord(scratch: &scratch, limits: limits, body)
        }
    }
}
