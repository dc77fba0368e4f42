/// Reads Kafka's generated-message encodings (on-disk-format §9.1) exactly as Java does: the
/// `ByteBufferAccessor` over a `java.nio.ByteBuffer` that Kafka's generated readers call
/// (`clients/src/main/java/org/apache/kafka/common/protocol/{ByteBufferAccessor,Readable}.java`).
///
/// Every read fails where Java's fails and with Java's exception, so that the decoders can print
/// Kafka's error texts. Nothing is allocated from a length read from the data: byte arrays are
/// views into the input, checked against what remains first.
struct KafkaMessageReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    /// `readByte()`.
    mutating func readInt8() throws(JavaException) -> Int8 {
        guard remaining >= 1 else { throw .bufferUnderflow }
        defer { position += 1 }
        return Int8(bitPattern: bytes[position])
    }

    /// `readShort()`; also how a record's int16 version prefix is read (`buffer.getShort()`).
    mutating func readInt16() throws(JavaException) -> Int16 {
        Int16(bitPattern: try readFixed(UInt16.self))
    }

    /// `readUnsignedShort()`.
    mutating func readUInt16() throws(JavaException) -> UInt16 { try readFixed(UInt16.self) }

    /// `readInt()`.
    mutating func readInt32() throws(JavaException) -> Int32 {
        Int32(bitPattern: try readFixed(UInt32.self))
    }

    /// `readLong()`.
    mutating func readInt64() throws(JavaException) -> Int64 {
        Int64(bitPattern: try readFixed(UInt64.self))
    }

    /// `readUuid()`: two longs, most significant first; the 16 bytes as stored.
    mutating func readUUID() throws(JavaException) -> [UInt8] {
        // Java reads the halves one by one: 8 to 15 bytes left fail on the second.
        guard remaining >= 16 else { throw .bufferUnderflow }
        defer { position += 16 }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[position..<position + 16]))
    }

    /// `ByteUtils.readUnsignedVarint`: at most five bytes, the result a Java `int` (values from
    /// 2^31 up come out negative).
    mutating func readUnsignedVarint() throws(JavaException) -> Int32 {
        var result: Int32 = 0
        for shift in stride(from: Int32(0), through: 21, by: 7) {
            let b = Int32(try readInt8())
            if b >= 0 { return result | b << shift }
            result |= (b & 0x7F) << shift
        }
        let b = Int32(try readInt8())
        result |= b << 28
        if b < 0 {
            throw JavaException("java.lang.IllegalArgumentException",
                                "Varint is too long, the most significant bit in the 5th byte is set, converted value: "
                                    + String(UInt32(bitPattern: result), radix: 16))
        }
        return result
    }

    /// `readArray(size)` (also behind `readString`): the bytes, as a view into the input.
    mutating func readArray(_ size: Int32) throws(JavaException) -> UnsafeRawBufferPointer {
        if Int(size) > remaining {
            throw .runtime("Error reading byte array of \(size) byte(s): only \(remaining) byte(s) available")
        }
        // `new byte[size]` for a negative size (only reachable through a tagged field's size).
        if size < 0 { throw JavaException("java.lang.NegativeArraySizeException", String(size)) }
        defer { position += Int(size) }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(size)])
    }

    /// `readByteBuffer(length)`, used for `zeroCopy` bytes fields: `slice().limit(length)`.
    mutating func readByteBuffer(_ length: Int32) throws(JavaException) -> UnsafeRawBufferPointer {
        if Int(length) > remaining {
            throw JavaException("java.lang.IllegalArgumentException", "newLimit > capacity: (\(length) > \(remaining))")
        }
        return try readArray(length)
    }

    private mutating func readFixed<T: FixedWidthInteger>(_: T.Type) throws(JavaException) -> T {
        guard remaining >= MemoryLayout<T>.size else { throw .bufferUnderflow }
        defer { position += MemoryLayout<T>.size }
        return T(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
    }
}
