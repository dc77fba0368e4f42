/// `meta.properties` at a log directory's root: Java properties (on-disk-format §1.10).
public struct MetaProperties: Equatable, Sendable {
    public static let fileName = "meta.properties"
    /// Keys and values in file order.
    public var entries: [(key: String, value: String)]

    public static func == (a: MetaProperties, b: MetaProperties) -> Bool {
        a.entries.map { $0.key } == b.entries.map { $0.key } && a.entries.map { $0.value } == b.entries.map { $0.value }
    }

    public subscript(key: String) -> String? { entries.last(where: { $0.key == key })?.value }

    /// The broker this directory belongs to: `node.id` (KRaft) or `broker.id` (ZooKeeper era).
    public var nodeId: Int32? { (self["node.id"] ?? self["broker.id"]).flatMap(LogFileName.parseJavaInt) }

    /// The subset of the properties syntax Kafka's files use: comments (`#`, `!`), blank lines,
    /// `key=value` / `key:value` / `key value`, surrounding whitespace trimmed.
    public static func parse(_ bytes: [UInt8]) -> MetaProperties {
        var entries: [(String, String)] = []
        for raw in CheckpointText.splitLines(bytes) {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("!") { continue }
            let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" || $0 == " " || $0 == "\t" }) ?? line.endIndex
            let key = String(line[..<separator])
            var rest = separator < line.endIndex ? line[line.index(after: separator)...] : ""
            rest = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == "=" || $0 == ":" })
            let value = String(rest).trimmingTrailingWhitespace()
            entries.append((key, value))
        }
        return MetaProperties(entries: entries)
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
