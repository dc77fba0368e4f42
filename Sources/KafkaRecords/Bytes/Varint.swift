/// Writers' side of Kafka's variable-length integers (minimal encodings only, as Kafka writes them).
public enum Varint {
    @inlinable
    public static func zigZag(_ value: Int32) -> UInt32 { UInt32(bitPattern: (value << 1) ^ (value >> 31)) }
    @inlinable
    public static func zigZag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    @inlinable
    public static func sizeOfUnsigned(_ value: UInt64) -> Int {
        var v = value
        var size = 1
        while v >= 0x80 { v >>= 7; size += 1 }
        return size
    }

    /// Encoded size of a ZigZag varint / varlong.
    @inlinable public static func size(of value: Int32) -> Int { sizeOfUnsigned(UInt64(zigZag(value))) }
    @inlinable public static func size(of value: Int64) -> Int { sizeOfUnsigned(zigZag(value)) }

    /// Appends the unsigned LEB128 encoding of `value`.
    @inlinable
    public static func appendUnsigned(_ value: UInt64, to buffer: inout ByteBuffer) {
        var v = value
        while v >= 0x80 {
            buffer.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        buffer.append(UInt8(truncatingIfNeeded: v))
    }

    @inlinable public static func append(_ value: Int32, to buffer: inout ByteBuffer) { appendUnsigned(UInt64(zigZag(value)), to: &buffer) }
    @inlinable public static func append(_ value: Int64, to buffer: inout ByteBuffer) { appendUnsigned(zigZag(value), to: &buffer) }
}
