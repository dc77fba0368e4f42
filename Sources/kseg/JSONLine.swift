import KafkaRecords

/// A small JSON value for the maintenance commands' `--json` lines (the dump has its own
/// streaming writer). Keys keep their insertion order.
enum JSONLine {
    indirect enum Value {
        case string(String), int(Int64), double(Double), bool(Bool), null, array([Value]), object(KeyValuePairs<String, Value>)
        case orderedObject([(String, Value)])
    }

    static func object(_ fields: KeyValuePairs<String, Value>) -> String { render(.object(fields)) }
    static func object(_ fields: [(String, Value)]) -> String { render(.orderedObject(fields)) }

    static func render(_ value: Value) -> String {
        switch value {
        case .string(let s): return quote(s)
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? String(d) : "null"
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(render).joined(separator: ",") + "]"
        case .object(let fields): return "{" + fields.map { quote($0.key) + ":" + render($0.value) }.joined(separator: ",") + "}"
        case .orderedObject(let fields): return "{" + fields.map { quote($0.0) + ":" + render($0.1) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ s: String) -> String { JSON.quoted(s) }
}
