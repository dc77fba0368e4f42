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
        var s = value
        s.withUTF8 { JSON.appendString(UnsafeRawBufferPointer($0), to: &out) }
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

/// JSON string literals, RFC 8259: the one escaper of kseg's JSON outputs.
public enum JSON {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = ByteBuffer(capacity: text.utf8.count + 2)
        var text = text
        text.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &out) }
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Appends `bytes` (already UTF-8) as a JSON string literal: `"` and `\`, the short escapes
    /// `\b \t \n \f \r`, other control characters as `\u00XX` (Jackson, whose output the
    /// decoders reproduce, writes those hex digits in upper case), everything else as is.
    public static func appendString(_ bytes: UnsafeRawBufferPointer, to out: inout ByteBuffer, upperCaseHex: Bool = false) {
        out.append(0x22)
        var runStart = 0
        let n = bytes.count
        var i = 0
        while i < n {
            let b = bytes[i]
            if b < 0x20 || b == 0x22 || b == 0x5C {
                if runStart < i { out.append(UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
                switch b {
                case 0x22: out.append("\\\"")
                case 0x5C: out.append("\\\\")
                case 0x0A: out.append("\\n")
                case 0x0D: out.append("\\r")
                case 0x09: out.append("\\t")
                case 0x08: out.append("\\b")
                case 0x0C: out.append("\\f")
                default:
                    out.append("\\u00")
                    out.append(upperCaseHex ? upperHexDigit(b >> 4) : hexDigit(b >> 4))
                    out.append(upperCaseHex ? upperHexDigit(b & 0x0F) : hexDigit(b & 0x0F))
                }
                runStart = i + 1
            }
            i += 1
        }
        if runStart < n { out.append(UnsafeRawBufferPointer(rebasing: bytes[runStart..<n])) }
        out.append(0x22)
    }

    @inline(__always) static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }
    @inline(__always) static func upperHexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 55 + v }
}
