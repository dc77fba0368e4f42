#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File modification times in Kafka's unit: Java's `File.lastModified()` reads them in whole
/// milliseconds, and `Files.setLastModifiedTime(FileTime.fromMillis(ms))` writes them so.
public enum FileTimes {
    /// `UTIME_OMIT` from <sys/stat.h> (a macro Swift does not import): leave that time unchanged.
    static let omit = (1 << 30) - 2

    /// The modification time in milliseconds (truncated, as Java reads it), or nil if `path` is missing.
    public static func modifiedMilliseconds(_ path: String) -> Int64? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return milliseconds(info.st_mtim)
    }

    /// A `stat` time in whole milliseconds, truncated as Java's `File.lastModified()` reads it.
    static func milliseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }

    /// Sets the modification time to `milliseconds`, leaving the access time alone.
    public static func setModified(_ path: String, milliseconds: Int64) throws {
        var times = (timespec(tv_sec: 0, tv_nsec: FileTimes.omit),
                     timespec(tv_sec: Int(milliseconds.floorDivided(by: 1000)), tv_nsec: Int(milliseconds.floorModulo(1000)) * 1_000_000))
        let status = withUnsafePointer(to: &times) {
            $0.withMemoryRebound(to: timespec.self, capacity: 2) { utimensat(AT_FDCWD, path, $0, 0) }
        }
        guard status == 0 else { throw LogError.io(path: path, operation: "set modification time", errno: currentErrno()) }
    }
}

extension Int64 {
    func floorDivided(by d: Int64) -> Int64 { let q = self / d; return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q }
    func floorModulo(_ d: Int64) -> Int64 { self - floorDivided(by: d) * d }
}
