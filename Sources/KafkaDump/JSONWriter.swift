import KafkaRecords

/// Appends compact JSON to a byte buffer. Only what the dump needs: objects written field by field,
/// strings escaped per RFC 8259 (non-ASCII passes through as UTF-8).
struct JSONObjectWriter {
    private var first = true

    init(type: StaticString, into out: inout ByteBuffer) {
        out.append("{\"type\":\"")
        out.append(type)
        out.append("\"")
        first = false
    }

    mutating func key(_ name: StaticString, _ out: inout ByteBuffer) {
        out.append(first ? "\"" : ",\"")
        first = false
        out.append(name)
        out.append("\":")
    }

    mutating func field(_ name: StaticString, _ value: Int64, _ out: inout ByteBuffer) { key(name, &out); out.appendDecimal(value) }
    mutating func field(_ name: StaticString, _ value: Int, _ out: inout ByteBuffer) { key(name, &out); out.appendDecimal(value) }
    mutating func field(_ name: StaticString, _ value: Int32, _ out: inout ByteBuffer) { key(name, &out); out.appendDecimal(value) }
    mutating func field(_ name: StaticString, _ value: Int16, _ out: inout ByteBuffer) { key(name, &out); out.appendDecimal(value) }
    mutating func field(_ name: StaticString, _ value: UInt32, _ out: inout ByteBuffer) { key(name, &out); out.appendDecimal(value) }
    mutating func field(_ name: StaticString, _ value: Bool, _ out: inout ByteBuffer) { key(name, &out); out.appendBool(value) }
    mutating func field(_ name: StaticString, _ value: String, _ out: inout ByteBuffer) {
        key(name, &out)
        JSON.appendString(value, to: &out)
    }
    mutating func fieldStatic(_ name: StaticString, _ value: StaticString, _ out: inout ByteBuffer) {
        key(name, &out)
        out.append("\"")
        out.append(value)
        out.append("\"")
    }
    mutating func fieldOptional(_ name: StaticString, _ value: Int64?, _ out: inout ByteBuffer) {
        key(name, &out)
        if let value { out.appendDecimal(value) } else { out.append("null") }
    }

    func close(_ out: inout ByteBuffer) {
        out.append("}\n")
    }
}
