/// JSON string literals, RFC 8259: the one escaper of kseg's JSON outputs — the dump's lines,
/// the maintenance commands' `--json`, and the reassignment documents Kafka's tools read.
/// It lives with the byte utilities so that every layer above can share it.
public enum JSON {
    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var out = ByteBuffer(capacity: text.utf8.count + 2)
        appendString(text, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal.
    @inlinable
    public static func appendString(_ text: String, to out: inout ByteBuffer, upperCaseHex: Bool = false) {
        var text = text
        text.withUTF8 { appendString(UnsafeRawBufferPointer($0), to: &out, upperCaseHex: upperCaseHex) }
    }

    /// Appends `bytes` (already UTF-8) as a JSON string literal: `"` and `\`, the short escapes
    /// `\b \t \n \f \r`, other control characters as `\u00XX` (Jackson, whose output the
    /// decoders reproduce, writes those hex digits in upper case), everything else as is.
    @inlinable
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

    @inlinable @inline(__always) public static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 87 + v }
    @inlinable @inline(__always) public static func upperHexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 48 + v : 55 + v }
}
