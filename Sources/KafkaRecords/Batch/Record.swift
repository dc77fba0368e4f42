/// One decoded record of a v2 batch, or one legacy v0/v1 message, as a view into the batch's bytes
/// (or its decompressed records section). Valid only inside the `forEachRecord` callback.
public struct Record: ~Copyable {
    public let offset: Int64
    /// The effective timestamp (log-append time batches report the batch's max timestamp).
    public let timestamp: Int64
    /// `nil` when the key is null.
    public let key: UnsafeRawBufferPointer?
    /// `nil` when the value is null (a tombstone).
    public let value: UnsafeRawBufferPointer?
    /// Sequence number (−1 for non-idempotent batches and legacy messages).
    public let sequence: Int32
    /// Encoded size of the record (v2: varint length + body; legacy: the whole message entry).
    public let sizeInBytes: Int
    /// Header section as stored (count already validated); iterate with `forEachHeader`.
    public let headerCount: Int
    @usableFromInline let headerBytes: UnsafeRawBufferPointer
    /// Legacy messages only: stored CRC-32 and whether it matches.
    public let legacyCRC: UInt32?
    public let legacyIsValid: Bool
    /// The magic of the message itself: 2 for v2 records; for legacy inner messages their own magic,
    /// which old brokers could write different from the wrapper's (KAFKA-4298).
    public let magic: Int8

    public var keySize: Int { key?.count ?? -1 }
    public var valueSize: Int { value?.count ?? -1 }

    /// The header section exactly as stored (`headerCount` headers in Kafka's encoding), for writers
    /// that carry headers over unchanged.
    public var rawHeaders: UnsafeRawBufferPointer { headerBytes }

    /// Calls `body(key, value)` for each header; `value` is `nil` for a null header value.
    @inlinable
    public func forEachHeader(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws -> Void) rethrows {
        var cursor = ByteCursor(headerBytes)
        for _ in 0..<headerCount {
            // Already validated by `read`; `try!` cannot fire on the same bytes.
            let keyLength = Int(try! cursor.readVarint())
            let key = try! cursor.readBytes(keyLength)
            let valueLength = Int(try! cursor.readVarint())
            let value = valueLength < 0 ? nil : try! cursor.readBytes(valueLength)
            try body(key, value)
        }
    }

    @usableFromInline
    init(offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?, sequence: Int32,
         sizeInBytes: Int, headerCount: Int, headerBytes: UnsafeRawBufferPointer, legacyCRC: UInt32?, legacyIsValid: Bool,
         magic: Int8 = 2) {
        self.offset = offset
        self.timestamp = timestamp
        self.key = key
        self.value = value
        self.sequence = sequence
        self.sizeInBytes = sizeInBytes
        self.headerCount = headerCount
        self.headerBytes = headerBytes
        self.legacyCRC = legacyCRC
        self.legacyIsValid = legacyIsValid
        self.magic = magic
    }

    /// What a v2 record needs from its batch header, read once per batch.
    @usableFromInline
    struct BatchContext {
        let baseOffset: Int64
        let baseTimestamp: Int64
        let logAppendTime: Int64?
        let baseSequence: Int32

        init(batch: RecordBatch) {
            baseOffset = batch.baseOffset
            baseTimestamp = batch.baseTimestamp
            logAppendTime = batch.timestampType == .logAppendTime ? batch.maxTimestamp : nil
            baseSequence = batch.baseSequence
        }
    }

    /// Reads one v2 record (Kafka's `DefaultRecord.readFrom`).
    @inline(__always)
    static func read(from cursor: inout ByteCursor, context: BatchContext) throws -> Record {
        let start = cursor.position
        let bodyLength = Int(try cursor.readVarint("record length"))
        let bodyStart = cursor.position
        if bodyLength < 0 || bodyLength > cursor.remaining {
            throw RecordsError.invalid("record length \(bodyLength) exceeds the \(cursor.remaining) remaining bytes", at: start)
        }
        // Parse inside the body only: a record can never read its neighbour's bytes.
        var body = ByteCursor(UnsafeRawBufferPointer(start: cursor.base + bodyStart, count: bodyLength))
        let fields: (timestampDelta: Int64, offsetDelta: Int32, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
                     headerCount: Int, headersStart: Int)
        do {
            _ = try body.readInt8("record attributes")
            let timestampDelta = try body.readVarlong("timestamp delta")
            let offsetDelta = try body.readVarint("offset delta")
            let keyLength = Int(try body.readVarint("key length"))
            let key = keyLength < 0 ? nil : try body.readBytes(keyLength, "key")
            let valueLength = Int(try body.readVarint("value length"))
            let value = valueLength < 0 ? nil : try body.readBytes(valueLength, "value")
            let headerCount = Int(try body.readVarint("header count"))
            if headerCount < 0 || headerCount > body.remaining {
                throw RecordsError.invalid("Found invalid number of record headers \(headerCount)", at: body.position)
            }
            let headersStart = body.position
            for _ in 0..<headerCount {
                let headerKeyLength = Int(try body.readVarint("header key length"))
                if headerKeyLength < 0 { throw RecordsError.invalid("Invalid negative header key size \(headerKeyLength)", at: body.position) }
                _ = try body.readBytes(headerKeyLength, "header key")
                let headerValueLength = Int(try body.readVarint("header value length"))
                if headerValueLength >= 0 { _ = try body.readBytes(headerValueLength, "header value") }
            }
            fields = (timestampDelta, offsetDelta, key, value, headerCount, headersStart)
        } catch RecordsError.truncated(let what, let at, let needed, let available) {
            // Positions inside the body become positions in the records section.
            throw RecordsError.truncated(what: what, at: bodyStart + at, needed: needed, available: available)
        } catch RecordsError.invalid(let reason, let at) {
            throw RecordsError.invalid(reason, at: bodyStart + at)
        }
        if body.remaining != 0 {
            throw RecordsError.invalid("Invalid record size: expected to read \(bodyLength) bytes in record payload, but instead read \(body.position)", at: start)
        }
        cursor.position = bodyStart + bodyLength
        return Record(
            offset: context.baseOffset &+ Int64(fields.offsetDelta),
            timestamp: context.logAppendTime ?? (context.baseTimestamp &+ fields.timestampDelta),
            key: fields.key, value: fields.value,
            sequence: context.baseSequence < 0 ? RecordFormat.noSequence : RecordFormat.incrementSequence(context.baseSequence, by: fields.offsetDelta),
            sizeInBytes: bodyStart - start + bodyLength,
            headerCount: fields.headerCount,
            headerBytes: UnsafeRawBufferPointer(start: body.base + fields.headersStart, count: body.position - fields.headersStart),
            legacyCRC: nil, legacyIsValid: true)
    }
}
