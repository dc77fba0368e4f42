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
            var r = GeneratedMessageReader(value ?? UnsafeRawBufferPointer(start: nil, count: 0))
            let version = try r.int16()
            let timestamp = try r.int64()
            try r.skipTaggedFields()
            return " SnapshotHeader {\"version\":\(version),\"lastContainedLogTimestamp\":\(timestamp)}"
        case .snapshotFooter:
            var r = GeneratedMessageReader(value ?? UnsafeRawBufferPointer(start: nil, count: 0))
            let version = try r.int16()
            try r.skipTaggedFields()
            return " SnapshotFooter {\"version\":\(version)}"
        case .kraftVersion:
            var r = GeneratedMessageReader(value ?? UnsafeRawBufferPointer(start: nil, count: 0))
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
        var r = GeneratedMessageReader(value ?? UnsafeRawBufferPointer(start: nil, count: 0))
        let version = try r.int16()
        var voters: [String] = []
        for _ in 0..<(try r.arrayCount(flexible: true) ?? 0) {
            let voterId = try r.int32()
            let directoryId = Base64URL.encode(try r.uuid())
            var endpoints: [String] = []
            for _ in 0..<(try r.arrayCount(flexible: true) ?? 0) {
                let name = try r.string(flexible: true) ?? ""
                let host = try r.string(flexible: true) ?? ""
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
