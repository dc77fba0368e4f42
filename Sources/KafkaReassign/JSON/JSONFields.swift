/// Typed access to the fields of Kafka's JSON documents, with errors that name the
/// element path (`partitions[3].replicas[1]`) the way a user would look for it.
///
/// The rules follow Kafka's `DecodeJson`: an "int" is a JSON number without fraction that
/// fits a Java `int`; a string must be a JSON string; lists must be arrays of those.
struct JSONFields {
    let source: String

    func fail(_ path: String, _ reason: String) -> ReassignError {
        .invalidDocument(source: source, path: path, reason: reason)
    }

    func object(_ value: JSONValue, _ path: String) throws -> [JSONMember] {
        guard case let .object(members) = value else { throw fail(path, "expected an object, found \(value.typeName)") }
        return members
    }

    func array(_ value: JSONValue, _ path: String) throws -> [JSONValue] {
        guard case let .array(elements) = value else { throw fail(path, "expected an array, found \(value.typeName)") }
        return elements
    }

    func string(_ value: JSONValue, _ path: String) throws -> String {
        guard case let .string(text) = value else { throw fail(path, "expected a string, found \(value.typeName)") }
        return text
    }

    func int32(_ value: JSONValue, _ path: String) throws -> Int32 {
        guard case let .integer(number) = value, let narrow = Int32(exactly: number) else {
            throw fail(path, "expected an integer that fits 32 bits, found \(JSONWriter.compact(value))")
        }
        return narrow
    }

    func int64(_ value: JSONValue, _ path: String) throws -> Int64 {
        guard case let .integer(number) = value else {
            throw fail(path, "expected an integer, found \(JSONWriter.compact(value))")
        }
        return number
    }

    func required(_ object: JSONValue, _ key: String, _ path: String) throws -> JSONValue {
        guard let value = object[key], value != .null else { throw fail(path, "missing required field \"\(key)\"") }
        return value
    }

    /// Kafka accepts a missing `version` as 1 and rejects every other value.
    func checkVersion(_ document: JSONValue) throws {
        guard let version = document["version"] else { return }
        let number = try int32(version, "version")
        guard number == 1 else { throw fail("version", "Not supported version field value \(number)") }
    }
}
