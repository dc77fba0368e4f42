#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts writing a file range back to disk without waiting (`sync_file_range(2)` with
/// `SYNC_FILE_RANGE_WRITE`), so that a later `fsync` of a large new file finds most of it on disk
/// already: the disk works while the writer computes. Only a hint; durability still comes from fsync.
public enum Writeback {
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    /// Not exported by Swift's Glibc module; looked up once (nil where the platform lacks it).
    nonisolated(unsafe) private static let syncFileRange: SyncFileRange? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: SyncFileRange.self)
    }()
    private static let write: UInt32 = 2  // SYNC_FILE_RANGE_WRITE

    public static func start(_ descriptor: Int32, offset: Int, count: Int) {
        _ = syncFileRange?(descriptor, Int64(offset), Int64(count), write)
    }
}
