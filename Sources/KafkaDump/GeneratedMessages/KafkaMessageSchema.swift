/// Kafka's message schemas, as its JSON schema files declare them (`*/src/main/resources/common/
/// message/*.json`), resolved the way Kafka's code generator resolves them
/// (`generator/src/main/java/org/apache/kafka/message/{MessageSpec,FieldSpec,StructRegistry,
/// Versions}.java`).
///
/// kseg does not generate code: `KafkaMessageDecoder` and `KafkaMessageJSON` interpret a schema the
/// way the generated `read()` and `…JsonConverter.write()` behave. Schemas are written in Swift
/// (see `ConsumerOffsetsSchemas`) field for field like the JSON files, so a review is a side-by-side
/// read.
enum KafkaMessage {
    /// A message: `name`, `validVersions`, `flexibleVersions`, `fields`, `commonStructs`.
    final class Schema: Sendable {
        let name: String
        let validVersions: Versions
        let flexibleVersions: Versions
        /// The top-level struct (its versions and parent versions are the valid versions).
        let root: Struct

        init(_ name: String, validVersions: Versions, flexibleVersions: Versions, _ fields: [FieldSpec],
             commonStructs: [StructSpec] = []) {
            self.name = name
            self.validVersions = validVersions
            self.flexibleVersions = flexibleVersions
            var resolver = Resolver(commonStructs: commonStructs)
            root = resolver.resolve(StructSpec(name, versions: validVersions, fields), parentVersions: validVersions)
        }
    }

    /// A field as a schema file declares it (`FieldSpec`).
    struct FieldSpec: Sendable {
        let name: String
        let type: TypeSpec
        let versions: Versions
        let nullableVersions: Versions
        let taggedVersions: Versions
        let tag: Int32?
        /// `default` as written in the schema; a JSON `null` there is the empty string (`FieldSpec`
        /// maps it so), i.e. the type's default, not null.
        let defaultString: String
        let zeroCopy: Bool

        init(_ name: String, _ type: TypeSpec, versions: Versions? = nil, nullableVersions: Versions = .none,
             taggedVersions: Versions = .none, tag: Int32? = nil, default defaultString: String = "",
             zeroCopy: Bool = false) {
            // FieldSpec: "If versions is not set, but taggedVersions is, default to taggedVersions."
            let resolvedVersions = versions ?? taggedVersions
            precondition(!resolvedVersions.isEmpty, "field \(name) has no versions")
            precondition((tag == nil) == taggedVersions.isEmpty, "field \(name): a tag goes with tagged versions")
            self.name = name
            self.type = type
            self.versions = resolvedVersions
            self.nullableVersions = nullableVersions
            self.taggedVersions = taggedVersions
            self.tag = tag
            self.defaultString = defaultString
            self.zeroCopy = zeroCopy
        }
    }

    /// A field's declared type. A struct is either declared inline (its fields right there; its
    /// versions are the field's) or a `commonStructs` entry referred to by name.
    indirect enum TypeSpec: Sendable {
        case int8, int16, uint16, int32, int64, uuid, string, bytes
        case array(TypeSpec)
        case inline(String, [FieldSpec])
        case common(String)
    }

    /// A `commonStructs` entry (or, internally, the top-level struct).
    struct StructSpec: Sendable {
        let name: String
        let versions: Versions
        let fields: [FieldSpec]

        init(_ name: String, versions: Versions, _ fields: [FieldSpec]) {
            self.name = name
            self.versions = versions
            self.fields = fields
        }
    }

    /// A struct as its generated class sees it.
    final class Struct: Sendable {
        /// The generated class's name (in "Can't read version … of <name>").
        let name: String
        let versions: Versions
        /// The `parentVersions` the generator passes to this class's `read()` and `write()`: the
        /// valid versions for the top level, for an inline struct the enclosing struct's parent
        /// versions ∩ the enclosing struct's versions, for a common struct its own versions
        /// (`MessageDataGenerator.generateClass`/`generateSubclasses`).
        let parentVersions: Versions
        let fields: [Field]

        init(name: String, versions: Versions, parentVersions: Versions, fields: [Field]) {
            self.name = name
            self.versions = versions
            self.parentVersions = parentVersions
            self.fields = fields
        }

        /// `curVersions` of the generator: the versions in which this class is ever read.
        var currentVersions: Versions { parentVersions.intersect(versions) }

        /// The generated no-argument constructor: every field at its default.
        var defaultValue: StructValue {
            StructValue(fields: fields.map(\.defaultValue), unknownTaggedFields: [])
        }

        func index(of name: String) -> Int {
            guard let i = fields.firstIndex(where: { $0.spec.name == name }) else { preconditionFailure("no field \(name) in \(self.name)") }
            return i
        }
    }

    /// A field resolved for reading and for writing JSON.
    struct Field: Sendable {
        /// As the schema declares it.
        let spec: FieldSpec
        /// `camelCaseName()`: the schema name with its first letter lower-cased, used as the JSON key
        /// and in the generated readers' error messages.
        let jsonName: String
        let kind: Kind
        /// The versions in which the field is read in place (present and not tagged).
        let mandatoryVersions: Versions
        /// What the generated class holds when the field is absent (`FieldSpec.fieldDefault`).
        let defaultValue: Value
    }

    indirect enum Kind: Sendable {
        case int8, int16, uint16, int32, int64, uuid, string, bytes
        case array(Kind)
        case structure(Struct)
    }
}

// MARK: - Versions

extension KafkaMessage {
    /// `org.apache.kafka.message.Versions`: an inclusive range of versions; `none` is 0 to -1.
    struct Versions: Equatable, Sendable, ExpressibleByStringLiteral {
        let lowest: Int16
        let highest: Int16

        static let none = Versions(lowest: 0, highest: -1)

        init(lowest: Int16, highest: Int16) {
            self.lowest = lowest
            self.highest = highest
        }

        /// `Versions.parse`: `none`, `3`, `0-4` or `1+`.
        init(stringLiteral text: String) {
            if text == "none" {
                self = .none
            } else if text.hasSuffix("+"), let lowest = Int16(text.dropLast()) {
                self.init(lowest: lowest, highest: .max)
            } else if let dash = text.firstIndex(of: "-"), let lowest = Int16(text[..<dash]),
                      let highest = Int16(text[text.index(after: dash)...]) {
                self.init(lowest: lowest, highest: highest)
            } else if let version = Int16(text) {
                self.init(lowest: version, highest: version)
            } else {
                preconditionFailure("invalid version range \(text)")
            }
        }

        var isEmpty: Bool { lowest > highest }

        func contains(_ version: Int16) -> Bool { version >= lowest && version <= highest }

        func intersect(_ other: Versions) -> Versions {
            let lo = max(lowest, other.lowest), hi = min(highest, other.highest)
            return lo > hi ? .none : Versions(lowest: lo, highest: hi)
        }

        /// `Versions.subtract`, for the cases the schemas use (the result is one range).
        func subtract(_ other: Versions) -> Versions {
            if other.lowest <= lowest {
                if other.highest >= highest { return .none }
                if other.highest < lowest { return self }
                return Versions(lowest: other.highest + 1, highest: highest)
            }
            if other.highest >= highest {
                let newHighest = Int(other.lowest) - 1
                if newHighest < 0 || newHighest >= Int(highest) { return self }
                return Versions(lowest: lowest, highest: Int16(newHighest))
            }
            preconditionFailure("\(self) minus \(other) is two ranges")
        }

        /// Whether `version` passes the test the generator emits for "is the version in `self`"
        /// where it knows the version is one of `possible` (`VersionConditional.generate`).
        ///
        /// The generator tests only the bounds of `self` that `possible` crosses: a test that could
        /// never fail is left out. So a version outside every range the schema knows (a value
        /// version written by a newer Kafka, or garbage) passes or fails each test like the nearest
        /// bound that was tested; Kafka reads, e.g., a version-7 OffsetCommitValue as version 4.
        func admits(_ version: Int16, possible: Versions) -> Bool {
            if possible.lowest < lowest {
                if possible.highest > highest { return version >= lowest && version <= highest }
                if possible.highest >= lowest { return version >= lowest }
                return false
            }
            if possible.highest >= lowest && possible.lowest <= highest {
                return possible.highest > highest ? version <= highest : true
            }
            return false
        }
    }
}

// MARK: - Resolving a schema (StructRegistry)

extension KafkaMessage {
    struct Resolver {
        let commonSpecs: [String: StructSpec]
        var common: [String: Struct] = [:]

        init(commonStructs: [StructSpec]) {
            commonSpecs = Dictionary(commonStructs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        }

        mutating func resolve(_ spec: StructSpec, parentVersions: Versions) -> Struct {
            let childParent = parentVersions.intersect(spec.versions)
            let fields = spec.fields.map { resolve($0, childParent: childParent) }
            return Struct(name: spec.name, versions: spec.versions, parentVersions: parentVersions, fields: fields)
        }

        mutating func resolve(_ spec: FieldSpec, childParent: Versions) -> Field {
            let kind = resolve(spec.type, fieldVersions: spec.versions, childParent: childParent)
            return Field(spec: spec, jsonName: spec.name.prefix(1).lowercased() + spec.name.dropFirst(), kind: kind,
                         mandatoryVersions: spec.versions.subtract(spec.taggedVersions),
                         defaultValue: Self.defaultValue(of: kind, spec.defaultString))
        }

        mutating func resolve(_ type: TypeSpec, fieldVersions: Versions, childParent: Versions) -> Kind {
            switch type {
            case .int8: return .int8
            case .int16: return .int16
            case .uint16: return .uint16
            case .int32: return .int32
            case .int64: return .int64
            case .uuid: return .uuid
            case .string: return .string
            case .bytes: return .bytes
            case .array(let element):
                return .array(resolve(element, fieldVersions: fieldVersions, childParent: childParent))
            case .inline(let name, let fields):
                return .structure(resolve(StructSpec(name, versions: fieldVersions, fields), parentVersions: childParent))
            case .common(let name):
                if let resolved = common[name] { return .structure(resolved) }
                guard let spec = commonSpecs[name] else { preconditionFailure("no common struct \(name)") }
                let resolved = resolve(spec, parentVersions: spec.versions)
                common[name] = resolved
                return .structure(resolved)
            }
        }

        /// `FieldSpec.fieldDefault`: the declared default, else zero, "", empty, or the empty struct.
        static func defaultValue(of kind: Kind, _ text: String) -> Value {
            switch kind {
            case .int8, .int16, .uint16, .int32, .int64:
                if text.isEmpty { return .int(0) }
                if text.hasPrefix("0x"), let v = Int64(text.dropFirst(2), radix: 16) { return .int(v) }
                guard let v = Int64(text) else { preconditionFailure("invalid default \(text)") }
                return .int(v)
            case .uuid:
                precondition(text.isEmpty, "uuid defaults other than zero are not supported")
                return .uuid([UInt8](repeating: 0, count: 16))
            case .string: return text == "null" ? .null : .string(text)
            case .bytes: return text == "null" ? .null : .bytes([])
            case .array: return text == "null" ? .null : .array([])
            case .structure(let s): return text == "null" ? .null : .structure(s.defaultValue)
            }
        }
    }
}
