import KafkaRecords

/// `--offsets-decoder` (dump-and-index §4.12.2): `__consumer_offsets` keys and values as Kafka's
/// generated JSON converters print them.
enum ConsumerOffsetsText {
    static func render(offset: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws -> (key: String?, payload: String?) {
        guard let key else {
            throw RecordsError.invalid("Failed to decode message at offset \(offset) using offset topic decoder (message had a missing key)", at: 0)
        }
        do {
            var k = GeneratedMessageReader(key)
            let type = try k.int16()
            let keyJSON: String
            switch type {
            case 0, 1:
                let group = try k.string(flexible: false) ?? ""
                let topic = try k.string(flexible: false) ?? ""
                let partition = try k.int32()
                keyJSON = "{\"group\":\(json(group)),\"topic\":\(json(topic)),\"partition\":\(partition)}"
            case 2:
                keyJSON = "{\"group\":\(json(try k.string(flexible: false) ?? ""))}"
            default:
                return ("Unknown record type \(type) at offset \(offset), skipping.", nil)
            }
            let keyText = "{\"type\":\"\(type)\",\"data\":\(keyJSON)}"
            guard let value else { return (keyText, "<DELETE>") }
            var v = GeneratedMessageReader(value)
            let version = try v.int16()
            let valueJSON = type == 2 ? try groupMetadataValue(&v, version: version) : try offsetCommitValue(&v, version: version)
            return (keyText, "{\"version\":\"\(version)\",\"data\":\(valueJSON)}")
        } catch let error as RecordsError {
            return ("Error at offset \(offset), skipping. \(error)", nil)
        }
    }

    static func offsetCommitValue(_ r: inout GeneratedMessageReader, version: Int16) throws -> String {
        guard (0...4).contains(version) else { throw RecordsError.invalid("Unknown OffsetCommitValue version \(version)", at: 0) }
        let flexible = version >= 4
        let offset = try r.int64()
        let leaderEpoch = version >= 3 ? try r.int32() : -1
        let metadata = try r.string(flexible: flexible) ?? ""
        let commitTimestamp = try r.int64()
        let expireTimestamp = version == 1 ? try r.int64() : -1
        if flexible { try r.skipTaggedFields() }
        var fields = ["\"offset\":\(offset)"]
        if version >= 3 { fields.append("\"leaderEpoch\":\(leaderEpoch)") }
        fields.append("\"metadata\":\(json(metadata))")
        fields.append("\"commitTimestamp\":\(commitTimestamp)")
        if version == 1 { fields.append("\"expireTimestamp\":\(expireTimestamp)") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func groupMetadataValue(_ r: inout GeneratedMessageReader, version: Int16) throws -> String {
        guard (0...4).contains(version) else { throw RecordsError.invalid("Unknown GroupMetadataValue version \(version)", at: 0) }
        let flexible = version >= 4
        let protocolType = try r.string(flexible: flexible) ?? ""
        let generation = try r.int32()
        let protocolName = try r.string(flexible: flexible)
        let leader = try r.string(flexible: flexible)
        var fields = ["\"protocolType\":\(json(protocolType))", "\"generation\":\(generation)",
                      "\"protocol\":\(json(protocolName))", "\"leader\":\(json(leader))"]
        if version >= 2 { fields.append("\"currentStateTimestamp\":\(try r.int64())") }
        var members: [String] = []
        for _ in 0..<(try r.arrayCount(flexible: flexible) ?? 0) {
            var m: [String] = ["\"memberId\":\(json(try r.string(flexible: flexible) ?? ""))"]
            if version >= 3 { m.append("\"groupInstanceId\":\(json(try r.string(flexible: flexible)))") }
            m.append("\"clientId\":\(json(try r.string(flexible: flexible) ?? ""))")
            m.append("\"clientHost\":\(json(try r.string(flexible: flexible) ?? ""))")
            if version >= 1 { m.append("\"rebalanceTimeout\":\(try r.int32())") }
            m.append("\"sessionTimeout\":\(try r.int32())")
            let subscription = try r.bytes(flexible: flexible)
            let assignment = try r.bytes(flexible: flexible)
            if flexible { try r.skipTaggedFields() }
            let isConsumer = protocolType == "consumer"
            m.append("\"subscription\":" + (isConsumer ? (subscriptionJSON(subscription) ?? base64(subscription)) : base64(subscription)))
            m.append("\"assignment\":" + (isConsumer ? (assignmentJSON(assignment) ?? base64(assignment)) : base64(assignment)))
            members.append("{" + m.joined(separator: ",") + "}")
        }
        if flexible { try r.skipTaggedFields() }
        fields.append("\"members\":[" + members.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func subscriptionJSON(_ bytes: UnsafeRawBufferPointer?) -> String? {
        guard let bytes else { return nil }
        var r = GeneratedMessageReader(bytes)
        do {
            let version = try r.int16()
            var fields: [String] = []
            var topics: [String] = []
            for _ in 0..<(try r.arrayCount(flexible: false) ?? 0) { topics.append(json(try r.string(flexible: false) ?? "")) }
            fields.append("\"topics\":[" + topics.joined(separator: ",") + "]")
            fields.append("\"userData\":" + base64OrNull(try r.bytes(flexible: false)))
            if version >= 1 { fields.append("\"ownedPartitions\":" + (try topicPartitions(&r))) }
            if version >= 2 { fields.append("\"generationId\":\(try r.int32())") }
            if version >= 3 { fields.append("\"rackId\":\(json(try r.string(flexible: false)))") }
            return "{" + fields.joined(separator: ",") + "}"
        } catch { return nil }
    }

    static func assignmentJSON(_ bytes: UnsafeRawBufferPointer?) -> String? {
        guard let bytes else { return nil }
        var r = GeneratedMessageReader(bytes)
        do {
            _ = try r.int16()
            let partitions = try topicPartitions(&r)
            let userData = base64OrNull(try r.bytes(flexible: false))
            return "{\"assignedPartitions\":\(partitions),\"userData\":\(userData)}"
        } catch { return nil }
    }

    static func topicPartitions(_ r: inout GeneratedMessageReader) throws -> String {
        var items: [String] = []
        for _ in 0..<(try r.arrayCount(flexible: false) ?? 0) {
            let topic = try r.string(flexible: false) ?? ""
            var ids: [String] = []
            for _ in 0..<(try r.arrayCount(flexible: false) ?? 0) { ids.append(String(try r.int32())) }
            items.append("{\"topic\":\(json(topic)),\"partitions\":[\(ids.joined(separator: ","))]}")
        }
        return "[" + items.joined(separator: ",") + "]"
    }

    static func json(_ s: String?) -> String {
        guard let s else { return "null" }
        return ControlRecordText.jsonString(s)
    }

    static func base64(_ bytes: UnsafeRawBufferPointer?) -> String {
        guard let bytes else { return "null" }
        var out = ByteBuffer(capacity: bytes.count * 2 + 4)
        out.append("\"")
        PayloadText.appendBase64(bytes, to: &out)
        out.append("\"")
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func base64OrNull(_ bytes: UnsafeRawBufferPointer?) -> String { base64(bytes) }
}
