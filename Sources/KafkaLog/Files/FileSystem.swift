#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system queries the engine needs, on plain POSIX calls (no Foundation: it costs
/// start-up time and memory that a tool run from cron on a busy broker should not pay).
public enum FileSystem {
    public enum Kind { case regular, directory, other }

    /// What `path` is, or nil if it does not exist. Follows symlinks.
    public static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    public static func size(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Size and modification time of a regular file (Java's `File.length`/`lastModified`, in ms).
    public struct Status: Equatable, Sendable {
        public var size: Int
        public var modifiedMs: Int64
    }

    /// One `stat(2)`: nil if `path` does not exist; throws for other failures and for non-files.
    public static func status(of path: String) throws -> Status? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = currentErrno()
            if code == ENOENT { return nil }
            throw LogError.io(path: path, operation: "stat", errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw LogError.io(path: path, operation: "read", errno: EISDIR) }
        return Status(size: Int(info.st_size), modifiedMs: FileTimes.milliseconds(info.st_mtim))
    }

    /// Names in a directory (without `.` and `..`), unsorted.
    public static func list(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw LogError.io(path: path, operation: "open directory", errno: currentErrno()) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// `realpath(3)`: absolute, symlinks resolved; the path itself when it cannot be resolved.
    public static func canonicalPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Joins two path parts with exactly one `/`.
    public static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The current working directory.
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(cString: buffer)
    }
}
