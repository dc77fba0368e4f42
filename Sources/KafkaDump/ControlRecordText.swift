import KafkaLog
import KafkaRecords

/// The text Kafka's dump tool appends for control records (dump-and-index §4.6), including the compact
/// JSON of KRaft control record values as Kafka's generated converters write it.
enum ControlRecordText {
    /// The suffix for one control record (starting with a space), or throws for a corrupt record.
    static func suffix(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws -> String {
        let type = try ControlRecordType.parse(key: key)
        switch type {
        case .abort, .commit:
            let marker = try EndTransactionMarker.parse(type: type, value: value)
            return " endTxnMarker: \(type.name) coordinatorEpoch: \(marker.coordinatorEpoch)"
        case .snapshotHeader:
            var r = MessageReader(value)
            let version = try r.int16()
            let timestamp = try r.int64()
            try r.skipTaggedFields()
            return " SnapshotHeader {\"version\":\(version),\"lastContainedLogTimestamp\":\(timestamp)}"
        case .snapshotFooter:
            var r = MessageReader(value)
            let version = try r.int16()
            try r.skipTaggedFields()
            return " SnapshotFooter {\"version\":\(version)}"
        case .kraftVersion:
            var r = MessageReader(value)
            let version = try r.int16()
            let kraftVersion = try r.int16()
            try r.skipTaggedFields()
            return " KRaftVersion {\"version\":\(version),\"kRaftVersion\":\(kraftVersion)}"
        case .kraftVoters:
            return " KRaftVoters " + (try votersJSON(value))
        case .leaderChange:
            return " controlType: LEADER_CHANGE(2)"
        case .unknown(let id):
            return " controlType: UNKNOWN(\(id))"
        }
    }

    private static func votersJSON(_ value: UnsafeRawBufferPointer?) throws -> String {
        var r = MessageReader(value)
        let version = try r.int16()
        var voters: [String] = []
        for _ in 0..<(try r.compactArrayCount()) {
            let voterId = try r.int32()
            let directoryId = try r.uuid()
            var endpoints: [String] = []
            for _ in 0..<(try r.compactArrayCount()) {
                let name = try r.compactString()
                let host = try r.compactString()
                let port = try r.uint16()
                try r.skipTaggedFields()
                endpoints.append("{\"name\":\(jsonString(name)),\"host\":\(jsonString(host)),\"port\":\(port)}")
            }
            let minVersion = try r.int16()
            let maxVersion = try r.int16()
            try r.skipTaggedFields()
            try r.skipTaggedFields()
            voters.append("{\"voterId\":\(voterId),\"voterDirectoryId\":\"\(directoryId)\",\"endpoints\":[\(endpoints.joined(separator: ","))],\"kRaftVersionFeature\":{\"minSupportedVersion\":\(minVersion),\"maxSupportedVersion\":\(maxVersion)}}")
        }
        try r.skipTaggedFields()
        return "{\"version\":\(version),\"voters\":[\(voters.joined(separator: ","))]}"
    }

    static func jsonString(_ s: String) -> String {
        var out = ByteBuffer(capacity: s.utf8.count + 2)
        var copy = s
        copy.withUTF8 { JSON.appendString(UnsafeRawBufferPointer($0), to: &out) }
        return String(decoding: out.bytes, as: UTF8.self)
    }
}

/// Reads Kafka's generated-message encodings (on-disk-format §9.1), flexible versions.
struct MessageReader {
    var cursor: ByteCursor

    init(_ bytes: UnsafeRawBufferPointer?) {
        cursor = ByteCursor(bytes ?? UnsafeRawBufferPointer(start: nil, count: 0))
    }

    mutating func int8() throws -> Int8 { try cursor.readInt8() }
    mutating func int16() throws -> Int16 { try cursor.readInt16() }
    mutating func uint16() throws -> UInt16 { try cursor.readUInt16() }
    mutating func int32() throws -> Int32 { try cursor.readInt32() }
    mutating func int64() throws -> Int64 { try cursor.readInt64() }

    mutating func uuid() throws -> String {
        let raw = try cursor.readBytes(16, "uuid")
        return Base64URL.encode(Array(raw))
    }

    mutating func compactArrayCount() throws -> Int {
        let n = Int(try cursor.readUnsignedVarint("array length"))
        if n == 0 { throw RecordsError.invalid("non-nullable array was serialized as null", at: cursor.position) }
        if n - 1 > cursor.remaining { throw RecordsError.invalid("array of \(n - 1) elements exceeds the \(cursor.remaining) remaining bytes", at: cursor.position) }
        return n - 1
    }

    mutating func compactString() throws -> String {
        let n = Int(try cursor.readUnsignedVarint("string length"))
        if n == 0 { throw RecordsError.invalid("non-nullable string was serialized as null", at: cursor.position) }
        return String(decoding: try cursor.readBytes(n - 1, "string"), as: UTF8.self)
    }

    mutating func skipTaggedFields() throws {
        let count = try cursor.readUnsignedVarint("tagged field count")
        for _ in 0..<count {
            _ = try cursor.readUnsignedVarint("tag")
            let size = Int(try cursor.readUnsignedVarint("tagged field size"))
            _ = try cursor.readBytes(size, "tagged field")
        }
    }
}
