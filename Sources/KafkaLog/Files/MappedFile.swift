#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaRecords

/// Read access to a file through a sliding memory-mapped window.
///
/// A segment is never mapped whole: the window (8 MiB by default) moves forward as the reader does, so
/// resident memory stays bounded whatever the file size, and bytes are read straight from the page
/// cache without a copy. A request larger than the window (a huge batch) gets a window of its size.
///
/// Files of at most `smallFileLimit` bytes are read into memory instead: `mmap`/`munmap` take the
/// process's address-space lock for writing, which serialises threads that each open thousands of
/// small segments (a log directory verified with `--jobs`). A reader that wants only the end of a
/// file (retention's log-end scan) passes `wholeFileLimit: 0` so that only the window it touches is read.
public final class MappedFile {
    public let file: ReadOnlyFile
    public var path: String { file.path }
    public var size: Int { file.size }
    public let windowSize: Int
    /// Files of at most this many bytes are read whole on first access.
    public let wholeFileLimit: Int

    private var mapping: UnsafeMutableRawPointer?
    private var mapStart = 0
    private var mapLength = 0
    /// The whole file, for small files.
    private var contents: UnsafeMutableRawPointer?
    public static let smallFileLimit = 1 << 20
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Whether a new window is faulted in whole (`MAP_POPULATE`): right for readers that touch every
    /// byte; a reader that skips most batches (the cleaner's pass over superseded data) maps lazily.
    public let populate: Bool

    public init(path: String, windowSize: Int = 8 << 20, wholeFileLimit: Int = MappedFile.smallFileLimit, populate: Bool = true) throws {
        self.file = try ReadOnlyFile(path: path)
        self.windowSize = windowSize
        self.wholeFileLimit = wholeFileLimit
        self.populate = populate
    }

    public init(file: ReadOnlyFile, windowSize: Int = 8 << 20, wholeFileLimit: Int = MappedFile.smallFileLimit, populate: Bool = true) {
        self.file = file
        self.windowSize = windowSize
        self.wholeFileLimit = wholeFileLimit
        self.populate = populate
    }

    deinit {
        unmap()
        contents?.deallocate()
    }

    /// The bytes `[position, position + count)`; valid until the next call. `count` is clipped to the file.
    public func bytes(at position: Int, count: Int) throws -> UnsafeRawBufferPointer {
        precondition(position >= 0 && count >= 0)
        let wanted = min(count, max(0, size - position))
        if wanted == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
        if size <= wholeFileLimit {
            if contents == nil { try readWholeFile() }
            return UnsafeRawBufferPointer(start: contents! + position, count: wanted)
        }
        if mapping == nil || position < mapStart || position + wanted > mapStart + mapLength {
            try remap(covering: position, count: wanted)
        }
        return UnsafeRawBufferPointer(start: mapping! + (position - mapStart), count: wanted)
    }

    private func remap(covering position: Int, count: Int) throws {
        unmap()
        let start = position - position % MappedFile.pageSize
        let length = min(max(windowSize, position + count - start), size - start)
        var flags = MAP_PRIVATE
        #if os(Linux)
        // Fault the whole window in at once: far cheaper than one page fault per 4 KiB.
        if populate { flags |= MAP_POPULATE }
        #endif
        let address = mmap(nil, length, PROT_READ, flags, file.descriptor, off_t(start))
        guard let address, address != MAP_FAILED else {
            throw LogError.io(path: path, operation: "mmap", errno: currentErrno())
        }
        _ = madvise(address, length, MADV_SEQUENTIAL)
        mapping = address
        mapStart = start
        mapLength = length
    }

    private func readWholeFile() throws {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 16)
        do {
            let n = try file.read(at: 0, count: size, into: buffer)
            guard n == size else {
                buffer.deallocate()
                throw LogError.corrupt(path: path, position: n, reason: "file shrank while being read (\(size) bytes expected, \(n) read)")
            }
        } catch {
            buffer.deallocate()
            throw error
        }
        contents = buffer
    }

    private func unmap() {
        if let mapping { munmap(mapping, mapLength) }
        mapping = nil
        mapLength = 0
    }
}
