/// A growable byte buffer with value semantics by convention only (it is a class-backed, uniquely
/// owned scratch area). Used for decompression output, record building and output formatting, where
/// `[UInt8]`'s per-append checks and copy-on-write cost measurable throughput.
public struct ByteBuffer {
    @usableFromInline final class Storage {
        @usableFromInline var pointer: UnsafeMutableRawPointer
        @usableFromInline var capacity: Int
        @usableFromInline init(capacity: Int) {
            self.capacity = Swift.max(capacity, 64)
            self.pointer = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
        }
        deinit { pointer.deallocate() }
    }

    @usableFromInline var storage: Storage
    /// Number of valid bytes.
    public var count: Int

    public init(capacity: Int = 4096) {
        storage = Storage(capacity: capacity)
        count = 0
    }

    @inlinable public var capacity: Int { storage.capacity }
    @inlinable public var pointer: UnsafeMutableRawPointer { storage.pointer }
    @inlinable public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage.pointer, count: count) }

    @inlinable public mutating func removeAll() { count = 0 }

    /// Makes room for `additional` more bytes. Returns the pointer to the first free byte.
    @inlinable @inline(__always)
    public mutating func reserve(_ additional: Int) -> UnsafeMutableRawPointer {
        if count + additional > storage.capacity { grow(to: count + additional) }
        return storage.pointer + count
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        var newCapacity = storage.capacity
        while newCapacity < needed { newCapacity *= 2 }
        let fresh = Storage(capacity: newCapacity)
        fresh.pointer.copyMemory(from: storage.pointer, byteCount: count)
        storage = fresh
    }

    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        let p = reserve(1)
        p.storeBytes(of: byte, as: UInt8.self)
        count += 1
    }

    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let src = bytes.baseAddress, bytes.count > 0 else { return }
        let p = reserve(bytes.count)
        p.copyMemory(from: src, byteCount: bytes.count)
        count += bytes.count
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    @inlinable
    public mutating func append(_ string: StaticString) {
        append(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    @inlinable
    public mutating func append(_ string: String) {
        var s = string
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    @inlinable public mutating func appendInt16BE(_ v: Int16) { reserve(2).storeInt16BE(v, at: 0); count += 2 }
    @inlinable public mutating func appendInt32BE(_ v: Int32) { reserve(4).storeInt32BE(v, at: 0); count += 4 }
    @inlinable public mutating func appendUInt32BE(_ v: UInt32) { reserve(4).storeUInt32BE(v, at: 0); count += 4 }
    @inlinable public mutating func appendInt64BE(_ v: Int64) { reserve(8).storeInt64BE(v, at: 0); count += 8 }

    /// Appends `value` in decimal, as Java prints an `int`/`long`.
    @inlinable @inline(__always)
    public mutating func appendDecimal(_ value: Int64) {
        let p = reserve(20)
        if value >= 0 && value < 10 {
            p.storeBytes(of: UInt8(truncatingIfNeeded: value) &+ 48, as: UInt8.self)
            count += 1
            return
        }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0) // 24 bytes of scratch, filled from the end
        let written: Int = withUnsafeMutableBytes(of: &digits) { scratch in
            var i = 24
            repeat {
                i -= 1
                scratch[i] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 48
                magnitude /= 10
            } while magnitude != 0
            if value < 0 { i -= 1; scratch[i] = 45 }
            let n = 24 - i
            p.copyMemory(from: scratch.baseAddress! + i, byteCount: n)
            return n
        }
        count += written
    }

    @inlinable public mutating func appendDecimal(_ value: Int32) { appendDecimal(Int64(value)) }
    @inlinable public mutating func appendDecimal(_ value: Int16) { appendDecimal(Int64(value)) }
    @inlinable public mutating func appendDecimal(_ value: Int) { appendDecimal(Int64(value)) }
    @inlinable public mutating func appendDecimal(_ value: UInt32) { appendDecimal(Int64(value)) }

    @inlinable public mutating func appendBool(_ value: Bool) { value ? append("true") : append("false") }

    /// Overwrites 4 bytes at `offset` (for back-patching lengths and CRCs).
    @inlinable public mutating func setInt32BE(_ v: Int32, at offset: Int) { storage.pointer.storeInt32BE(v, at: offset) }
    @inlinable public mutating func setUInt32BE(_ v: UInt32, at offset: Int) { storage.pointer.storeUInt32BE(v, at: offset) }
    @inlinable public mutating func setInt64BE(_ v: Int64, at offset: Int) { storage.pointer.storeInt64BE(v, at: offset) }
    @inlinable public mutating func setInt16BE(_ v: Int16, at offset: Int) { storage.pointer.storeInt16BE(v, at: offset) }

    public func toArray() -> [UInt8] { Array(bytes) }
}
