import KafkaLog
import KafkaRecords

/// The text Kafka's dump tool appends for control records (dump-and-index §4.6), including the compact
/// JSON of KRaft control record values as Kafka's generated converters write it.
enum ControlRecordText {
    /// The suffix for one control record (starting with a space), or throws for a corrupt record.
    static func suffix(offset: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws -> String {
        let type = try ControlRecordType.parse(key: key)
        switch type {
        case .abort, .commit:
            let marker = try EndTransactionMarker.parse(type: type, value: value)
            return " endTxnMarker: \(type.name) coordinatorEpoch: \(marker.coordinatorEpoch)"
        case .snapshotHeader:
            return " SnapshotHeader " + (try json(ControlRecordSchemas.snapshotHeader, value, offset: offset))
        case .snapshotFooter:
            return " SnapshotFooter " + (try json(ControlRecordSchemas.snapshotFooter, value, offset: offset))
        case .kraftVersion:
            return " KRaftVersion " + (try json(ControlRecordSchemas.kraftVersion, value, offset: offset))
        case .kraftVoters:
            return " KRaftVoters " + (try json(ControlRecordSchemas.voters, value, offset: offset))
        case .leaderChange:
            return " controlType: LEADER_CHANGE(2)"
        case .unknown(let id):
            return " controlType: UNKNOWN(\(id))"
        }
    }

    /// `ControlRecordUtils.deserialize…Record(record)` reads the value at the current version, 0;
    /// the tool then writes it with `…JsonConverter.write(message, message.version())`, the
    /// version being the record's own `Version` field.
    static func json(_ schema: KafkaMessage.Schema, _ value: UnsafeRawBufferPointer?, offset: Int64) throws -> String {
        do throws(JavaException) {
            // `record.value().slice()` on a null value.
            guard let value else { throw .nullPointer }
            var r = KafkaMessageReader(value)
            let message = try schema.read(&r, version: 0)
            let version = Int16(truncatingIfNeeded: message.int("Version", of: schema.root))
            return try schema.json(message, version: version).compactText
        } catch {
            throw ControlRecordDecodeFailure(offset: offset, schema: schema.name, exception: error)
        }
    }
}

/// A control record value Kafka's tool cannot read: it dies with `exception`.
struct ControlRecordDecodeFailure: Error, CustomStringConvertible {
    let offset: Int64
    let schema: String
    let exception: JavaException

    var description: String { "the \(schema) control record at offset \(offset) cannot be read: \(exception)" }
}
