import KafkaRecords

/// Renders a key or value with one of the built-in decoders.
enum PayloadText {
    static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    @inline(__always)
    static func append(_ bytes: UnsafeRawBufferPointer, decoder: PayloadDecoder, to out: inout ByteBuffer) {
        switch decoder {
        case .string: JavaText.appendDecodedUTF8(bytes, to: &out)
        case .hex: appendHex(bytes, to: &out)
        case .base64: appendBase64(bytes, to: &out)
        }
    }

    static func appendHex(_ bytes: UnsafeRawBufferPointer, to out: inout ByteBuffer) {
        let p = out.reserve(bytes.count * 2)
        for (i, b) in bytes.enumerated() {
            p.storeBytes(of: JSON.hexDigit(b >> 4), toByteOffset: 2 * i, as: UInt8.self)
            p.storeBytes(of: JSON.hexDigit(b & 0x0F), toByteOffset: 2 * i + 1, as: UInt8.self)
        }
        out.count += bytes.count * 2
    }

    static func appendBase64(_ bytes: UnsafeRawBufferPointer, to out: inout ByteBuffer) {
        var i = 0
        let n = bytes.count
        while i + 3 <= n {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(base64Alphabet[Int(v >> 18)]); out.append(base64Alphabet[Int((v >> 12) & 63)])
            out.append(base64Alphabet[Int((v >> 6) & 63)]); out.append(base64Alphabet[Int(v & 63)])
            i += 3
        }
        if n - i == 1 {
            let v = UInt32(bytes[i]) << 16
            out.append(base64Alphabet[Int(v >> 18)]); out.append(base64Alphabet[Int((v >> 12) & 63)])
            out.append("==")
        } else if n - i == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(base64Alphabet[Int(v >> 18)]); out.append(base64Alphabet[Int((v >> 12) & 63)])
            out.append(base64Alphabet[Int((v >> 6) & 63)]); out.append("=")
        }
    }

    /// The rendered text as a String (for JSON fields).
    static func string(_ bytes: UnsafeRawBufferPointer, decoder: PayloadDecoder) -> String {
        var scratch = ByteBuffer(capacity: bytes.count * 2 + 8)
        append(bytes, decoder: decoder, to: &scratch)
        return String(decoding: scratch.bytes, as: UTF8.self)
    }
}
