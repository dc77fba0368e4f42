#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies byte ranges between open files inside the kernel (`copy_file_range(2)`), falling back to
/// `pread`/`pwrite` through a bounded buffer where the kernel cannot (another file system, an old
/// kernel). Used to carry unchanged batches into a new segment without passing them through user
/// space or re-checking them.
public enum FileCopy {
    private typealias CopyFileRange = @convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32) -> Int

    /// glibc has `copy_file_range` since 2.27, but Swift's Glibc module does not export it; look it up once.
    nonisolated(unsafe) private static let copyFileRange: CopyFileRange? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "copy_file_range") else { return nil }
        return unsafeBitCast(symbol, to: CopyFileRange.self)
    }()

    /// Copies `count` bytes from `source` at `sourceOffset` to `destination` at `destinationOffset`.
    public static func copy(from source: Int32, at sourceOffset: Int, to destination: Int32, at destinationOffset: Int, count: Int,
                            sourcePath: String, destinationPath: String) throws {
        var inOffset = Int64(sourceOffset), outOffset = Int64(destinationOffset)
        var remaining = count
        if let copyFileRange {
            while remaining > 0 {
                let n = copyFileRange(source, &inOffset, destination, &outOffset, remaining, 0)
                if n > 0 { remaining -= n; continue }
                if n == 0 { throw LogError.corrupt(path: sourcePath, position: Int(inOffset), reason: "file ended while being copied") }
                let code = currentErrno()
                if code == EINTR { continue }
                // Not supported between these files: copy the rest through user space.
                if code == EXDEV || code == EINVAL || code == ENOSYS || code == EOPNOTSUPP || code == EBADF { break }
                throw LogError.io(path: destinationPath, operation: "copy_file_range from \(sourcePath)", errno: code)
            }
        }
        guard remaining > 0 else { return }
        let chunk = min(remaining, 1 << 20)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while remaining > 0 {
            let n = pread(source, buffer, min(chunk, remaining), off_t(inOffset))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(path: sourcePath, operation: "read", errno: currentErrno())
            }
            if n == 0 { throw LogError.corrupt(path: sourcePath, position: Int(inOffset), reason: "file ended while being copied") }
            try writeAll(destination, UnsafeRawBufferPointer(start: buffer, count: n), at: Int(outOffset), path: destinationPath)
            inOffset += Int64(n)
            outOffset += Int64(n)
            remaining -= n
        }
    }

    /// `pwrite` until every byte is written.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int, path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw LogError.io(path: path, operation: "write", errno: currentErrno())
            }
            done += n
        }
    }
}
