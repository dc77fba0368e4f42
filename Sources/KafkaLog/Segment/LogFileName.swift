/// Kafka's file naming inside a partition directory (`LogFileUtils`): a 20-digit zero-padded offset
/// prefix, then a suffix.
public enum LogFileName {
    public static let logSuffix = ".log"
    public static let indexSuffix = ".index"
    public static let timeIndexSuffix = ".timeindex"
    public static let txnIndexSuffix = ".txnindex"
    public static let snapshotSuffix = ".snapshot"
    public static let checkpointSuffix = ".checkpoint"

    /// `00000000000000001046` for 1046.
    public static func prefix(for offset: Int64) -> String {
        let digits = String(offset)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    public static func name(for offset: Int64, suffix: String) -> String { prefix(for: offset) + suffix }

    /// The offset a file name encodes: everything before the first `.`, parsed as Java's
    /// `Long.parseLong` would (optional sign, decimal digits, no overflow).
    public static func offset(fromFileName name: String) -> Int64? {
        let stem = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        return parseJavaLong(stem)
    }

    /// The offset of a file named exactly `<20 digits><suffix>` (so not `….log.deleted`, `….log.swap`).
    public static func offset(ofExactName name: String, suffix: String) -> Int64? {
        guard name.utf8.count == 20 + suffix.utf8.count, name.hasSuffix(suffix),
              name.utf8.prefix(20).allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return offset(fromFileName: name)
    }

    /// The last path component.
    public static func fileName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if let slash = trimmed.lastIndex(of: "/") { return String(trimmed[trimmed.index(after: slash)...]) }
        return String(trimmed)
    }

    /// The directory part of a path (`.` when there is none). Trailing slashes do not count:
    /// `data/orders-0/` is in `data`, as `data/orders-0` is (the log directory whose `.lock` guards it).
    public static func directory(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The suffix Kafka's dump tool dispatches on: the file name from its last `.` (inclusive).
    public static func dispatchSuffix(of path: String) -> String? {
        let name = fileName(of: path)
        guard let dot = name.lastIndex(of: ".") else { return nil }
        return String(name[dot...])
    }

    /// Java `Long.parseLong`: optional leading `+`/`-`, at least one ASCII digit, within Int64.
    public static func parseJavaLong(_ text: String) -> Int64? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        guard !utf8.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in utf8 {
            guard byte >= 48 && byte <= 57 else { return nil }
            let digit = Int64(byte - 48)
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = a
        }
        return value
    }

    /// Java `Integer.parseInt`.
    public static func parseJavaInt(_ text: String) -> Int32? {
        guard let value = parseJavaLong(text), let narrow = Int32(exactly: value) else { return nil }
        return narrow
    }
}
