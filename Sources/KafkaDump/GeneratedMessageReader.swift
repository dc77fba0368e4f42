import KafkaRecords

/// Reads Kafka's generated-message field encodings (on-disk-format §9.1), flexible or not.
struct GeneratedMessageReader {
    var cursor: ByteCursor

    init(_ bytes: UnsafeRawBufferPointer) { cursor = ByteCursor(bytes) }

    var remaining: Int { cursor.remaining }

    mutating func int8() throws -> Int8 { try cursor.readInt8() }
    mutating func int16() throws -> Int16 { try cursor.readInt16() }
    mutating func uint16() throws -> UInt16 { try cursor.readUInt16() }
    mutating func int32() throws -> Int32 { try cursor.readInt32() }
    mutating func int64() throws -> Int64 { try cursor.readInt64() }

    /// A string; nil when null.
    mutating func string(flexible: Bool) throws -> String? {
        let length: Int
        if flexible {
            length = Int(try cursor.readUnsignedVarint("string length")) - 1
        } else {
            length = Int(try cursor.readInt16("string length"))
        }
        if length < 0 { return nil }
        if length > 32767 { throw RecordsError.invalid("string of \(length) bytes is longer than 32767", at: cursor.position) }
        return String(decoding: try cursor.readBytes(length, "string"), as: UTF8.self)
    }

    /// Bytes; nil when null.
    mutating func bytes(flexible: Bool) throws -> UnsafeRawBufferPointer? {
        let length = flexible ? Int(try cursor.readUnsignedVarint("bytes length")) - 1 : Int(try cursor.readInt32("bytes length"))
        if length < 0 { return nil }
        return try cursor.readBytes(length, "bytes")
    }

    /// An array's element count; nil when null. Rejects counts beyond the remaining bytes.
    mutating func arrayCount(flexible: Bool) throws -> Int? {
        let count = flexible ? Int(try cursor.readUnsignedVarint("array length")) - 1 : Int(try cursor.readInt32("array length"))
        if count < 0 { return nil }
        if count > cursor.remaining {
            throw RecordsError.invalid("Tried to allocate a collection of size \(count), but there are only \(cursor.remaining) bytes remaining.", at: cursor.position)
        }
        return count
    }

    mutating func uuid() throws -> [UInt8] { Array(try cursor.readBytes(16, "uuid")) }

    mutating func skipTaggedFields() throws {
        let count = try cursor.readUnsignedVarint("tagged field count")
        for _ in 0..<count {
            _ = try cursor.readUnsignedVarint("tag")
            let size = Int(try cursor.readUnsignedVarint("tagged field size"))
            _ = try cursor.readBytes(size, "tagged field")
        }
    }
}
