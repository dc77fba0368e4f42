import KafkaLog
import KafkaRecords

/// A message as JSON, the way Kafka's dump tool prints it: the generated `<Message>JsonConverter.
/// write(message, version)` builds a Jackson tree (`generator/src/main/java/org/apache/kafka/message/
/// JsonConverterGenerator.java`), which `JsonNode.toString()` prints compactly.
extension KafkaMessage.Schema {
    /// `<Message>JsonConverter.write(message, version)`.
    func json(_ value: KafkaMessage.StructValue, version: Int16) throws(JavaException) -> JacksonNode {
        try KafkaMessage.jsonConverter(root, value, version: version)
    }
}

/// The parts of Jackson's `JsonNode` tree that the generated converters build.
indirect enum JacksonNode: Equatable {
    case null
    /// `ShortNode`, `IntNode`, `LongNode`.
    case number(Int64)
    case text(String)
    /// `BinaryNode`: printed as base64.
    case binary([UInt8])
    case array([JacksonNode])
    /// `ObjectNode`: members in insertion order.
    case object([Member])

    struct Member: Equatable {
        let name: String
        var value: JacksonNode
    }

    /// `ObjectNode.get(name)`.
    subscript(_ name: String) -> JacksonNode? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.name == name })?.value
    }

    /// `ObjectNode.replace(name, value)`: the member keeps its place.
    mutating func replace(_ name: String, with value: JacksonNode) {
        guard case .object(var members) = self, let i = members.firstIndex(where: { $0.name == name }) else { return }
        members[i].value = value
        self = .object(members)
    }

    /// `JsonNode.toString()`: compact, no spaces.
    var compactText: String {
        var out = ByteBuffer(capacity: 256)
        append(to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    func append(to out: inout ByteBuffer) {
        switch self {
        case .null: out.append("null")
        case .number(let v): out.appendDecimal(v)
        case .text(let s): Self.appendString(s, to: &out)
        case .binary(let bytes):
            // Jackson's default Base64 variant (MIME_NO_LINEFEEDS): standard alphabet, padded.
            out.append(0x22)
            bytes.withUnsafeBytes { PayloadText.appendBase64($0, to: &out) }
            out.append(0x22)
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                item.append(to: &out)
            }
            out.append(0x5D)
        case .object(let members):
            out.append(0x7B)
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                Self.appendString(member.name, to: &out)
                out.append(0x3A)
                member.value.append(to: &out)
            }
            out.append(0x7D)
        }
    }

    /// Jackson's string escaping (`CharTypes.get7BitOutputEscapes`); non-ASCII passes through.
    static func appendString(_ s: String, to out: inout ByteBuffer) {
        JSON.appendString(s, to: &out, upperCaseHex: true)
    }
}

extension KafkaMessage {
    /// One struct's generated `write(_object, _version)` of its JSON converter.
    static func jsonConverter(_ s: Struct, _ value: StructValue, version v: Int16) throws(JavaException) -> JacksonNode {
        // Note the argument order, the reverse of the reader's check.
        if !s.versions.admits(v, possible: s.parentVersions) {
            throw JavaException("org.apache.kafka.common.errors.UnsupportedVersionException", "Can't write version \(v) of \(s.name)")
        }
        let current = s.currentVersions
        var members: [JacksonNode.Member] = []
        members.reserveCapacity(s.fields.count)
        for (field, fieldValue) in zip(s.fields, value.fields) {
            // Absent fields hold their defaults after a read, so the converter's "non-ignorable
            // field" check never fires here.
            guard field.spec.versions.admits(v, possible: current) else { continue }
            let present = field.spec.versions.intersect(current)
            // A tagged field is written only when it differs from its default (`equals()`; for a
            // struct whose default is the empty struct, null differs and is written as null).
            if field.spec.taggedVersions.admits(v, possible: present) && fieldValue == field.defaultValue { continue }
            members.append(JacksonNode.Member(name: field.jsonName, value: try json(fieldValue, field.kind, version: v)))
        }
        return .object(members)
    }

    static func json(_ value: Value, _ kind: Kind, version v: Int16) throws(JavaException) -> JacksonNode {
        switch (value, kind) {
        case (.null, _): return .null
        case (.int(let x), _): return .number(x)
        case (.uuid(let bytes), _): return .text(Base64URL.encode(bytes))  // Uuid.toString()
        case (.string(let s), _): return .text(s)
        case (.bytes(let bytes), _): return .binary(bytes)
        case (.array(let items), .array(let element)):
            var nodes: [JacksonNode] = []
            nodes.reserveCapacity(items.count)
            for item in items { nodes.append(try json(item, element, version: v)) }
            return .array(nodes)
        case (.structure(let nested), .structure(let s)):
            return try jsonConverter(s, nested, version: v)
        default:
            preconditionFailure("a value that does not match its field's type")
        }
    }
}
