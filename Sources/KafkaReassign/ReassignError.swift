/// Everything that can stop a reassignment plan, with the cause attached.
///
/// The library never prints and never exits: the `kseg` executable turns these into
/// messages and exit codes — 64 (usage) for `invalidArgument`, which is about what was typed
/// on the command line, and 2 (operational failure) for everything about what the inputs hold.
/// Files that cannot be read or written fail with KafkaLog's `LogError`, as in every command.
public enum ReassignError: Error, Equatable, CustomStringConvertible {
    /// The text of `source` is not JSON; `offset` is the byte where parsing stopped.
    case malformedJSON(source: String, offset: Int, reason: String)
    /// An input parses but breaks the rules of the Kafka format it should follow, or names
    /// something the other inputs lack; `path` names the offending element
    /// (e.g. `partitions[3].replicas`).
    case invalidDocument(source: String, path: String, reason: String)
    /// A command-line value in Kafka's syntax (`--broker-list`, `--broker-racks`, ...) is wrong,
    /// alone or together with another option.
    case invalidArgument(option: String, value: String, reason: String)
    /// The inputs admit no assignment at all (e.g. a replication factor above the broker count).
    case infeasible(reason: String)

    public var description: String {
        switch self {
        case let .malformedJSON(source, offset, reason):
            return "\(source): not valid JSON at byte \(offset): \(reason)"
        case let .invalidDocument(source, path, reason):
            return "\(source): \(path): \(reason)"
        case let .invalidArgument(option, value, reason):
            return "\(option) '\(value)': \(reason)"
        case let .infeasible(reason):
            return "no valid assignment exists: \(reason)"
        }
    }
}
