/// Kafka's `--topics-to-move-json-file` document: `{"version":1,"topics":[{"topic":"a"}]}`.
///
/// Parsed with `--generate`'s rules: `version` optional but only 1, `topics` optional
/// (missing means none), each element needs a string `topic`, other fields are ignored,
/// and a topic named twice is an error.
public enum TopicsToMoveJSON {
    public static func parse(_ bytes: [UInt8], source: String) throws -> [String] {
        let document = try KafkaToolOutput.firstJSONDocument(bytes, source: source)
        let fields = JSONFields(source: source)
        _ = try fields.object(document, "(document)")
        try fields.checkVersion(document)
        guard let topicsValue = document["topics"], topicsValue != .null else { return [] }
        var topics: [String] = []
        var seen = Set<String>()
        var duplicates: [String] = []
        for (index, element) in try fields.array(topicsValue, "topics").enumerated() {
            let path = "topics[\(index)]"
            _ = try fields.object(element, path)
            let topic = try fields.string(try fields.required(element, "topic", path), path + ".topic")
            if !seen.insert(topic).inserted, !duplicates.contains(topic) { duplicates.append(topic) }
            topics.append(topic)
        }
        guard duplicates.isEmpty else {
            throw fields.fail("topics", "List of topics to reassign contains duplicate entries: \(duplicates.joined(separator: ", "))")
        }
        return topics
    }
}
