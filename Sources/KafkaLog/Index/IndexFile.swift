import KafkaRecords

/// An index file (`.index`, `.timeindex`, `.txnindex`) read through `MappedFile`'s bounded sliding
/// window (or whole, when it is small).
///
/// Kafka preallocates index files (`segment.index.bytes`, 10 MiB by default), and a damaged or hostile
/// one can be gigabytes, mostly holes: Kafka's own tool maps such a file whole. Readers that need
/// only some entries (a dump that stops at the first zero slot, a sanity check that looks at the
/// last one, a binary search) or one entry at a time read it through here, so their memory does not
/// follow the file's size. `OffsetIndexFile` and `TimeIndexFile` apply the index rules to it.
public final class IndexFile {
    public let file: MappedFile
    public var path: String { file.path }

    public init(path: String) throws { file = try MappedFile(path: path) }

    public var byteCount: Int { file.size }

    /// Points at the `count` bytes from `position` (which lie within the file); valid until the next call.
    public func bytes(at position: Int, count: Int) throws -> UnsafeRawPointer {
        let window = try file.bytes(at: position, count: count)
        guard let base = window.baseAddress, window.count == count else {
            throw LogError.corrupt(path: path, position: position, reason: "the file ends before byte \(position + count) (did it shrink while being read?)")
        }
        return base
    }

    /// Entry `i` of `size` bytes; valid until the next call.
    public func entry(_ i: Int, size: Int) throws -> UnsafeRawPointer { try bytes(at: i * size, count: size) }

    /// The whole entries of `entrySize` bytes from entry `first` on that one window holds (at least
    /// one; `first` must be below the number of whole entries). Valid until the next call.
    public func entries(from first: Int, entrySize: Int) throws -> UnsafeRawBufferPointer {
        let n = max(1, min(byteCount / entrySize - first, file.windowSize / entrySize))
        return UnsafeRawBufferPointer(start: try bytes(at: first * entrySize, count: n * entrySize), count: n * entrySize)
    }
}
