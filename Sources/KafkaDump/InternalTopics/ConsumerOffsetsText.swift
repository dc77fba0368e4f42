/// `--offsets-decoder` (dump-and-index §4.12.2): a `__consumer_offsets` record as Kafka's
/// `DumpLogSegments.OffsetsMessageParser` prints it (`core/src/main/scala/kafka/tools/
/// DumpLogSegments.scala`): `GroupCoordinatorRecordSerde` reads it, the generated JSON converters
/// and Jackson write it.
enum ConsumerOffsetsText {
    /// The key text and the payload text; nil parts are not printed. Throws only for a record
    /// without key, where Kafka's tool aborts; every other failure is Kafka's error text.
    static func render(offset: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws(JavaException) -> (key: String?, payload: String?) {
        guard let key else {
            throw .runtime("Failed to decode message at offset \(offset) using offset topic decoder (message had a missing key)")
        }
        do throws(Failure) {
            return try format(key: key, value: value)
        } catch {
            switch error {
            case .unknownRecordType(let type):
                return ("Unknown record type \(type) at offset \(offset), skipping.", nil)
            case .java(let exception):
                // `case e: Throwable` in OffsetsMessageParser.parse.
                return ("Error at offset \(offset), skipping. \(exception.messageText)", nil)
            }
        }
    }

    enum Failure: Error {
        /// `CoordinatorLoader.UnknownRecordTypeException`.
        case unknownRecordType(Int16)
        case java(JavaException)
    }

    /// `CoordinatorRecordSerde.deserialize`, then `prepareKey` and `prepareValue`.
    static func format(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?) throws(Failure) -> (key: String?, payload: String?) {
        var k = KafkaMessageReader(key)
        let type = try readVersion(&k, "key")
        guard let schemas = ConsumerOffsetsSchemas.forRecordType(type) else { throw .unknownRecordType(type) }
        let keyValue = try readMessage(schemas.key, &k, version: type, "key")
        var payload = "<DELETE>"
        if let value {
            var v = KafkaMessageReader(value)
            let version = try readVersion(&v, "value")
            let valueValue = try readMessage(schemas.value, &v, version: version, "value")
            do throws(JavaException) {
                var data = try schemas.value.json(valueValue, version: version)
                if schemas.value === ConsumerOffsetsSchemas.groupMetadataValue { decodeConsumerProtocol(&data) }
                payload = JacksonNode.object([.init(name: "version", value: .text(String(version))), .init(name: "data", value: data)]).compactText
            } catch {
                throw .java(error)
            }
        }
        do throws(JavaException) {
            let data = try schemas.key.json(keyValue, version: type)
            return (JacksonNode.object([.init(name: "type", value: .text(String(type))), .init(name: "data", value: data)]).compactText, payload)
        } catch {
            throw .java(error)
        }
    }

    /// `CoordinatorRecordSerde.readVersion`.
    static func readVersion(_ r: inout KafkaMessageReader, _ part: String) throws(Failure) -> Int16 {
        do throws(JavaException) {
            return try r.readInt16()
        } catch {
            throw .java(.runtime("Could not read version from \(part)'s buffer."))
        }
    }

    /// `CoordinatorRecordSerde.readMessage`: failures wrapped with the version and the part.
    static func readMessage(_ schema: KafkaMessage.Schema, _ r: inout KafkaMessageReader, version: Int16, _ part: String) throws(Failure) -> KafkaMessage.StructValue {
        do throws(JavaException) {
            return try schema.read(&r, version: version)
        } catch {
            throw .java(.runtime("Could not read record with version \(version) from \(part)'s buffer due to: \(error.messageText)."))
        }
    }

    /// `OffsetsMessageParser.prepareGroupMetadataValue`: with protocol type `consumer`, each member's
    /// `subscription` and `assignment` are replaced by the JSON of the embedded message (an int16
    /// version, then the message at that version). A RuntimeException while decoding one leaves its
    /// base64 bytes in place.
    static func decodeConsumerProtocol(_ data: inout JacksonNode) {
        guard data["protocolType"] == .text("consumer"), case .array(var members)? = data["members"] else { return }
        for i in members.indices {
            for (field, schema) in [("subscription", ConsumerOffsetsSchemas.consumerProtocolSubscription),
                                    ("assignment", ConsumerOffsetsSchemas.consumerProtocolAssignment)] {
                guard case .binary(let bytes)? = members[i][field] else { continue }
                if let decoded = embedded(bytes, schema) { members[i].replace(field, with: decoded) }
            }
        }
        data.replace("members", with: .array(members))
    }

    static func embedded(_ bytes: [UInt8], _ schema: KafkaMessage.Schema) -> JacksonNode? {
        bytes.withUnsafeBytes { raw in try? decode(raw, schema) }
    }

    static func decode(_ raw: UnsafeRawBufferPointer, _ schema: KafkaMessage.Schema) throws(JavaException) -> JacksonNode {
        var r = KafkaMessageReader(raw)
        let version = try r.readInt16()
        return try schema.json(try schema.read(&r, version: version), version: version)
    }
}
