import KafkaRecords

/// Renders bytes the way Kafka's dump tool prints them: `new String(bytes, UTF_8)` written to a UTF-8
/// stdout. Valid UTF-8 passes through unchanged; each malformed subsequence becomes U+FFFD following
/// the JDK decoder's grouping rules (which differ from the Unicode "maximal subpart" rule for encoded
/// surrogates), so binary payloads print byte-for-byte as Kafka prints them.
public enum JavaText {
    static let replacement: (UInt8, UInt8, UInt8) = (0xEF, 0xBF, 0xBD)

    @inline(__always)
    static func appendReplacement(_ out: inout ByteBuffer) {
        let p = out.reserve(3)
        p.storeBytes(of: 0xEF, as: UInt8.self)
        (p + 1).storeBytes(of: 0xBF, as: UInt8.self)
        (p + 2).storeBytes(of: 0xBD, as: UInt8.self)
        out.count += 3
    }

    /// Appends `bytes` decoded as Java decodes UTF-8 and re-encoded as UTF-8.
    @inline(__always)
    public static func appendDecodedUTF8(_ bytes: UnsafeRawBufferPointer, to out: inout ByteBuffer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if isASCII(base, bytes.count) {
            out.append(bytes)
            return
        }
        appendSlow(base.assumingMemoryBound(to: UInt8.self), bytes.count, to: &out)
    }

    /// `new String(bytes, UTF_8)`.
    static func decodedString(_ bytes: UnsafeRawBufferPointer) -> String {
        var out = ByteBuffer(capacity: bytes.count + 16)
        appendDecodedUTF8(bytes, to: &out)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    @inline(__always)
    static func isASCII(_ p: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        var acc: UInt64 = 0
        while i + 8 <= n {
            acc |= p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            acc |= UInt64(p.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }

    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    /// The JDK's `String.decodeUTF8_UTF16` replacement logic, emitting UTF-8 instead of UTF-16.
    static func appendSlow(_ src: UnsafePointer<UInt8>, _ n: Int, to out: inout ByteBuffer) {
        var sp = 0
        while sp < n {
            let b1 = src[sp]
            sp += 1
            if b1 < 0x80 {
                out.append(b1)
            } else if b1 >= 0xC2 && b1 <= 0xDF {
                // Two-byte form (C0/C1 are overlong and fall to the final else).
                if sp < n {
                    let b2 = src[sp]
                    if !isContinuation(b2) {
                        appendReplacement(&out)
                    } else {
                        sp += 1
                        out.append(b1); out.append(b2)
                    }
                    continue
                }
                appendReplacement(&out)
                break
            } else if b1 >= 0xE0 && b1 <= 0xEF {
                if sp + 1 < n {
                    let b2 = src[sp], b3 = src[sp + 1]
                    let malformed = (b1 == 0xE0 && b2 & 0xE0 == 0x80) || !isContinuation(b2) || !isContinuation(b3)
                    if malformed {
                        appendReplacement(&out)
                        // malformed3: skip 1 if b2 alone is already bad, else 2.
                        sp += ((b1 == 0xE0 && b2 & 0xE0 == 0x80) || !isContinuation(b2)) ? 0 : 1
                    } else {
                        sp += 2
                        if b1 == 0xED && b2 >= 0xA0 {
                            // An encoded surrogate: one replacement for all three bytes.
                            appendReplacement(&out)
                        } else {
                            out.append(b1); out.append(b2); out.append(b3)
                        }
                    }
                    continue
                }
                if sp < n {
                    let b2 = src[sp]
                    if (b1 == 0xE0 && b2 & 0xE0 == 0x80) || !isContinuation(b2) {
                        appendReplacement(&out)
                        continue
                    }
                }
                appendReplacement(&out)
                break
            } else if b1 >= 0xF0 && b1 <= 0xF7 {
                if sp + 2 < n {
                    let b2 = src[sp], b3 = src[sp + 1], b4 = src[sp + 2]
                    let codePoint = (UInt32(b1 & 0x07) << 18) | (UInt32(b2 & 0x3F) << 12) | (UInt32(b3 & 0x3F) << 6) | UInt32(b4 & 0x3F)
                    let malformed = !isContinuation(b2) || !isContinuation(b3) || !isContinuation(b4)
                    if malformed || codePoint < 0x10000 || codePoint > 0x10FFFF {
                        appendReplacement(&out)
                        // malformed4: how many bytes the bad sequence spans (1 to 3).
                        if b1 > 0xF4 || (b1 == 0xF0 && (b2 < 0x90 || b2 > 0xBF)) || (b1 == 0xF4 && b2 & 0xF0 != 0x80) || !isContinuation(b2) {
                            // skip only b1
                        } else if !isContinuation(b3) {
                            sp += 1
                        } else {
                            sp += 2
                        }
                    } else {
                        sp += 3
                        out.append(b1); out.append(b2); out.append(b3); out.append(b4)
                    }
                    continue
                }
                if b1 > 0xF4 {
                    appendReplacement(&out)
                    continue
                }
                if sp < n {
                    let b2 = src[sp]
                    if (b1 == 0xF0 && (b2 < 0x90 || b2 > 0xBF)) || (b1 == 0xF4 && b2 & 0xF0 != 0x80) || !isContinuation(b2) {
                        appendReplacement(&out)
                        continue
                    }
                }
                sp += 1
                appendReplacement(&out)
                if sp < n && !isContinuation(src[sp]) { continue }
                break
            } else {
                appendReplacement(&out)
            }
        }
    }
}
