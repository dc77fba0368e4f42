/// Writes legacy (magic 0 and 1) entries as Kafka's `MemoryRecordsBuilder` does (on-disk-format §4):
/// with a codec, one compressed *wrapper* whose value is the compressed inner message set; without,
/// one uncompressed entry per record.
///
/// Wrapper rules: the wrapper's offset is the absolute offset of its last inner message; inner offsets
/// are relative to the first appended record for magic 1 and absolute for magic 0; a magic-1 wrapper
/// carries the largest inner timestamp (CreateTime) or the append time (LogAppendTime, which is also
/// written into every inner message with attribute bit 3).
public final class LegacyEntryBuilder {
    public private(set) var magic: Int8 = 1
    public private(set) var codec: CompressionCodec = .none
    private var logAppendTime: Int64?
    private var inner = ByteBuffer(capacity: 1 << 16)
    private var compressed = ByteBuffer(capacity: 1 << 16)
    private var firstOffset: Int64?
    private var lastOffset: Int64 = -1
    private var maxTimestamp = RecordFormat.noTimestamp
    public private(set) var recordCount = 0

    public init() {}

    /// Starts a new entry (or run of entries). `logAppendTime` is set for magic-1 LogAppendTime data.
    public func begin(magic: Int8, codec: CompressionCodec, logAppendTime: Int64? = nil) {
        precondition(magic == 0 || magic == 1, "legacy magic is 0 or 1")
        self.magic = magic
        self.codec = codec
        self.logAppendTime = magic >= 1 ? logAppendTime : nil
        inner.removeAll()
        firstOffset = nil
        lastOffset = -1
        maxTimestamp = RecordFormat.noTimestamp
        recordCount = 0
    }

    /// Appends one message. Offsets must increase.
    public func append(offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) {
        precondition(offset > lastOffset || recordCount == 0, "offsets must increase")
        let first = firstOffset ?? offset
        firstOffset = first
        let effectiveTimestamp = logAppendTime ?? timestamp
        let storedOffset = codec != .none && magic >= 1 ? offset - first : offset
        Self.appendMessage(to: &inner, offset: storedOffset, magic: magic,
                           attributes: logAppendTime != nil ? 0x08 : 0, timestamp: effectiveTimestamp, key: key, value: value)
        lastOffset = offset
        recordCount += 1
        if magic >= 1 && effectiveTimestamp > maxTimestamp { maxTimestamp = effectiveTimestamp }
    }

    public func append(_ record: borrowing Record) {
        append(offset: record.offset, timestamp: record.timestamp, key: record.key, value: record.value)
    }

    /// Appends the finished entry (or, uncompressed, the entries) to `output`.
    public func build(into output: inout ByteBuffer, compressor: Compressor) throws {
        guard codec != .none else {
            output.append(inner.bytes)
            return
        }
        precondition(recordCount > 0, "a compressed wrapper holds at least one message")
        compressed.removeAll()
        try compressor.compress(inner.bytes, codec: codec, magic: magic, into: &compressed)
        var attributes = codec.rawValue
        if logAppendTime != nil { attributes |= 0x08 }
        let wrapperTimestamp = logAppendTime ?? maxTimestamp
        Self.appendMessage(to: &output, offset: lastOffset, magic: magic, attributes: attributes,
                           timestamp: wrapperTimestamp, key: nil, value: compressed.bytes)
    }

    /// One entry: `offset | size | crc | magic | attributes | [timestamp] | key | value`, CRC-32 over
    /// magic to the end (Kafka's `LegacyRecord.write`).
    static func appendMessage(to output: inout ByteBuffer, offset: Int64, magic: Int8, attributes: UInt8, timestamp: Int64,
                              key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) {
        let start = output.count
        output.appendInt64BE(offset)
        output.appendInt32BE(0)
        output.appendUInt32BE(0)
        output.append(UInt8(bitPattern: magic))
        output.append(magic >= 1 ? attributes : attributes & 0x07)
        if magic >= 1 { output.appendInt64BE(timestamp) }
        if let key {
            output.appendInt32BE(Int32(key.count))
            output.append(key)
        } else {
            output.appendInt32BE(-1)
        }
        if let value {
            output.appendInt32BE(Int32(value.count))
            output.append(value)
        } else {
            output.appendInt32BE(-1)
        }
        output.setInt32BE(Int32(output.count - start - RecordFormat.logOverhead), at: start + 8)
        let crc = CRC.crc32(UnsafeRawBufferPointer(start: output.pointer + start + 16, count: output.count - start - 16))
        output.setUInt32BE(crc, at: start + 12)
    }
}
