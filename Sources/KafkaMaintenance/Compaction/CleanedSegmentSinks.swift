import KafkaLog
import KafkaRecords

/// A dry run's sink: counts what would be written.
final class CountingSink: CleanedSegmentSink {
    private(set) var bytes: Int64 = 0
    func beginSegment(baseOffset: Int64) throws {}
    func copy(_ batch: FileBatch, from file: ReadOnlyFile) throws { bytes += Int64(batch.sizeInBytes) }
    func append(built batch: UnsafeRawBufferPointer) throws { bytes += Int64(batch.count) }
    func append(abortedTransaction: AbortedTransaction) {}
    func finishSegment(replacing sources: [PartitionLogState.Segment]) throws {}
}

/// `--execute`'s sink: writes each cleaned segment as `.cleaned` files through a `SegmentWriter`,
/// gives it the last source's modification time, and swaps it in (maintenance §2.10–2.11).
final class SegmentFileSink: CleanedSegmentSink {
    private let directory: String
    private let indexIntervalBytes: Int
    private let maxIndexSize: Int
    private var writer: SegmentWriter?
    private(set) var bytes: Int64 = 0
    /// Every cleaned segment swapped in: its base offset and the base offsets it replaced.
    private(set) var swapped: [(baseOffset: Int64, sources: [Int64])] = []

    init(directory: String, config: TopicConfig) {
        self.directory = directory
        indexIntervalBytes = config.indexIntervalBytes
        maxIndexSize = config.segmentIndexBytes
    }

    func beginSegment(baseOffset: Int64) throws {
        CrashPoint.step()
        writer = try SegmentWriter(directory: directory, baseOffset: baseOffset, suffix: LeftoverRecovery.cleanedSuffix,
                                   indexIntervalBytes: indexIntervalBytes, maxIndexSize: maxIndexSize)
    }

    func copy(_ batch: FileBatch, from file: ReadOnlyFile) throws { try writer!.appendCopy(of: batch, from: file) }
    func append(built batch: UnsafeRawBufferPointer) throws { try writer!.append(batch: batch) }
    func append(abortedTransaction: AbortedTransaction) { writer!.append(abortedTransaction: abortedTransaction) }

    func finishSegment(replacing sources: [PartitionLogState.Segment]) throws {
        guard let writer else { return }
        CrashPoint.step()
        try writer.finish(modifiedMilliseconds: sources.last!.lastModifiedMs)
        try CleanedSegmentSwap.swap(writer, replacing: sources.map(\.files))
        bytes += Int64(writer.size)
        swapped.append((writer.segment.baseOffset, sources.map(\.baseOffset)))
        self.writer = nil
    }

    /// Removes the `.cleaned` files of an abandoned segment (a failed round).
    func abandon() {
        writer?.discard()
        writer = nil
    }
}
