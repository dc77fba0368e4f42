/// A zero-copy view of one magic-2 record batch (Kafka's `DefaultRecordBatch`).
///
/// The header is read in place; records are decoded only when asked (`forEachRecord`). The view does not
/// own its bytes: they belong to the caller's mapping or buffer and must outlive the view.
public struct RecordBatch {
    /// The whole batch, from `baseOffset` to the end of the records section.
    public let bytes: UnsafeRawBufferPointer

    @usableFromInline var p: UnsafeRawPointer { bytes.baseAddress! }

    /// `bytes` must hold at least the 61-byte header; the caller has checked the length field.
    @inlinable
    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= RecordFormat.recordBatchOverhead)
        self.bytes = bytes
    }

    @inlinable public var baseOffset: Int64 { p.int64BE(at: 0) }
    @inlinable public var length: Int32 { p.int32BE(at: 8) }
    @inlinable public var sizeInBytes: Int { bytes.count }
    @inlinable public var partitionLeaderEpoch: Int32 { p.int32BE(at: 12) }
    @inlinable public var magic: Int8 { p.int8(at: 16) }
    @inlinable public var storedCRC: UInt32 { p.uint32BE(at: 17) }
    /// Only the low byte of the int16 attributes is meaningful (Kafka truncates it to a byte).
    @inlinable public var attributes: UInt8 { p.uint8(at: 22) }
    @inlinable public var lastOffsetDelta: Int32 { p.int32BE(at: 23) }
    @inlinable public var baseTimestamp: Int64 { p.int64BE(at: 27) }
    @inlinable public var maxTimestamp: Int64 { p.int64BE(at: 35) }
    @inlinable public var producerId: Int64 { p.int64BE(at: 43) }
    @inlinable public var producerEpoch: Int16 { p.int16BE(at: 51) }
    @inlinable public var baseSequence: Int32 { p.int32BE(at: 53) }
    @inlinable public var recordsCount: Int32 { p.int32BE(at: 57) }

    @inlinable public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }
    @inlinable public var lastSequence: Int32 {
        let base = baseSequence
        return base == RecordFormat.noSequence ? RecordFormat.noSequence : RecordFormat.incrementSequence(base, by: lastOffsetDelta)
    }
    /// Codec id in attribute bits 0–2; ids 5–7 are invalid (`nil`).
    @inlinable public var compressionCodecId: UInt8 { attributes & 0x07 }
    @inlinable public var compressionCodec: CompressionCodec? { CompressionCodec(rawValue: compressionCodecId) }
    @inlinable public var timestampType: TimestampType { attributes & 0x08 != 0 ? .logAppendTime : .createTime }
    @inlinable public var isTransactional: Bool { attributes & 0x10 != 0 }
    @inlinable public var isControl: Bool { attributes & 0x20 != 0 }
    @inlinable public var hasDeleteHorizon: Bool { attributes & 0x40 != 0 }
    @inlinable public var deleteHorizonMs: Int64? { hasDeleteHorizon ? baseTimestamp : nil }
    @inlinable public var hasProducerId: Bool { producerId > RecordFormat.noProducerId }

    /// CRC-32C over [21, end), as Kafka computes it.
    @inlinable public var computedCRC: UInt32 {
        CRC.crc32c(UnsafeRawBufferPointer(rebasing: bytes[21...]))
    }

    /// Kafka's `isValid`: the batch is at least a header long and its CRC matches.
    @inlinable public var isValid: Bool { sizeInBytes >= RecordFormat.recordBatchOverhead && storedCRC == computedCRC }

    /// The records section as stored (compressed when a codec is set).
    @inlinable public var recordsSection: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[RecordFormat.recordBatchOverhead...])
    }

    /// Decodes every record in order, decompressing into `scratch` when needed.
    ///
    /// Follows Kafka's reader: exactly `recordsCount` records, each body exactly its declared length,
    /// nothing left over afterwards. Errors carry positions inside the (decompressed) records section.
    public func forEachRecord(
        scratch: inout ByteBuffer,
        limits: DecompressionLimits = .default,
        _ body: (borrowing Record) throws -> Void
    ) throws {
        let section = try records(scratch: &scratch, limits: limits)
        try forEachRecord(inSection: section, body)
    }

    /// The records section ready to decode: the stored bytes, or their decompression in `scratch`
    /// (valid until `scratch` changes). Empty for a batch with no records.
    public func records(scratch: inout ByteBuffer, limits: DecompressionLimits = .default) throws -> UnsafeRawBufferPointer {
        let count = recordsCount
        if count < 0 { throw RecordsError.invalid("negative records count \(count)", at: 57) }
        if count == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
        guard let codec = compressionCodec else {
            throw RecordsError.invalid("unknown compression type id \(compressionCodecId)", at: 21)
        }
        if codec == .none { return recordsSection }
        try Decompression.decompress(recordsSection, codec: codec, magic: 2, into: &scratch, limits: limits)
        return scratch.bytes
    }

    /// Decodes the records of a section `records(scratch:)` returned, so that a caller can walk them
    /// twice without decompressing twice.
    public func forEachRecord(inSection section: UnsafeRawBufferPointer, _ body: (borrowing Record) throws -> Void) throws {
        let count = recordsCount
        if count <= 0 { return }
        // Every record takes at least 7 bytes; a count beyond that cannot be honest.
        if Int(count) > section.count {
            throw RecordsError.invalid("records count \(count) exceeds the \(section.count) bytes of the records section", at: 57)
        }
        var cursor = ByteCursor(section)
        let context = Record.BatchContext(batch: self)
        for _ in 0..<count {
            let record = try Record.read(from: &cursor, context: context)
            try body(record)
        }
        if cursor.remaining != 0 {
            throw RecordsError.invalid("Incorrect declared batch size, records still remaining in file (\(cursor.remaining) bytes)", at: cursor.position)
        }
    }
}
