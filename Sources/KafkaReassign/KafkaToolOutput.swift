/// Finds the JSON document inside text that one of Kafka's tools printed.
///
/// Users paste what they have: a bare JSON file, the two blocks of
/// `kafka-reassign-partitions.sh --generate` ("Current partition replica assignment",
/// then "Proposed partition reassignment configuration"), the rollback block of
/// `--execute`, or `kafka-log-dirs.sh --describe` output with its two status lines.
/// In every case the wanted document is the first line that starts with `{`.
public enum KafkaToolOutput {
    /// The first JSON document in `bytes`: the whole input when it starts with `{`
    /// (then nothing may follow it), otherwise the value starting on the first line
    /// that begins with `{` (whatever follows, such as a second block, is ignored).
    public static func firstJSONDocument(_ bytes: [UInt8], source: String) throws -> JSONValue {
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
            return try JSONReader.parse(bytes, source: source)
        }
        var lineStart = index
        while lineStart < bytes.count {
            var first = lineStart
            while first < bytes.count, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
            if first < bytes.count, bytes[first] == UInt8(ascii: "{") {
                return try JSONReader.parsePrefix(bytes, from: first, source: source).0
            }
            while lineStart < bytes.count, bytes[lineStart] != UInt8(ascii: "\n") { lineStart += 1 }
            lineStart += 1
        }
        throw ReassignError.malformedJSON(source: source, offset: bytes.count, reason: "no JSON document found")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
