import KafkaRecords

/// Writes JSON exactly as Kafka's tools do: compact (no whitespace), members in the
/// given order, and strings escaped the way Jackson escapes them (`\"`, `\\`, the short
/// forms `\b \t \n \f \r`, `\u00XX` with upper-case hex for other control characters,
/// everything else verbatim) — KafkaRecords' `JSON` escaper, shared with every other JSON
/// kseg writes. Byte-identical output makes plans diffable against Kafka's.
public enum JSONWriter {
    public static func compact(_ value: JSONValue) -> String {
        var out = ByteBuffer(capacity: 256)
        write(value, into: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    public static func write(_ value: JSONValue, into out: inout ByteBuffer) {
        switch value {
        case .null: out.append("null")
        case let .bool(flag): out.append(flag ? "true" : "false")
        case let .integer(number): out.appendDecimal(number)
        case let .number(number): out.appendString(formatDouble(number))
        case let .string(text): writeString(text, into: &out)
        case let .array(elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Jackson writes non-finite doubles as bare tokens; JSON has none, so use null.
    static func formatDouble(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) + ".0" }
        return String(number)
    }

    /// A string literal as Jackson writes it (upper-case hex in `\u00XX`).
    public static func writeString(_ text: String, into out: inout ByteBuffer) {
        JSON.appendString(text, to: &out, upperCaseHex: true)
    }
}
