#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe file replacement: write a temporary sibling, fsync it, rename it over the target,
/// fsync the directory. After a crash at any point the target is either the old or the new file.
public enum AtomicFile {
    /// Replaces (or creates) `path` with `bytes` through `<path><temporarySuffix>`.
    public static func write(_ bytes: [UInt8], to path: String, temporarySuffix: String = ".tmp") throws {
        let temporary = path + temporarySuffix
        try writeAndSync(bytes, to: temporary)
        try rename(temporary, to: path)
    }

    /// Writes a new file (truncating any leftover) and fsyncs it.
    public static func writeAndSync(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogError.io(path: path, operation: "create", errno: currentErrno()) }
        defer { close(fd) }
        var written = 0
        try bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LogError.io(path: path, operation: "write", errno: currentErrno())
                }
                written += n
            }
        }
        guard fsync(fd) == 0 else { throw LogError.io(path: path, operation: "fsync", errno: currentErrno()) }
    }

    /// `rename(2)` then fsync of the containing directory, so the new name survives a crash.
    /// `syncDirectory: false` leaves the fsync to the caller, who renames several files as one step.
    public static func rename(_ from: String, to: String, syncDirectory sync: Bool = true) throws {
        guard Glibc.rename(from, to) == 0 else { throw LogError.io(path: from, operation: "rename to \(to)", errno: currentErrno()) }
        if sync { try syncDirectory(LogFileName.directory(of: to)) }
    }

    public static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError.io(path: directory, operation: "open directory", errno: currentErrno()) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw LogError.io(path: directory, operation: "fsync directory", errno: currentErrno()) }
    }

    /// Truncates `path` to `length` bytes and fsyncs it.
    public static func truncate(_ path: String, to length: Int) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError.io(path: path, operation: "open", errno: currentErrno()) }
        defer { close(fd) }
        guard ftruncate(fd, off_t(length)) == 0 else { throw LogError.io(path: path, operation: "truncate", errno: currentErrno()) }
        guard fsync(fd) == 0 else { throw LogError.io(path: path, operation: "fsync", errno: currentErrno()) }
    }

    /// Removes a file; a missing file is not an error.
    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw LogError.io(path: path, operation: "delete", errno: currentErrno())
        }
    }
}
