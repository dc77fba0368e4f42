import Foundation

/// The repository's Python virtualenv with kafka-python, the independent oracle of the tests
/// (`scripts/python-env.sh` makes it; `scripts/test.sh` always runs that first).
public enum PythonEnvironment {
    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public var description: String { "no \(path): run scripts/python-env.sh (scripts/test.sh does)" }
    }

    /// `.venv/bin/python`. A missing venv is an error, never a skip: the oracle checks must run.
    public static func interpreter() throws -> URL {
        let python = Repository.root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else { throw Missing(path: python.path) }
        return python
    }
}
