/// Big-endian loads and stores on raw memory.
///
/// Every fixed-width integer in Kafka's formats is big-endian and unaligned; these helpers are the one
/// place that knows it. They do no bounds checking: callers check lengths first (see `ByteCursor`).
extension UnsafeRawPointer {
    @inlinable @inline(__always)
    public func int8(at offset: Int) -> Int8 { load(fromByteOffset: offset, as: Int8.self) }
    @inlinable @inline(__always)
    public func uint8(at offset: Int) -> UInt8 { load(fromByteOffset: offset, as: UInt8.self) }
    @inlinable @inline(__always)
    public func int16BE(at offset: Int) -> Int16 { Int16(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int16.self)) }
    @inlinable @inline(__always)
    public func uint16BE(at offset: Int) -> UInt16 { UInt16(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    @inlinable @inline(__always)
    public func int32BE(at offset: Int) -> Int32 { Int32(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int32.self)) }
    @inlinable @inline(__always)
    public func uint32BE(at offset: Int) -> UInt32 { UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    @inlinable @inline(__always)
    public func int64BE(at offset: Int) -> Int64 { Int64(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int64.self)) }
    @inlinable @inline(__always)
    public func uint32LE(at offset: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
}

extension UnsafeMutableRawPointer {
    @inlinable @inline(__always)
    public func storeInt16BE(_ value: Int16, at offset: Int) { storeBytes(of: value.bigEndian, toByteOffset: offset, as: Int16.self) }
    @inlinable @inline(__always)
    public func storeInt32BE(_ value: Int32, at offset: Int) { storeBytes(of: value.bigEndian, toByteOffset: offset, as: Int32.self) }
    @inlinable @inline(__always)
    public func storeUInt32BE(_ value: UInt32, at offset: Int) { storeBytes(of: value.bigEndian, toByteOffset: offset, as: UInt32.self) }
    @inlinable @inline(__always)
    public func storeInt64BE(_ value: Int64, at offset: Int) { storeBytes(of: value.bigEndian, toByteOffset: offset, as: Int64.self) }
}
