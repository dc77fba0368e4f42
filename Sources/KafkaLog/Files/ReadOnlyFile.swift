#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaRecords

/// An open, read-only file descriptor with its size at open time.
public final class ReadOnlyFile {
    public let path: String
    public let descriptor: Int32
    public let size: Int

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError.io(path: path, operation: "open", errno: currentErrno()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = currentErrno()
            close(fd)
            throw LogError.io(path: path, operation: "stat", errno: code)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw LogError.io(path: path, operation: "read", errno: EISDIR)
        }
        self.descriptor = fd
        self.size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads exactly `count` bytes at `offset` (fewer only at end of file). Retries short reads and EINTR.
    public func read(at offset: Int, count: Int, into destination: UnsafeMutableRawPointer) throws -> Int {
        var done = 0
        while done < count {
            let n = pread(descriptor, destination + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(path: path, operation: "read", errno: currentErrno())
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// The whole file, for small files (checkpoints, snapshots). Refuses files above `limit` bytes
    /// so that a huge or wrong file cannot make us allocate without bound.
    public func readAll(limit: Int = 64 << 20) throws -> [UInt8] {
        if size > limit {
            throw LogError.corrupt(path: path, position: 0, reason: "file is \(size) bytes, more than the \(limit) bytes expected for this kind of file")
        }
        var bytes = [UInt8](repeating: 0, count: size)
        let n = try bytes.withUnsafeMutableBytes { try read(at: 0, count: size, into: $0.baseAddress!) }
        if n < size { bytes.removeLast(size - n) }
        return bytes
    }
}
