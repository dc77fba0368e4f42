/// One problem `verify-index` found: the file, where in it, what was expected and what was found.
public struct IndexFinding: Equatable, Sendable {
    public enum Check: String, Sendable {
        case missingIndex, indexSize, sanityCheck
        case entryNotOnBatchStart, entryOffsetOutsideBatch, entryBeyondLogEnd, entriesNotIncreasing
        case timeIndexEntry, timeIndexLastEntry
        case transactionIndex
        case invalidBatch, offsetsGoBackwards, invalidTail, unreadable
    }

    public var file: String
    public var check: Check
    /// Entry number in an index file, when the finding is about one entry.
    public var entry: Int?
    /// Byte position in the file the finding is about (a `.log` position for log findings).
    public var position: Int?
    public var expected: String
    public var found: String

    public init(file: String, check: Check, entry: Int? = nil, position: Int? = nil, expected: String, found: String) {
        self.file = file
        self.check = check
        self.entry = entry
        self.position = position
        self.expected = expected
        self.found = found
    }

    /// `file: entry 3 (byte 24): expected …, found …`
    public var text: String {
        var location = ""
        if let entry { location += "entry \(entry)" }
        if let position { location += location.isEmpty ? "byte \(position)" : " (byte \(position))" }
        return "\(file): \(location.isEmpty ? "" : location + ": ")\(check.rawValue): expected \(expected), found \(found)"
    }
}

/// A note that is not a finding: valid data Kafka's own `--verify-index-only` would still flag.
public struct IndexNote: Equatable, Sendable {
    public var file: String
    public var entry: Int
    public var message: String
}
