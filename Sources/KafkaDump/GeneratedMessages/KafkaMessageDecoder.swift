/// Reads a message as Kafka's generated `read(Readable, short)` does
/// (`generator/src/main/java/org/apache/kafka/message/MessageDataGenerator.java`,
/// `generateClassReader`), into the values the generated class would hold.
extension KafkaMessage.Schema {
    /// `new <Message>(readable, version)`.
    func read(_ reader: inout KafkaMessageReader, version: Int16) throws(JavaException) -> KafkaMessage.StructValue {
        try KafkaMessage.Decoder(flexibleVersions: flexibleVersions, version: version).read(root, &reader)
    }
}

extension KafkaMessage {
    /// A decoded value, as a field of a generated message class holds it.
    indirect enum Value: Equatable, Sendable {
        case null
        /// int8, int16, uint16, int32, int64.
        case int(Int64)
        /// 16 bytes, most significant first.
        case uuid([UInt8])
        case string(String)
        case bytes([UInt8])
        case array([Value])
        case structure(StructValue)
    }

    /// A decoded struct: every field's value in schema order (defaults for the fields absent from
    /// the version read), plus the tagged fields the schema does not know. Equality is the generated
    /// `equals()`: all fields, then `MessageUtil.compareRawTaggedFields`.
    struct StructValue: Equatable, Sendable {
        var fields: [Value]
        var unknownTaggedFields: [RawTaggedField]
    }

    /// `org.apache.kafka.common.protocol.types.RawTaggedField`.
    struct RawTaggedField: Equatable, Sendable {
        let tag: Int32
        let data: [UInt8]
    }

    struct Decoder {
        let flexibleVersions: Versions
        /// The version asked for: every struct is read with it, whatever its own range.
        let version: Int16

        func read(_ s: Struct, _ r: inout KafkaMessageReader) throws(JavaException) -> StructValue {
            let v = version
            if !s.parentVersions.admits(v, possible: s.versions) {
                throw JavaException("org.apache.kafka.common.errors.UnsupportedVersionException", "Can't read version \(v) of \(s.name)")
            }
            let current = s.currentVersions
            var value = StructValue(fields: [], unknownTaggedFields: [])
            value.fields.reserveCapacity(s.fields.count)
            for field in s.fields {
                let mandatory = field.mandatoryVersions
                if mandatory.admits(v, possible: current) {
                    value.fields.append(try read(field, &r, possible: mandatory.intersect(current), tagged: false))
                } else {
                    value.fields.append(field.defaultValue)
                }
            }
            guard flexibleVersions.admits(v, possible: current) else { return value }
            let currentFlexible = flexibleVersions.intersect(current)
            let count = try r.readUnsignedVarint()
            var i: Int32 = 0
            while i < count {
                let tag = try r.readUnsignedVarint()
                let size = try r.readUnsignedVarint()
                if let index = s.fields.firstIndex(where: { $0.spec.tag == tag && !$0.spec.versions.intersect($0.spec.taggedVersions).isEmpty }) {
                    let field = s.fields[index]
                    let valid = field.spec.versions.intersect(field.spec.taggedVersions)
                    guard valid.admits(v, possible: currentFlexible) else {
                        throw .runtime("Tag \(tag) is not valid for version \(v)")
                    }
                    // A known tag is read by its type; its size is not used.
                    value.fields[index] = try read(field, &r, possible: valid.intersect(currentFlexible), tagged: true)
                } else {
                    value.unknownTaggedFields.append(RawTaggedField(tag: tag, data: Array(try r.readArray(size))))
                }
                i += 1
            }
            return value
        }

        /// One field, present in this version: `possible` is what the generator knows of the version
        /// at this point (the field's present versions within the struct's).
        func read(_ field: Field, _ r: inout KafkaMessageReader, possible: Versions, tagged: Bool) throws(JavaException) -> Value {
            switch field.kind {
            case .structure(let nested):
                if field.spec.nullableVersions.admits(version, possible: possible) {
                    // A tagged struct has a varint presence marker, an untagged one a byte.
                    let isNull = tagged ? try r.readUnsignedVarint() <= 0 : try r.readInt8() < 0
                    if isNull { return .null }
                }
                return .structure(try read(nested, &r))
            case .string, .bytes, .array:
                let flexible = tagged || flexibleVersions.admits(version, possible: possible)
                return try readVariableLength(field.kind, name: field.jsonName, &r, flexible: flexible,
                                              nullable: field.spec.nullableVersions.admits(version, possible: possible),
                                              zeroCopy: field.spec.zeroCopy)
            default:
                return try readFixedLength(field.kind, &r)
            }
        }

        /// `generateVariableLengthReader`: a length (compact in flexible versions), then the data.
        func readVariableLength(_ kind: Kind, name: String, _ r: inout KafkaMessageReader, flexible: Bool,
                                nullable: Bool, zeroCopy: Bool) throws(JavaException) -> Value {
            let length: Int32
            if flexible {
                length = try r.readUnsignedVarint() &- 1
            } else if case .string = kind {
                length = Int32(try r.readInt16())
            } else {
                length = try r.readInt32()
            }
            if length < 0 {
                guard nullable else { throw .runtime("non-nullable field \(name) was serialized as null") }
                return .null
            }
            switch kind {
            case .string:
                if length > 0x7FFF { throw .runtime("string field \(name) had invalid length \(length)") }
                return .string(JavaText.decodedString(try r.readArray(length)))
            case .bytes:
                return .bytes(Array(zeroCopy ? try r.readByteBuffer(length) : try r.readArray(length)))
            case .array(let element):
                // Checked before anything is allocated: at least one byte per element must remain.
                if Int(length) > r.remaining {
                    throw .runtime("Tried to allocate a collection of size \(length), but there are only \(r.remaining) bytes remaining.")
                }
                var items: [Value] = []
                items.reserveCapacity(Int(length))
                for _ in 0..<length {
                    switch element {
                    case .structure(let nested): items.append(.structure(try read(nested, &r)))
                    case .string, .bytes:
                        items.append(try readVariableLength(element, name: name + " element", &r, flexible: flexible,
                                                            nullable: false, zeroCopy: false))
                    default: items.append(try readFixedLength(element, &r))
                    }
                }
                return .array(items)
            default:
                preconditionFailure("not a variable-length type")
            }
        }

        func readFixedLength(_ kind: Kind, _ r: inout KafkaMessageReader) throws(JavaException) -> Value {
            switch kind {
            case .int8: return .int(Int64(try r.readInt8()))
            case .int16: return .int(Int64(try r.readInt16()))
            case .uint16: return .int(Int64(try r.readUInt16()))
            case .int32: return .int(Int64(try r.readInt32()))
            case .int64: return .int(try r.readInt64())
            case .uuid: return .uuid(try r.readUUID())
            default: preconditionFailure("not a fixed-length type")
            }
        }
    }
}

extension KafkaMessage.StructValue {
    /// The integer value of the field `name` of `s` (a schema's own field: a programming error if
    /// absent or not an integer).
    func int(_ name: String, of s: KafkaMessage.Struct) -> Int64 {
        guard case .int(let v) = fields[s.index(of: name)] else { preconditionFailure("\(name) is not an integer") }
        return v
    }

    subscript(_ name: String, of s: KafkaMessage.Struct) -> KafkaMessage.Value { fields[s.index(of: name)] }
}
