/// A bounds-checked reader over untrusted bytes.
///
/// Every length and count read from disk passes through here, so a truncated or absurd value becomes a
/// `RecordsError` naming the byte position, never an out-of-bounds read or an allocation sized by it.
public struct ByteCursor {
    public let base: UnsafeRawPointer
    public let end: Int
    public var position: Int

    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        // An empty buffer may have no base address; point at a harmless static byte instead.
        self.base = bytes.baseAddress ?? ByteCursor.emptyBase
        self.end = bytes.count
        self.position = position
    }

    @usableFromInline static let emptyBase = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))

    @inlinable public var remaining: Int { end - position }

    @inlinable @inline(__always)
    public mutating func need(_ count: Int, _ what: StaticString) throws {
        if count > end - position {
            throw RecordsError.truncated(what: "\(what)", at: position, needed: count, available: end - position)
        }
    }

    @inlinable @inline(__always)
    public mutating func readInt8(_ what: StaticString = "int8") throws -> Int8 {
        try need(1, what); defer { position += 1 }; return base.int8(at: position)
    }
    @inlinable @inline(__always)
    public mutating func readInt16(_ what: StaticString = "int16") throws -> Int16 {
        try need(2, what); defer { position += 2 }; return base.int16BE(at: position)
    }
    @inlinable @inline(__always)
    public mutating func readUInt16(_ what: StaticString = "uint16") throws -> UInt16 {
        try need(2, what); defer { position += 2 }; return base.uint16BE(at: position)
    }
    @inlinable @inline(__always)
    public mutating func readInt32(_ what: StaticString = "int32") throws -> Int32 {
        try need(4, what); defer { position += 4 }; return base.int32BE(at: position)
    }
    @inlinable @inline(__always)
    public mutating func readUInt32(_ what: StaticString = "uint32") throws -> UInt32 {
        try need(4, what); defer { position += 4 }; return base.uint32BE(at: position)
    }
    @inlinable @inline(__always)
    public mutating func readInt64(_ what: StaticString = "int64") throws -> Int64 {
        try need(8, what); defer { position += 8 }; return base.int64BE(at: position)
    }

    /// `count` raw bytes as a view into the underlying buffer (no copy).
    @inlinable @inline(__always)
    public mutating func readBytes(_ count: Int, _ what: StaticString = "bytes") throws -> UnsafeRawBufferPointer {
        if count < 0 { throw RecordsError.invalid("negative length \(count) for \(what)", at: position) }
        try need(count, what)
        defer { position += count }
        return UnsafeRawBufferPointer(start: base + position, count: count)
    }

    /// Unsigned LEB128 of at most 5 bytes (Kafka's `readUnsignedVarint`): a 5th byte with the
    /// continuation bit set is an error; high bits of the 5th byte are dropped, as Kafka does.
    @inlinable @inline(__always)
    public mutating func readUnsignedVarint(_ what: StaticString = "varint") throws -> UInt32 {
        // Fast path: one byte.
        if position < end {
            let first = base.uint8(at: position)
            if first & 0x80 == 0 { position += 1; return UInt32(first) }
        }
        var value: UInt32 = 0
        var shift: UInt32 = 0
        let start = position
        while true {
            guard position < end else {
                throw RecordsError.truncated(what: "\(what)", at: start, needed: position - start + 1, available: position - start)
            }
            let byte = base.uint8(at: position)
            position += 1
            value |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 28 { throw RecordsError.invalid("\(what) is longer than 5 bytes", at: start) }
        }
    }

    /// Unsigned LEB128 of at most 10 bytes.
    @inlinable
    public mutating func readUnsignedVarlong(_ what: StaticString = "varlong") throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard position < end else {
                throw RecordsError.truncated(what: "\(what)", at: start, needed: position - start + 1, available: position - start)
            }
            let byte = base.uint8(at: position)
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 63 { throw RecordsError.invalid("\(what) is longer than 10 bytes", at: start) }
        }
    }

    /// ZigZag varint (signed 32-bit).
    @inlinable @inline(__always)
    public mutating func readVarint(_ what: StaticString = "varint") throws -> Int32 {
        let raw = try readUnsignedVarint(what)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// ZigZag varlong (signed 64-bit).
    @inlinable @inline(__always)
    public mutating func readVarlong(_ what: StaticString = "varlong") throws -> Int64 {
        if position < end {
            let first = base.uint8(at: position)
            if first & 0x80 == 0 {
                position += 1
                let raw = UInt64(first)
                return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
            }
        }
        let raw = try readUnsignedVarlong(what)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }
}
