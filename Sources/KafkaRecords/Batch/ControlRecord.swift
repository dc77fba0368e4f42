/// Control records: the key and value of records in batches with the control attribute.
public enum ControlRecordType: Equatable, Sendable {
    case abort, commit, leaderChange, snapshotHeader, snapshotFooter, kraftVersion, kraftVoters
    case unknown(Int16)

    public init(id: Int16) {
        switch id {
        case 0: self = .abort
        case 1: self = .commit
        case 2: self = .leaderChange
        case 3: self = .snapshotHeader
        case 4: self = .snapshotFooter
        case 5: self = .kraftVersion
        case 6: self = .kraftVoters
        default: self = .unknown(id)
        }
    }

    public var id: Int16 {
        switch self {
        case .abort: return 0
        case .commit: return 1
        case .leaderChange: return 2
        case .snapshotHeader: return 3
        case .snapshotFooter: return 4
        case .kraftVersion: return 5
        case .kraftVoters: return 6
        case .unknown(let id): return id
        }
    }

    /// Kafka's enum constant name.
    public var name: StaticString {
        switch self {
        case .abort: return "ABORT"
        case .commit: return "COMMIT"
        case .leaderChange: return "LEADER_CHANGE"
        case .snapshotHeader: return "SNAPSHOT_HEADER"
        case .snapshotFooter: return "SNAPSHOT_FOOTER"
        case .kraftVersion: return "KRAFT_VERSION"
        case .kraftVoters: return "KRAFT_VOTERS"
        case .unknown: return "UNKNOWN"
        }
    }

    /// Parses a control record key (int16 version ≥ 0, int16 type), as `ControlRecordType.parse`.
    public static func parse(key: UnsafeRawBufferPointer?) throws -> ControlRecordType {
        guard let key, key.count >= 4 else {
            throw RecordsError.invalid("Invalid control record key: \(key == nil ? "null" : "\(key!.count) bytes"), expected at least 4 bytes", at: 0)
        }
        let version = key.baseAddress!.int16BE(at: 0)
        if version < 0 { throw RecordsError.invalid("Invalid version found for control record: \(version). May indicate data corruption", at: 0) }
        return ControlRecordType(id: key.baseAddress!.int16BE(at: 2))
    }
}

/// The value of an ABORT or COMMIT control record.
public struct EndTransactionMarker: Equatable, Sendable {
    public var type: ControlRecordType
    public var coordinatorEpoch: Int32

    public init(type: ControlRecordType, coordinatorEpoch: Int32) {
        self.type = type
        self.coordinatorEpoch = coordinatorEpoch
    }

    /// Parses a marker value (int16 version ≥ 0, int32 coordinatorEpoch), as `EndTransactionMarker.deserializeValue`.
    public static func parse(type: ControlRecordType, value: UnsafeRawBufferPointer?) throws -> EndTransactionMarker {
        guard let value, value.count >= 6 else {
            throw RecordsError.invalid("Invalid end transaction marker value: expected at least 6 bytes", at: 0)
        }
        let version = value.baseAddress!.int16BE(at: 0)
        if version < 0 { throw RecordsError.invalid("Invalid version found for end transaction marker: \(version). May indicate data corruption", at: 0) }
        return EndTransactionMarker(type: type, coordinatorEpoch: value.baseAddress!.int32BE(at: 2))
    }
}
