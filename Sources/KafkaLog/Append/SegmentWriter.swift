#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaRecords

/// Writes one new segment — `.log`, `.index`, `.timeindex` and, when it has entries, `.txnindex` —
/// under a temporary suffix (the cleaner's `.cleaned`), for a caller that later renames it into place.
///
/// Batches arrive in offset order, either as bytes the caller built or as ranges of an existing
/// segment to copy unchanged. Consecutive copied ranges are merged and copied by the kernel in one
/// `copy_file_range` call (page cache to page cache: measured cheaper than gathering them into the
/// write buffer, even for single batches); built batches are gathered in a buffer and written in
/// large writes. Every batch goes through the one `IndexBuilder` (Kafka's canonical per-batch rule,
/// maintenance §0.5).
public final class SegmentWriter {
    public let segment: SegmentFiles
    public let suffix: String
    /// Bytes of log appended so far (written or pending).
    public private(set) var size = 0
    public private(set) var batchCount = 0
    public private(set) var indexes: IndexBuilder
    public private(set) var abortedTransactions: [AbortedTransaction] = []

    private let descriptor: Int32
    private var written = 0
    private var buffer = ByteBuffer(capacity: 1 << 20)
    private static let bufferLimit = 1 << 20
    /// A run of source bytes still to be copied: contiguous in the source and in this file.
    private var pendingCopy: (file: ReadOnlyFile, start: Int, count: Int)?
    private var finished = false
    /// Bytes already handed to the disk's writeback (see `Writeback`).
    private var writebackStarted = 0
    private static let writebackChunk = 16 << 20

    public var logPath: String { segment.log + suffix }
    public var offsetIndexPath: String { segment.offsetIndex + suffix }
    public var timeIndexPath: String { segment.timeIndex + suffix }
    public var transactionIndexPath: String { segment.transactionIndex + suffix }
    /// The files this writer creates (the `.txnindex` only once it has entries).
    public var paths: [String] {
        [logPath, offsetIndexPath, timeIndexPath] + (abortedTransactions.isEmpty ? [] : [transactionIndexPath])
    }

    /// Creates `<base>.log<suffix>` empty, removing stale files of the same names first.
    public init(directory: String, baseOffset: Int64, suffix: String, indexIntervalBytes: Int, maxIndexSize: Int) throws {
        segment = SegmentFiles(directory: directory, baseOffset: baseOffset)
        self.suffix = suffix
        indexes = IndexBuilder(baseOffset: baseOffset, indexIntervalBytes: indexIntervalBytes, maxIndexSize: maxIndexSize)
        for path in [segment.offsetIndex, segment.timeIndex, segment.transactionIndex] { try AtomicFile.remove(path + suffix) }
        let path = segment.log + suffix
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogError.io(path: path, operation: "create", errno: currentErrno()) }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Appends a batch unchanged by copying it from `file`, where it starts at `batch.position`.
    public func appendCopy(of batch: FileBatch, from file: ReadOnlyFile) throws {
        try index(batch)
        if let pending = pendingCopy, pending.file === file, pending.start + pending.count == batch.position {
            pendingCopy!.count += batch.sizeInBytes
        } else {
            try flush()
            pendingCopy = (file, batch.position, batch.sizeInBytes)
        }
        size += batch.sizeInBytes
        batchCount += 1
    }

    /// Appends one whole batch built by the caller.
    public func append(batch bytes: UnsafeRawBufferPointer) throws {
        try index(FileBatch(position: size, bytes: bytes))
        if pendingCopy != nil { try flush() }
        if buffer.count + bytes.count > Self.bufferLimit { try flush() }
        if bytes.count >= Self.bufferLimit {
            try FileCopy.writeAll(descriptor, bytes, at: written, path: logPath)
            written += bytes.count
        } else {
            buffer.append(bytes)
        }
        size += bytes.count
        batchCount += 1
    }

    /// Adds an aborted transaction to the segment's `.txnindex` (entries in increasing last offset).
    public func append(abortedTransaction: AbortedTransaction) {
        abortedTransactions.append(abortedTransaction)
    }

    /// Writes out everything, adds the final time-index entry, writes and fsyncs the indexes and the
    /// log, sets the modification time of `.log`, `.index` and `.timeindex` (Kafka's
    /// `LogSegment.setLastModified`), and fsyncs the directory.
    public func finish(modifiedMilliseconds: Int64?) throws {
        precondition(!finished)
        try flush()
        do { try indexes.finish() } catch {
            throw LogError.corrupt(path: logPath, position: size, reason: error.description)
        }
        guard fsync(descriptor) == 0 else { throw LogError.io(path: logPath, operation: "fsync", errno: currentErrno()) }
        try AtomicFile.writeAndSync(indexes.offsetIndexBytes, to: offsetIndexPath)
        try AtomicFile.writeAndSync(indexes.timeIndexBytes, to: timeIndexPath)
        if !abortedTransactions.isEmpty {
            var bytes = ByteBuffer(capacity: abortedTransactions.count * AbortedTransaction.size)
            for entry in abortedTransactions { entry.append(to: &bytes) }
            try AtomicFile.writeAndSync(bytes.toArray(), to: transactionIndexPath)
        }
        if let modifiedMilliseconds {
            for path in [logPath, offsetIndexPath, timeIndexPath] { try FileTimes.setModified(path, milliseconds: modifiedMilliseconds) }
        }
        try AtomicFile.syncDirectory(segment.directory)
        finished = true
    }

    /// Removes whatever this writer created (an abandoned attempt).
    public func discard() {
        for path in [logPath, offsetIndexPath, timeIndexPath, transactionIndexPath] { try? AtomicFile.remove(path) }
    }

    private func index(_ batch: FileBatch) throws {
        do {
            try indexes.append(position: size, size: batch.sizeInBytes, lastOffset: batch.lastOffset,
                               maxTimestamp: batch.maxTimestamp, offsetOfMaxTimestamp: batch.lastOffset)
        } catch .indexFull {
            // More entries than segment.index.bytes holds: a sparser index is still valid (spec §0.5).
        } catch {
            throw LogError.corrupt(path: logPath, position: size, reason: error.description)
        }
    }

    private func flush() throws {
        if let pending = pendingCopy {
            try FileCopy.copy(from: pending.file.descriptor, at: pending.start, to: descriptor, at: written, count: pending.count,
                              sourcePath: pending.file.path, destinationPath: logPath)
            written += pending.count
            pendingCopy = nil
        }
        if buffer.count > 0 {
            try FileCopy.writeAll(descriptor, buffer.bytes, at: written, path: logPath)
            written += buffer.count
            buffer.removeAll()
        }
        if written - writebackStarted >= Self.writebackChunk {
            Writeback.start(descriptor, offset: writebackStarted, count: written - writebackStarted)
            writebackStarted = written
        }
    }
}
