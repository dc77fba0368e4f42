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
        ByteBuffer.copy(from: src, to: p, count: bytes.count)
        count += bytes.count
    }

    /// memcpy, with short copies done inline: libc's memmove costs tens of cycles per call, and the
    /// dump makes a dozen short copies per record line.
    @inlinable @inline(__always)
    static func copy(from src: UnsafeRawPointer, to dst: UnsafeMutableRawPointer, count n: Int) {
        if n > 32 {
            dst.copyMemory(from: src, byteCount: n)
        } else if n >= 16 {
            let a = src.loadUnaligned(as: (UInt64, UInt64).self)
            let b = src.loadUnaligned(fromByteOffset: n - 16, as: (UInt64, UInt64).self)
            dst.storeBytes(of: a, as: (UInt64, UInt64).self)
            dst.storeBytes(of: b, toByteOffset: n - 16, as: (UInt64, UInt64).self)
        } else if n >= 8 {
            let a = src.loadUnaligned(as: UInt64.self)
            let b = src.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            dst.storeBytes(of: a, as: UInt64.self)
            dst.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            let a = src.loadUnaligned(as: UInt32.self)
            let b = src.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            dst.storeBytes(of: a, as: UInt32.self)
            dst.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
        } else {
            for i in 0..<n { dst.storeBytes(of: src.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        }
    }

    @inlinable
    public mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBytes { append($0) } }

    @inlinable @inline(__always)
    public mutating func append(_ string: StaticString) {
        append(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Appends a `String`'s UTF-8. (Named apart from `append(_: StaticString)` so that literals,
    /// which would otherwise prefer `String`, take the copy-free static path.)
    @inlinable
    public mutating func appendString(_ string: String) {
        var s = string
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    @inlinable public mutating func appendInt16BE(_ v: Int16) { reserve(2).storeInt16BE(v, at: 0); count += 2 }
    @inlinable public mutating func appendInt32BE(_ v: Int32) { reserve(4).storeInt32BE(v, at: 0); count += 4 }
    @inlinable public mutating func appendUInt32BE(_ v: UInt32) { reserve(4).storeUInt32BE(v, at: 0); count += 4 }
    @inlinable public mutating func appendInt64BE(_ v: Int64) { reserve(8).storeInt64BE(v, at: 0); count += 8 }

    /// "00" … "99": decimal formatting emits two digits per division.
    @usableFromInline static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    /// Appends `value` in decimal, as Java prints an `int`/`long`. Runs several times per dumped
    /// record line, so it converts two digits per division into a stack scratch and copies once.
    @inlinable @inline(__always)
    public mutating func appendDecimal(_ value: Int64) {
        let p = reserve(24)
        var magnitude = value.magnitude
        if magnitude < 10 && value >= 0 {
            p.storeBytes(of: UInt8(truncatingIfNeeded: magnitude) &+ 48, as: UInt8.self)
            count += 1
            return
        }
        let pairs = UnsafeRawPointer(ByteBuffer.digitPairs.utf8Start)
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let length: Int = withUnsafeMutableBytes(of: &scratch) { s in
            let base = s.baseAddress!
            var i = 24
            while magnitude >= 100 {
                let pair = Int(magnitude % 100)
                magnitude /= 100
                i -= 2
                base.storeBytes(of: pairs.loadUnaligned(fromByteOffset: 2 * pair, as: UInt16.self), toByteOffset: i, as: UInt16.self)
            }
            if magnitude >= 10 {
                i -= 2
                base.storeBytes(of: pairs.loadUnaligned(fromByteOffset: 2 * Int(magnitude), as: UInt16.self), toByteOffset: i, as: UInt16.self)
            } else {
                i -= 1
                base.storeBytes(of: UInt8(truncatingIfNeeded: magnitude) &+ 48, toByteOffset: i, as: UInt8.self)
            }
            if value < 0 {
                i -= 1
                base.storeBytes(of: 45, toByteOffset: i, as: UInt8.self)
            }
            ByteBuffer.copy(from: base + i, to: p, count: 24 - i)
            return 24 - i
        }
        count += length
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
