/// A zero-copy view of one legacy (magic 0 or 1) log entry: `offset | size | message`
/// (Kafka's `AbstractLegacyRecordBatch` / `LegacyRecord`). An uncompressed entry is one record; a
/// compressed entry is a *wrapper* whose value is a compressed sequence of inner entries.
public struct LegacyEntry {
    /// The whole entry including the 12-byte log overhead.
    public let bytes: UnsafeRawBufferPointer
    @usableFromInline var p: UnsafeRawPointer { bytes.baseAddress! }

    /// `bytes` must be at least `logOverhead + minRecordOverhead` long (checked by the caller's walk).
    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= RecordFormat.logOverhead + RecordFormat.minRecordOverhead)
        self.bytes = bytes
    }

    /// Entry offset; for a wrapper, the absolute offset of its last inner message.
    @inlinable public var offset: Int64 { p.int64BE(at: 0) }
    @inlinable public var sizeInBytes: Int { bytes.count }
    @inlinable public var storedCRC: UInt32 { p.uint32BE(at: 12) }
    @inlinable public var magic: Int8 { p.int8(at: 16) }
    @inlinable public var attributes: UInt8 { p.uint8(at: 17) }
    @inlinable public var compressionCodecId: UInt8 { attributes & 0x07 }
    @inlinable public var compressionCodec: CompressionCodec? { CompressionCodec(rawValue: compressionCodecId) }
    @inlinable public var isCompressed: Bool { compressionCodecId != 0 }

    /// v1: attribute bit 3 chooses the type; v0 has no timestamp.
    @inlinable public var timestampType: TimestampType {
        magic == 0 ? .noTimestamp : (attributes & 0x08 != 0 ? .logAppendTime : .createTime)
    }
    /// The stored timestamp, −1 for v0 (or for a v1 entry too short to hold one).
    @inlinable public var timestamp: Int64 {
        magic >= 1 && bytes.count >= 26 ? p.int64BE(at: 18) : RecordFormat.noTimestamp
    }

    /// CRC-32 over the message from the magic byte to its end, compared with the stored value.
    @inlinable public var computedCRC: UInt32 { CRC.crc32(UnsafeRawBufferPointer(rebasing: bytes[16...])) }
    @inlinable public var isValid: Bool { storedCRC == computedCRC }

    /// The message's key and value (`nil` = null), bounds-checked against the message.
    public func keyAndValue() throws -> (key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) {
        var cursor = ByteCursor(bytes, position: 18)
        if magic >= 1 { _ = try cursor.readInt64("timestamp") }
        let keyLength = Int(try cursor.readInt32("key length"))
        let key = keyLength < 0 ? nil : try cursor.readBytes(keyLength, "key")
        let valueLength = Int(try cursor.readInt32("value length"))
        let value = valueLength < 0 ? nil : try cursor.readBytes(valueLength, "value")
        return (key, value)
    }

    /// The entry itself as a record (uncompressed entries).
    func asRecord(offset: Int64, timestamp: Int64) throws -> Record {
        let (key, value) = try keyAndValue()
        return Record(offset: offset, timestamp: timestamp, key: key, value: value, sequence: RecordFormat.noSequence,
                      sizeInBytes: sizeInBytes, headerCount: 0, headerBytes: UnsafeRawBufferPointer(start: nil, count: 0),
                      legacyCRC: storedCRC, legacyIsValid: isValid, magic: magic)
    }

    /// Visits the records of this entry: itself when uncompressed, else its inner messages with
    /// absolute offsets and effective timestamps (Kafka's deep iteration, `DeepRecordsIterator`).
    public func forEachRecord(
        scratch: inout ByteBuffer,
        limits: DecompressionLimits = .default,
        _ body: (borrowing Record) throws -> Void
    ) throws {
        guard isCompressed else {
            try body(asRecord(offset: offset, timestamp: timestamp))
            return
        }
        guard let codec = compressionCodec, codec != .zstd else {
            throw RecordsError.invalid("Invalid wrapper compressionType \(compressionCodecId) for a magic \(magic) message", at: 17)
        }
        let (_, wrapped) = try keyAndValue()
        guard let wrapped else { throw RecordsError.invalid("Found invalid compressed record set with null value", at: 12) }
        try Decompression.decompress(wrapped, codec: codec, magic: magic, into: &scratch, limits: limits)
        let inner = scratch.bytes

        // First pass: find the inner entries (their positions), so that v1 relative offsets can be
        // turned into absolute ones from the last entry, as Kafka does.
        var entries: [(position: Int, size: Int)] = []
        var position = 0
        while inner.count - position >= RecordFormat.logOverhead {
            let size = Int(inner.baseAddress!.int32BE(at: position + 8))
            if size < RecordFormat.minRecordOverhead {
                throw RecordsError.invalid("inner message size \(size) is smaller than the minimum record overhead (14)", at: position)
            }
            // Kafka silently stops at a truncated final inner entry.
            if size > inner.count - position - RecordFormat.logOverhead { break }
            entries.append((position, RecordFormat.logOverhead + size))
            position += RecordFormat.logOverhead + size
        }
        guard let last = entries.last else {
            throw RecordsError.invalid("Found invalid compressed record set with no inner records", at: 12)
        }
        let wrapperOffset = offset
        let lastStored = inner.baseAddress!.int64BE(at: last.position)
        var absoluteBase: Int64 = 0
        if magic >= 1 && wrapperOffset != 0 {
            if wrapperOffset < lastStored {
                throw RecordsError.invalid("Found invalid wrapper offset \(wrapperOffset) below the last inner relative offset \(lastStored)", at: 0)
            }
            // Java `long` arithmetic: a negative last inner offset wraps as in Kafka's DeepRecordsIterator.
            absoluteBase = wrapperOffset &- lastStored
        }
        let wrapperLogAppendTime = timestampType == .logAppendTime ? timestamp : nil
        for entry in entries {
            let innerEntry = LegacyEntry(bytes: UnsafeRawBufferPointer(rebasing: inner[entry.position..<(entry.position + entry.size)]))
            if innerEntry.isCompressed {
                throw RecordsError.invalid("Inner messages must not be compressed", at: entry.position)
            }
            let stored = innerEntry.offset
            let absolute = magic >= 1 ? absoluteBase &+ stored : stored
            let innerTimestamp = wrapperLogAppendTime ?? innerEntry.timestamp
            try body(innerEntry.asRecord(offset: absolute, timestamp: innerTimestamp))
        }
    }
}
