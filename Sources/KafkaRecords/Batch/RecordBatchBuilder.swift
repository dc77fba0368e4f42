/// Writes one magic-2 record batch as Kafka's `MemoryRecordsBuilder` does (on-disk-format §3.11):
/// minimal varints, timestamp deltas against the base timestamp (or the delete horizon), the records
/// section compressed as a whole, CRC-32C over bytes 21 to the end.
///
/// A reusable builder: `begin` a batch, `append` its records in offset order, `build` it into an
/// output buffer. The scratch buffers live as long as the builder, so rebuilding batch after batch
/// allocates nothing.
public final class RecordBatchBuilder {
    /// Everything of a batch header that is not derived from its records.
    public struct Header: Sendable {
        public var baseOffset: Int64
        /// The original `lastOffsetDelta`; the cleaner keeps it even when the last record is gone, so
        /// that the producer's last sequence number survives. `nil`: the last appended record's.
        public var lastOffsetDelta: Int32?
        public var partitionLeaderEpoch: Int32
        public var codec: CompressionCodec
        /// `.createTime` or `.logAppendTime`.
        public var timestampType: TimestampType
        public var isTransactional: Bool
        public var isControl: Bool
        public var producerId: Int64
        public var producerEpoch: Int16
        public var baseSequence: Int32
        /// KIP-534: stored in `baseTimestamp` with attribute bit 6 when set.
        public var deleteHorizonMs: Int64?
        /// LogAppendTime batches: the append time, which becomes `maxTimestamp`.
        public var logAppendTime: Int64

        public init(baseOffset: Int64, lastOffsetDelta: Int32? = nil, partitionLeaderEpoch: Int32 = RecordFormat.noPartitionLeaderEpoch,
                    codec: CompressionCodec = .none, timestampType: TimestampType = .createTime,
                    isTransactional: Bool = false, isControl: Bool = false,
                    producerId: Int64 = RecordFormat.noProducerId, producerEpoch: Int16 = RecordFormat.noProducerEpoch,
                    baseSequence: Int32 = RecordFormat.noSequence, deleteHorizonMs: Int64? = nil,
                    logAppendTime: Int64 = RecordFormat.noTimestamp) {
            self.baseOffset = baseOffset
            self.lastOffsetDelta = lastOffsetDelta
            self.partitionLeaderEpoch = partitionLeaderEpoch
            self.codec = codec
            self.timestampType = timestampType
            self.isTransactional = isTransactional
            self.isControl = isControl
            self.producerId = producerId
            self.producerEpoch = producerEpoch
            self.baseSequence = baseSequence
            self.deleteHorizonMs = deleteHorizonMs
            self.logAppendTime = logAppendTime
        }

        /// The header fields of an existing batch (its delete horizon included).
        public init(of batch: RecordBatch) {
            self.init(baseOffset: batch.baseOffset, lastOffsetDelta: batch.lastOffsetDelta, partitionLeaderEpoch: batch.partitionLeaderEpoch,
                      codec: batch.compressionCodec ?? .none, timestampType: batch.timestampType,
                      isTransactional: batch.isTransactional, isControl: batch.isControl,
                      producerId: batch.producerId, producerEpoch: batch.producerEpoch, baseSequence: batch.baseSequence,
                      deleteHorizonMs: batch.deleteHorizonMs,
                      logAppendTime: batch.timestampType == .logAppendTime ? batch.maxTimestamp : RecordFormat.noTimestamp)
        }

        /// Attribute bits 0–6 (Kafka's `computeAttributes`).
        public var attributes: Int16 {
            var value = Int16(codec.rawValue)
            if timestampType == .logAppendTime { value |= 0x08 }
            if isTransactional { value |= 0x10 }
            if isControl { value |= 0x20 }
            if deleteHorizonMs != nil { value |= 0x40 }
            return value
        }
    }

    private var header = Header(baseOffset: 0)
    private var records = ByteBuffer(capacity: 1 << 16)
    private var count: Int32 = 0
    private var baseTimestamp: Int64?
    private var maxTimestamp = RecordFormat.noTimestamp
    private var lastOffset: Int64?

    public init() {}

    /// Number of records appended since `begin`.
    public var recordCount: Int { Int(count) }

    /// Starts a new batch; anything appended before is discarded.
    public func begin(_ header: Header) {
        self.header = header
        records.removeAll()
        count = 0
        baseTimestamp = header.deleteHorizonMs
        maxTimestamp = RecordFormat.noTimestamp
        lastOffset = nil
    }

    /// Appends one record (Kafka's `DefaultRecord.writeTo`). `headers` is an already encoded header
    /// section of `headerCount` headers, copied as is. Offsets must increase.
    public func append(offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
                       headerCount: Int, headers: UnsafeRawBufferPointer) {
        precondition(lastOffset.map { offset > $0 } ?? true, "offsets must increase within a batch")
        let base = baseTimestamp ?? timestamp
        baseTimestamp = base
        let offsetDelta = Int32(truncatingIfNeeded: offset - header.baseOffset)
        let timestampDelta = timestamp &- base
        var bodyLength = 1 + Varint.size(of: timestampDelta) + Varint.size(of: offsetDelta)
        bodyLength += key.map { Varint.size(of: Int32($0.count)) + $0.count } ?? 1
        bodyLength += value.map { Varint.size(of: Int32($0.count)) + $0.count } ?? 1
        bodyLength += Varint.size(of: Int32(headerCount)) + headers.count
        _ = records.reserve(bodyLength + 5)
        Varint.append(Int32(bodyLength), to: &records)
        records.append(UInt8(0))
        Varint.append(timestampDelta, to: &records)
        Varint.append(offsetDelta, to: &records)
        if let key {
            Varint.append(Int32(key.count), to: &records)
            records.append(key)
        } else {
            Varint.append(Int32(-1), to: &records)
        }
        if let value {
            Varint.append(Int32(value.count), to: &records)
            records.append(value)
        } else {
            Varint.append(Int32(-1), to: &records)
        }
        Varint.append(Int32(headerCount), to: &records)
        records.append(headers)
        count += 1
        lastOffset = offset
        if timestamp > maxTimestamp { maxTimestamp = timestamp }
    }

    /// Appends a decoded record with its key, value, headers and (effective) timestamp.
    public func append(_ record: borrowing Record) {
        append(offset: record.offset, timestamp: record.timestamp, key: record.key, value: record.value,
               headerCount: record.headerCount, headers: record.headerBytes)
    }

    /// Appends the finished batch to `output`.
    public func build(into output: inout ByteBuffer, compressor: Compressor) throws {
        let start = output.count
        let lastDelta = header.lastOffsetDelta ?? Int32(truncatingIfNeeded: (lastOffset ?? header.baseOffset) - header.baseOffset)
        Self.appendHeader(header, lastOffsetDelta: lastDelta, baseTimestamp: baseTimestamp ?? RecordFormat.noTimestamp,
                          maxTimestamp: header.timestampType == .logAppendTime ? header.logAppendTime : maxTimestamp,
                          count: count, into: &output)
        try compressor.compress(records.bytes, codec: header.codec, magic: 2, into: &output)
        RecordBatchBuilder.seal(&output, batchStart: start)
    }

    /// Kafka's `writeEmptyHeader`: the 61-byte batch the cleaner keeps when every record is gone but
    /// the batch must stay (the producer's last sequence, or the end of the cleaned range). No codec,
    /// no delete horizon, base timestamp −1, the original max timestamp.
    public static func appendEmptyBatch(of batch: RecordBatch, into output: inout ByteBuffer) {
        let start = output.count
        var header = Header(of: batch)
        header.codec = .none
        header.deleteHorizonMs = nil
        appendHeader(header, lastOffsetDelta: batch.lastOffsetDelta, baseTimestamp: RecordFormat.noTimestamp,
                     maxTimestamp: batch.maxTimestamp, count: 0, into: &output)
        seal(&output, batchStart: start)
    }

    /// The 61-byte batch header, with the length and CRC left zero for `seal`.
    private static func appendHeader(_ header: Header, lastOffsetDelta: Int32, baseTimestamp: Int64, maxTimestamp: Int64,
                                     count: Int32, into output: inout ByteBuffer) {
        output.appendInt64BE(header.baseOffset)
        output.appendInt32BE(0) // length, patched by `seal`
        output.appendInt32BE(header.partitionLeaderEpoch)
        output.append(UInt8(2))
        output.appendUInt32BE(0) // crc, patched by `seal`
        output.appendInt16BE(header.attributes)
        output.appendInt32BE(lastOffsetDelta)
        output.appendInt64BE(baseTimestamp)
        output.appendInt64BE(maxTimestamp)
        output.appendInt64BE(header.producerId)
        output.appendInt16BE(header.producerEpoch)
        output.appendInt32BE(header.baseSequence)
        output.appendInt32BE(count)
    }

    /// Fills in the length field and the CRC-32C of the batch that starts at `batchStart`.
    static func seal(_ output: inout ByteBuffer, batchStart start: Int) {
        output.setInt32BE(Int32(output.count - start - RecordFormat.logOverhead), at: start + 8)
        let crc = CRC.crc32c(UnsafeRawBufferPointer(start: output.pointer + start + 21, count: output.count - start - 21))
        output.setUInt32BE(crc, at: start + 17)
    }
}
