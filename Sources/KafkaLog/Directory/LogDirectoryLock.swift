#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exclusive lock on `<log dir>/.lock` that a running broker holds (maintenance §0.7).
///
/// Kafka locks the file through Java's `FileChannel.tryLock`, a POSIX record lock. kseg takes an
/// open-file-description lock (`F_OFD_SETLK`), which conflicts with POSIX record locks (unlike
/// `flock`, which Linux keeps separate), so a broker and kseg always see each other. Held until
/// `release()` or deinit.
public final class LogDirectoryLock {
    /// `F_OFD_SETLK` from <fcntl.h>; Glibc's Swift module hides it behind `_GNU_SOURCE`. The value
    /// is part of the Linux ABI (the same on every architecture).
    static let ofdSetLock: Int32 = 37

    public let logDirectory: String
    private var descriptor: Int32

    /// Takes the lock or throws `LogError.locked` naming the holder's pid when the kernel knows it.
    public init(logDirectory: String) throws {
        self.logDirectory = logDirectory
        let path = FileSystem.join(logDirectory, ".lock")
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogError.io(path: path, operation: "open", errno: currentErrno()) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        lock.l_pid = 0
        if fcntl(fd, Self.ofdSetLock, &lock) != 0 {
            let code = currentErrno()
            var probe = flock()
            probe.l_type = Int16(F_WRLCK)
            probe.l_whence = Int16(SEEK_SET)
            let holder = fcntl(fd, F_GETLK, &probe) == 0 && probe.l_pid > 0 ? " by process \(probe.l_pid)" : ""
            close(fd)
            if code == EAGAIN || code == EACCES {
                throw LogError.locked(path: logDirectory, detail: "log directory is locked\(holder) (a running Kafka broker?); refusing to modify it")
            }
            throw LogError.io(path: path, operation: "lock", errno: code)
        }
        descriptor = fd
    }

    public func release() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    deinit { release() }
}
