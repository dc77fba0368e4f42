/// `partition.metadata`: `version: 0\ntopic_id: <base64url uuid>` (on-disk-format §1.9).
public struct PartitionMetadata: Equatable, Sendable {
    public static let fileName = "partition.metadata"
    public var version: Int32
    /// The topic id as stored (22 characters of URL-safe base64).
    public var topicId: String

    public struct Failure: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public static func parse(_ bytes: [UInt8]) throws -> PartitionMetadata {
        let lines = CheckpointText.splitLines(bytes)
        guard lines.count >= 2 else { throw Failure(reason: "expected two lines (version and topic_id), found \(lines.count)") }
        func value(_ line: String, key: String) throws -> String {
            // Kafka splits on the regular expression `:\s+`.
            guard let colon = line.firstIndex(of: ":") else { throw Failure(reason: "malformed line \"\(line)\"") }
            let name = String(line[..<colon])
            let rest = line[line.index(after: colon)...]
            let trimmed = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard name == key, trimmed.count < rest.count, !trimmed.isEmpty else { throw Failure(reason: "malformed line \"\(line)\"") }
            return String(trimmed)
        }
        guard let version = LogFileName.parseJavaInt(try value(lines[0], key: "version")), version >= 0 else {
            throw Failure(reason: "malformed version line \"\(lines[0])\"")
        }
        let topicId = try value(lines[1], key: "topic_id")
        guard let raw = Base64URL.decode(topicId), raw.count == 16 else {
            throw Failure(reason: "topic_id \"\(topicId)\" is not a 16-byte base64url UUID")
        }
        guard raw.contains(where: { $0 != 0 }) else { throw Failure(reason: "topic_id is the all-zero UUID") }
        return PartitionMetadata(version: version, topicId: topicId)
    }
}

/// URL-safe base64 without padding (Kafka's `Uuid.toString`).
public enum Base64URL {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    public static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for c in text.utf8 {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            values.append(UInt8(v))
        }
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for v in values {
            buffer = (buffer << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 0x3F)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(6 - bits)) & 0x3F)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
