import KafkaLog
import KafkaRecords

/// `--offsets-decoder` (dump-and-index §4.12.2): `__consumer_offsets` keys and values as Kafka's
/// `OffsetsMessageParser` prints them — `GroupCoordinatorRecordSerde` to read the record (key version =
/// record type, value version prefix), the generated `…JsonConverter`s to write it, Jackson's compact
/// form to print it.
enum ConsumerOffsetsText {
    static func render(offset: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws -> (key: String?, payload: String?) {
        guard let key else {
            throw RecordsError.invalid("Failed to decode message at offset \(offset) using offset topic decoder (message had a missing key)", at: 0)
        }
        do {
            // CoordinatorRecordSerde.deserialize: record type, key message at version = type, then
            // (unless a tombstone) value version and value message.
            var k = KafkaMessage.Reader(key)
            guard let type = k.versionPrefix() else {
                throw KafkaMessage.JavaException("Could not read version from key's buffer.")
            }
            guard let (keySchema, valueSchema) = Schemas.recordType(type) else {
                return ("Unknown record type \(type) at offset \(offset), skipping.", nil)
            }
            let keyFields = try KafkaMessage.readRecordPart(keySchema, &k, version: type, part: "key")
            var valueFields: [KafkaMessage.Member]?
            var valueVersion: Int16 = 0
            if let value {
                var v = KafkaMessage.Reader(value)
                guard let version = v.versionPrefix() else {
                    throw KafkaMessage.JavaException("Could not read version from value's buffer.")
                }
                valueVersion = version
                var fields = try KafkaMessage.readRecordPart(valueSchema, &v, version: version, part: "value")
                if type == 2 { decodeConsumerProtocol(&fields) }
                valueFields = fields
            }
            var out = ByteBuffer(capacity: 256)
            out.append("{\"type\":\""); out.appendDecimal(type); out.append("\",\"data\":")
            KafkaMessage.appendJSON(.object(keyFields), to: &out)
            out.append("}")
            let keyText = String(decoding: out.bytes, as: UTF8.self)
            guard let valueFields else { return (keyText, "<DELETE>") }
            out.removeAll()
            out.append("{\"version\":\""); out.appendDecimal(valueVersion); out.append("\",\"data\":")
            KafkaMessage.appendJSON(.object(valueFields), to: &out)
            out.append("}")
            return (keyText, String(decoding: out.bytes, as: UTF8.self))
        } catch let error as KafkaMessage.JavaException {
            return ("Error at offset \(offset), skipping. \(error.messageText)", nil)
        }
    }

    /// `OffsetsMessageParser.prepareGroupMetadataValue`: with protocol type `consumer`, each member's
    /// `subscription` and `assignment` bytes are replaced by their decoded embedded message (int16
    /// version, then the message at that version); bytes that fail to decode stay base64.
    static func decodeConsumerProtocol(_ fields: inout [KafkaMessage.Member]) {
        guard let protocolType = fields.first(where: { $0.name == "protocolType" }),
              case .string("consumer") = protocolType.node,
              let membersIndex = fields.firstIndex(where: { $0.name == "members" }),
              case .array(var members) = fields[membersIndex].node else { return }
        for i in members.indices {
            guard case .object(var member) = members[i] else { continue }
            for (name, schema) in [("subscription", Schemas.consumerProtocolSubscription), ("assignment", Schemas.consumerProtocolAssignment)] {
                guard let j = member.firstIndex(where: { $0.name == name }), case .bytes(let bytes) = member[j].node else { continue }
                if let decoded = embedded(bytes, schema) { member[j].node = .object(decoded) }
            }
            members[i] = .object(member)
        }
        fields[membersIndex].node = .array(members)
    }

    static func embedded(_ bytes: [UInt8], _ schema: KafkaMessage.Schema) -> [KafkaMessage.Member]? {
        bytes.withUnsafeBytes { raw in
            var r = KafkaMessage.Reader(raw)
            guard let version = r.versionPrefix() else { return nil }
            return try? KafkaMessage.readMessage(schema, &r, version: version)
        }
    }

    /// The schemas of `group-coordinator/src/main/resources/common/message/*.json` and the embedded
    /// consumer protocol (`clients/src/main/resources/common/message/ConsumerProtocol*.json`), Kafka
    /// trunk of October 2024 (on-disk-format §9.3–§9.7).
    enum Schemas {
        typealias S = KafkaMessage.Struct
        typealias F = KafkaMessage.Field
        typealias V = KafkaMessage.Versions

        /// `GroupCoordinatorRecordSerde.apiMessageKeyFor` / `apiMessageValueFor`.
        static func recordType(_ type: Int16) -> (KafkaMessage.Schema, KafkaMessage.Schema)? {
            switch type {
            case 0, 1: return (offsetCommitKey, offsetCommitValue)
            case 2: return (groupMetadataKey, groupMetadataValue)
            case 3: return (groupKey("ConsumerGroupMetadataKey", 3), epochValue("ConsumerGroupMetadataValue", "Epoch"))
            case 4: return (groupKey("ConsumerGroupPartitionMetadataKey", 4), partitionMetadataValue("ConsumerGroupPartitionMetadataValue"))
            case 5: return (memberKey("ConsumerGroupMemberMetadataKey", 5), consumerGroupMemberMetadataValue)
            case 6: return (groupKey("ConsumerGroupTargetAssignmentMetadataKey", 6), epochValue("ConsumerGroupTargetAssignmentMetadataValue", "AssignmentEpoch"))
            case 7: return (memberKey("ConsumerGroupTargetAssignmentMemberKey", 7), targetAssignmentMemberValue("ConsumerGroupTargetAssignmentMemberValue"))
            case 8: return (memberKey("ConsumerGroupCurrentMemberAssignmentKey", 8), currentMemberAssignmentValue("ConsumerGroupCurrentMemberAssignmentValue", pendingRevocation: true))
            case 9: return (groupKey("ShareGroupPartitionMetadataKey", 9), partitionMetadataValue("ShareGroupPartitionMetadataValue"))
            case 10: return (memberKey("ShareGroupMemberMetadataKey", 10), shareGroupMemberMetadataValue)
            case 11: return (groupKey("ShareGroupMetadataKey", 11), epochValue("ShareGroupMetadataValue", "Epoch"))
            case 12: return (groupKey("ShareGroupTargetAssignmentMetadataKey", 12), epochValue("ShareGroupTargetAssignmentMetadataValue", "AssignmentEpoch"))
            case 13: return (memberKey("ShareGroupTargetAssignmentMemberKey", 13), targetAssignmentMemberValue("ShareGroupTargetAssignmentMemberValue"))
            case 14: return (memberKey("ShareGroupCurrentMemberAssignmentKey", 14), currentMemberAssignmentValue("ShareGroupCurrentMemberAssignmentValue", pendingRevocation: false))
            case 15: return (groupKey("ShareGroupStatePartitionMetadataKey", 15), shareGroupStatePartitionMetadataValue)
            default: return nil
            }
        }

        static let all = V(0...Int16.max)
        static func from(_ lo: Int16) -> V { V(lo...Int16.max) }

        /// A message (top-level struct: parent versions = valid versions).
        static func message(_ name: String, valid: ClosedRange<Int16>, flexible: V?, _ fields: [F]) -> KafkaMessage.Schema {
            KafkaMessage.Schema(root: S(name, versions: V(valid), parent: V(valid), fields), flexible: flexible)
        }

        // MARK: Keys (non-flexible; read at version = record type)

        static let offsetCommitKey = message("OffsetCommitKey", valid: 0...1, flexible: nil, [
            F("group", .string, V(0...1)), F("topic", .string, V(0...1)), F("partition", .int32, V(0...1)),
        ])
        static let groupMetadataKey = message("GroupMetadataKey", valid: 2...2, flexible: nil, [F("group", .string, V(2...2))])

        static func groupKey(_ name: String, _ type: Int16) -> KafkaMessage.Schema {
            message(name, valid: type...type, flexible: nil, [F("GroupId", .string, V(type...type))])
        }

        static func memberKey(_ name: String, _ type: Int16) -> KafkaMessage.Schema {
            message(name, valid: type...type, flexible: nil, [F("GroupId", .string, V(type...type)), F("MemberId", .string, V(type...type))])
        }

        // MARK: Classic group values

        static let offsetCommitValue = message("OffsetCommitValue", valid: 0...4, flexible: from(4), [
            F("offset", .int64, all),
            F("leaderEpoch", .int32, from(3)),
            F("metadata", .string, all),
            F("commitTimestamp", .int64, all),
            F("expireTimestamp", .int64, V(1...1)),
        ])

        static let memberMetadata = S("MemberMetadata", versions: all, parent: all, [
            F("memberId", .string, all),
            F("groupInstanceId", .string, from(3), nullable: from(3)),
            F("clientId", .string, all),
            F("clientHost", .string, all),
            F("rebalanceTimeout", .int32, from(1)),
            F("sessionTimeout", .int32, all),
            F("subscription", .bytes, all),
            F("assignment", .bytes, all),
        ])

        static let groupMetadataValue = message("GroupMetadataValue", valid: 0...4, flexible: from(4), [
            F("protocolType", .string, all),
            F("generation", .int32, all),
            F("protocol", .string, all, nullable: all),
            F("leader", .string, all, nullable: all),
            F("currentStateTimestamp", .int64, from(2)),
            F("members", .array(.structure(memberMetadata)), all),
        ])

        // MARK: Consumer-group (KIP-848) and share-group values (version 0, flexible)

        static let v0 = V(0...0)

        static func epochValue(_ name: String, _ field: String) -> KafkaMessage.Schema {
            message(name, valid: 0...0, flexible: all, [F(field, .int32, all)])
        }

        /// ConsumerGroupPartitionMetadataValue and ShareGroupPartitionMetadataValue (inline structs:
        /// parent versions = the message's valid versions, 0).
        static func partitionMetadataValue(_ name: String) -> KafkaMessage.Schema {
            let partitionMetadata = S("PartitionMetadata", versions: all, parent: v0, [
                F("Partition", .int32, all), F("Racks", .array(.string), all),
            ])
            let topicMetadata = S("TopicMetadata", versions: all, parent: v0, [
                F("TopicId", .uuid, all), F("TopicName", .string, all), F("NumPartitions", .int32, all),
                F("PartitionMetadata", .array(.structure(partitionMetadata)), all),
            ])
            return message(name, valid: 0...0, flexible: all, [F("Topics", .array(.structure(topicMetadata)), all)])
        }

        static let classicProtocol = S("ClassicProtocol", versions: all, parent: v0, [
            F("Name", .string, all), F("Metadata", .bytes, all),
        ])
        static let classicMemberMetadata = S("ClassicMemberMetadata", versions: all, parent: v0, [
            F("SessionTimeoutMs", .int32, all),
            F("SupportedProtocols", .array(.structure(classicProtocol)), all),
        ])
        static let consumerGroupMemberMetadataValue = message("ConsumerGroupMemberMetadataValue", valid: 0...0, flexible: all, [
            F("InstanceId", .string, all, nullable: all),
            F("RackId", .string, all, nullable: all),
            F("ClientId", .string, all),
            F("ClientHost", .string, all),
            F("SubscribedTopicNames", .array(.string), all),
            F("SubscribedTopicRegex", .string, all, nullable: all),
            F("RebalanceTimeoutMs", .int32, all),
            F("ServerAssignor", .string, all, nullable: all),
            F("ClassicMemberMetadata", .structure(classicMemberMetadata), all, nullable: all, tag: 0, default: .null),
        ])

        static func targetAssignmentMemberValue(_ name: String) -> KafkaMessage.Schema {
            let topicPartition = S("TopicPartition", versions: all, parent: v0, [
                F("TopicId", .uuid, all), F("Partitions", .array(.int32), all),
            ])
            return message(name, valid: 0...0, flexible: all, [F("TopicPartitions", .array(.structure(topicPartition)), all)])
        }

        /// The common struct `TopicPartitions` (parent versions = its own, 0+).
        static let topicPartitions = S("TopicPartitions", versions: all, parent: all, [
            F("TopicId", .uuid, all), F("Partitions", .array(.int32), all),
        ])

        static func currentMemberAssignmentValue(_ name: String, pendingRevocation: Bool) -> KafkaMessage.Schema {
            var fields = [
                F("MemberEpoch", .int32, all),
                F("PreviousMemberEpoch", .int32, all),
                F("State", .int8, all),
                F("AssignedPartitions", .array(.structure(topicPartitions)), all),
            ]
            if pendingRevocation { fields.append(F("PartitionsPendingRevocation", .array(.structure(topicPartitions)), all)) }
            return message(name, valid: 0...0, flexible: all, fields)
        }

        static let shareGroupMemberMetadataValue = message("ShareGroupMemberMetadataValue", valid: 0...0, flexible: all, [
            F("RackId", .string, all, nullable: all),
            F("ClientId", .string, all),
            F("ClientHost", .string, all),
            F("SubscribedTopicNames", .array(.string), all),
        ])

        static let shareGroupStatePartitionMetadataValue = message("ShareGroupStatePartitionMetadataValue", valid: 0...0, flexible: all, [
            F("InitializedTopics", .array(.structure(S("TopicPartitionsInfo", versions: all, parent: all, [
                F("TopicId", .uuid, all), F("TopicName", .string, all), F("Partitions", .array(.int32), all),
            ]))), all),
            F("DeletingTopics", .array(.structure(S("TopicInfo", versions: all, parent: all, [
                F("TopicId", .uuid, all), F("TopicName", .string, all),
            ]))), all),
        ])

        // MARK: Embedded consumer protocol (versions 0–3, never flexible)

        static let consumerProtocolSubscription = message("ConsumerProtocolSubscription", valid: 0...3, flexible: nil, [
            F("Topics", .array(.string), all),
            F("UserData", .bytes, all, nullable: all),
            F("OwnedPartitions", .array(.structure(S("TopicPartition", versions: from(1), parent: V(0...3), [
                F("Topic", .string, from(1)), F("Partitions", .array(.int32), from(1)),
            ]))), from(1)),
            F("GenerationId", .int32, from(2)),
            F("RackId", .string, from(3), nullable: from(3)),
        ])

        static let consumerProtocolAssignment = message("ConsumerProtocolAssignment", valid: 0...3, flexible: nil, [
            F("AssignedPartitions", .array(.structure(S("TopicPartition", versions: all, parent: V(0...3), [
                F("Topic", .string, all), F("Partitions", .array(.int32), all),
            ]))), all),
            F("UserData", .bytes, all, nullable: all),
        ])
    }
}

/// An interpreter of Kafka's generated message readers (`MessageDataGenerator`) and JSON converters
/// (`JsonConverterGenerator`), driven by the message schemas, reproducing their exact behaviour:
///
/// - Inside a struct whose versions are `cur` (its parent versions ∩ its own), every version test the
///   generator emits compares against bounds inside `cur`, so a version outside `cur` behaves as the
///   nearest bound of `cur` (a value of version 7 of a 0–4 message reads as version 4).
/// - A nested struct whose own versions reach beyond its parent versions throws
///   `Can't read version <v> of <Struct>` for a version beyond them (e.g. a version-1 value of a
///   version-0-only message with a non-empty struct array).
/// - Known tagged fields are read by type; their size prefix is not used. Unknown tags are skipped by size.
/// - JSON: fields in schema order, lower-camel-case names, tagged fields only when not their default.
/// - Errors carry the Java exception's message (`nil` for `BufferUnderflowException`, printed "null").
enum KafkaMessage {
    struct JavaException: Error {
        let exceptionClass: String
        let message: String?

        init(_ message: String?, _ exceptionClass: String = "java.lang.RuntimeException") {
            self.message = message
            self.exceptionClass = exceptionClass
        }

        static let underflow = JavaException(nil, "java.nio.BufferUnderflowException")

        /// `getMessage()` as Scala/Java string interpolation prints it.
        var messageText: String { message ?? "null" }
        /// `Throwable.toString()`, the first line of the trace Kafka prints when it aborts.
        var javaDescription: String { message.map { "\(exceptionClass): \($0)" } ?? exceptionClass }
    }

    struct Versions: Sendable, Equatable {
        let lo: Int16
        let hi: Int16
        init(_ range: ClosedRange<Int16>) { lo = range.lowerBound; hi = range.upperBound }
        func contains(_ v: Int16) -> Bool { v >= lo && v <= hi }
        func clamp(_ v: Int16) -> Int16 { min(max(v, lo), hi) }
        func intersect(_ other: Versions) -> Versions { Versions(max(lo, other.lo)...min(hi, other.hi)) }
    }

    indirect enum Kind: Sendable {
        case int8, int16, int32, int64, uuid, string, bytes
        case array(Kind)
        case structure(Struct)
    }

    final class Struct: Sendable {
        let name: String
        let versions: Versions
        let parent: Versions
        let fields: [Field]

        init(_ name: String, versions: Versions, parent: Versions, _ fields: [Field]) {
            self.name = name
            self.versions = versions
            self.parent = parent
            self.fields = fields
        }

        var current: Versions { parent.intersect(versions) }
    }

    struct Field: Sendable {
        /// The JSON (camel-case) name, which is also the name in Kafka's error messages.
        let name: String
        let kind: Kind
        let versions: Versions
        let nullable: Versions?
        /// A tagged field (tagged in all its versions); nil for an ordinary field.
        let tag: Int32?
        let defaultValue: Node

        init(_ name: String, _ kind: Kind, _ versions: Versions, nullable: Versions? = nil, tag: Int32? = nil, default defaultValue: Node = .null) {
            self.name = name.prefix(1).lowercased() + name.dropFirst()
            self.kind = kind
            self.versions = versions
            self.nullable = nullable
            self.tag = tag
            self.defaultValue = defaultValue
        }
    }

    struct Schema: Sendable {
        let root: Struct
        let flexible: Versions?
    }

    indirect enum Node: Equatable, Sendable {
        case null
        case int(Int64)
        case string(String)
        case bytes([UInt8])
        case uuid([UInt8])
        case array([Node])
        case object([Member])
    }

    struct Member: Equatable, Sendable {
        let name: String
        var node: Node
    }

    // MARK: Reading

    /// Java's `ByteBuffer` reads as `ByteBufferAccessor` does them.
    struct Reader {
        let base: UnsafeRawBufferPointer
        var position = 0

        init(_ base: UnsafeRawBufferPointer) { self.base = base }

        var remaining: Int { base.count - position }

        /// `buffer.getShort()` of a version prefix; nil when fewer than 2 bytes remain.
        mutating func versionPrefix() -> Int16? { try? int16() }

        mutating func uint8() throws -> UInt8 {
            guard remaining >= 1 else { throw JavaException.underflow }
            defer { position += 1 }
            return base[position]
        }

        mutating func int8() throws -> Int8 { Int8(bitPattern: try uint8()) }

        mutating func int16() throws -> Int16 {
            guard remaining >= 2 else { throw JavaException.underflow }
            defer { position += 2 }
            return Int16(bitPattern: UInt16(base[position]) << 8 | UInt16(base[position + 1]))
        }

        mutating func int32() throws -> Int32 {
            guard remaining >= 4 else { throw JavaException.underflow }
            var v: UInt32 = 0
            for i in 0..<4 { v = v << 8 | UInt32(base[position + i]) }
            position += 4
            return Int32(bitPattern: v)
        }

        mutating func int64() throws -> Int64 {
            guard remaining >= 8 else { throw JavaException.underflow }
            var v: UInt64 = 0
            for i in 0..<8 { v = v << 8 | UInt64(base[position + i]) }
            position += 8
            return Int64(bitPattern: v)
        }

        /// `ByteUtils.readUnsignedVarint`: at most 5 bytes, the value as a Java `int`.
        mutating func unsignedVarint() throws -> Int32 {
            var tmp = Int32(try int8())
            if tmp >= 0 { return tmp }
            var result = tmp & 127
            tmp = Int32(try int8())
            if tmp >= 0 { return result | tmp << 7 }
            result |= (tmp & 127) << 7
            tmp = Int32(try int8())
            if tmp >= 0 { return result | tmp << 14 }
            result |= (tmp & 127) << 14
            tmp = Int32(try int8())
            if tmp >= 0 { return result | tmp << 21 }
            result |= (tmp & 127) << 21
            tmp = Int32(try int8())
            result |= tmp << 28
            if tmp < 0 {
                throw JavaException("Varint is too long, the most significant bit in the 5th byte is set, converted value: \(String(UInt32(bitPattern: result), radix: 16))",
                                    "java.lang.IllegalArgumentException")
            }
            return result
        }

        /// `readArray(size)`.
        mutating func array(_ size: Int32) throws -> UnsafeRawBufferPointer {
            if Int(size) > remaining {
                throw JavaException("Error reading byte array of \(size) byte(s): only \(remaining) byte(s) available")
            }
            if size < 0 { throw JavaException(String(size), "java.lang.NegativeArraySizeException") }
            defer { position += Int(size) }
            return UnsafeRawBufferPointer(rebasing: base[position..<position + Int(size)])
        }
    }

    /// `CoordinatorRecordSerde.readMessage`: the message, its failures wrapped as Kafka wraps them.
    static func readRecordPart(_ schema: Schema, _ r: inout Reader, version: Int16, part: String) throws -> [Member] {
        do {
            return try readMessage(schema, &r, version: version)
        } catch let error as JavaException {
            throw JavaException("Could not read record with version \(version) from \(part)'s buffer due to: \(error.messageText).")
        }
    }

    /// `new <Message>(readable, version)`.
    static func readMessage(_ schema: Schema, _ r: inout Reader, version: Int16) throws -> [Member] {
        try readStruct(schema.root, &r, version: version, flexible: schema.flexible)
    }

    /// One struct's generated `read(Readable, short)`; returns the fields its JSON converter writes.
    static func readStruct(_ s: Struct, _ r: inout Reader, version v: Int16, flexible: Versions?) throws -> [Member] {
        if (s.versions.lo < s.parent.lo && v < s.parent.lo) || (s.versions.hi > s.parent.hi && v > s.parent.hi) {
            throw JavaException("Can't read version \(v) of \(s.name)", "org.apache.kafka.common.errors.UnsupportedVersionException")
        }
        let c = s.current.clamp(v)
        let isFlexible = flexible?.contains(c) ?? false
        var values = [Node?](repeating: nil, count: s.fields.count)
        for (i, field) in s.fields.enumerated() where field.tag == nil && field.versions.contains(c) {
            values[i] = try readField(field.kind, name: field.name, nullable: field.nullable?.contains(c) ?? false,
                                      &r, version: v, flexible: flexible, isFlexible: isFlexible)
        }
        var tagged = [Node?](repeating: nil, count: s.fields.count)
        if isFlexible {
            let count = try r.unsignedVarint()
            var i: Int32 = 0
            while i < count {
                let tag = try r.unsignedVarint()
                let size = try r.unsignedVarint()
                if let index = s.fields.firstIndex(where: { $0.tag == tag }) {
                    let field = s.fields[index]
                    guard field.versions.contains(c) else {
                        throw JavaException("Tag \(tag) is not valid for version \(v)")
                    }
                    let nullable = field.nullable?.contains(c) ?? false
                    if case .structure(let nested) = field.kind {
                        if try nullable && r.unsignedVarint() <= 0 {
                            tagged[index] = .null
                        } else {
                            tagged[index] = .object(try readStruct(nested, &r, version: v, flexible: flexible))
                        }
                    } else {
                        tagged[index] = try readField(field.kind, name: field.name, nullable: nullable, &r,
                                                      version: v, flexible: flexible, isFlexible: true)
                    }
                } else {
                    _ = try r.array(size)
                }
                i += 1
            }
        }
        var members: [Member] = []
        members.reserveCapacity(s.fields.count)
        for (i, field) in s.fields.enumerated() {
            if field.tag == nil {
                if let value = values[i] { members.append(Member(name: field.name, node: value)) }
            } else if let value = tagged[i], value != field.defaultValue {
                members.append(Member(name: field.name, node: value))
            }
        }
        return members
    }

    static func readField(_ kind: Kind, name: String, nullable: Bool, _ r: inout Reader, version v: Int16,
                          flexible: Versions?, isFlexible: Bool) throws -> Node {
        func nullOrFail() throws -> Node {
            guard nullable else { throw JavaException("non-nullable field \(name) was serialized as null") }
            return .null
        }
        switch kind {
        case .int8: return .int(Int64(try r.int8()))
        case .int16: return .int(Int64(try r.int16()))
        case .int32: return .int(Int64(try r.int32()))
        case .int64: return .int(try r.int64())
        case .uuid:
            let msb = try r.int64(), lsb = try r.int64()
            return .uuid(withUnsafeBytes(of: msb.bigEndian, Array.init) + withUnsafeBytes(of: lsb.bigEndian, Array.init))
        case .string:
            let length = isFlexible ? (try r.unsignedVarint()) &- 1 : Int32(try r.int16())
            if length < 0 { return try nullOrFail() }
            if length > 0x7fff { throw JavaException("string field \(name) had invalid length \(length)") }
            return .string(javaString(try r.array(length)))
        case .bytes:
            let length = isFlexible ? (try r.unsignedVarint()) &- 1 : try r.int32()
            if length < 0 { return try nullOrFail() }
            return .bytes(Array(try r.array(length)))
        case .array(let element):
            let count = isFlexible ? (try r.unsignedVarint()) &- 1 : try r.int32()
            if count < 0 { return try nullOrFail() }
            if Int(count) > r.remaining {
                throw JavaException("Tried to allocate a collection of size \(count), but there are only \(r.remaining) bytes remaining.")
            }
            var items: [Node] = []
            items.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                switch element {
                case .structure(let nested):
                    items.append(.object(try readStruct(nested, &r, version: v, flexible: flexible)))
                default:
                    items.append(try readField(element, name: name + " element", nullable: false, &r,
                                               version: v, flexible: flexible, isFlexible: isFlexible))
                }
            }
            return .array(items)
        case .structure(let nested):
            if try nullable && r.int8() < 0 { return .null }
            return .object(try readStruct(nested, &r, version: v, flexible: flexible))
        }
    }

    /// `new String(bytes, UTF_8)`.
    static func javaString(_ bytes: UnsafeRawBufferPointer) -> String {
        var out = ByteBuffer(capacity: bytes.count + 16)
        JavaText.appendDecodedUTF8(bytes, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    // MARK: JSON (Jackson's compact `JsonNode.toString()`)

    static func appendJSON(_ node: Node, to out: inout ByteBuffer) {
        switch node {
        case .null: out.append("null")
        case .int(let v): out.appendDecimal(v)
        case .string(let s): appendJacksonString(s, to: &out)
        case .bytes(let b):
            out.append(0x22)
            b.withUnsafeBytes { PayloadText.appendBase64($0, to: &out) }
            out.append(0x22)
        case .uuid(let b):
            out.append(0x22); out.appendString(Base64URL.encode(b)); out.append(0x22)
        case .array(let items):
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                appendJSON(item, to: &out)
            }
            out.append(0x5D)
        case .object(let members):
            out.append(0x7B)
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                appendJacksonString(member.name, to: &out)
                out.append(0x3A)
                appendJSON(member.node, to: &out)
            }
            out.append(0x7D)
        }
    }

    /// Jackson's string quoting: `"` and `\` escaped, control characters as `\b \t \n \f \r` or
    /// `\u00XX` with upper-case hex digits, everything else (including non-ASCII) as is.
    static func appendJacksonString(_ s: String, to out: inout ByteBuffer) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append("\\\"")
            case 0x5C: out.append("\\\\")
            case 0x08: out.append("\\b")
            case 0x09: out.append("\\t")
            case 0x0A: out.append("\\n")
            case 0x0C: out.append("\\f")
            case 0x0D: out.append("\\r")
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
                out.append("\\u00"); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 0x0F)])
            default: out.append(b)
            }
        }
        out.append(0x22)
    }
}
