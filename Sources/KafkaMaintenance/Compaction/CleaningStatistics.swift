/// What one cleaning round did (or, in a dry run, would do), batch by batch and record by record,
/// with the reason for every removal and for every tombstone or marker kept.
public struct CleaningStatistics: Sendable, Equatable {
    public var segmentsRead = 0
    public var segmentsWritten = 0
    public var bytesRead: Int64 = 0
    public var bytesWritten: Int64 = 0

    public var batchesRead = 0
    /// Kept byte for byte.
    public var batchesCopied = 0
    /// Rebuilt: some records removed, or a delete horizon added.
    public var batchesRewritten = 0
    /// Rebuilt only to add a delete horizon (every record kept).
    public var batchesGivenHorizon = 0
    public var batchesRemoved = 0
    /// Every record removed, but the batch header kept (a producer's last sequence, or the end of the range).
    public var emptyBatchesKept = 0

    public var recordsRead = 0
    public var recordsRetained = 0
    /// An older value of a key a later record in the dirty range replaced (tombstones included).
    public var recordsSuperseded = 0
    /// Records without a key in the deduplicated range: Kafka's cleaner removes them as invalid.
    public var nullKeyRecordsRemoved = 0
    /// The first few offsets of such records, for the report.
    public var nullKeyOffsets: [Int64] = []
    /// Data of aborted transactions.
    public var abortedRecordsRemoved = 0
    public var abortedBatchesRemoved = 0
    /// Aborted transactions whose data this round removed.
    public var abortedTransactionsRemoved = 0
    /// Beyond the offset map (a partial round): kept without deduplication.
    public var recordsBeyondMap = 0

    public var tombstonesRetainedNewHorizon = 0
    public var tombstonesRetainedUntilHorizon = 0
    public var tombstonesRetainedLegacy = 0
    public var tombstonesRemovedSuperseded = 0
    public var tombstonesRemovedHorizonPassed = 0
    public var tombstonesRemovedLegacyHorizon = 0

    public var markersRemoved = 0
    public var markersRetained = 0
    /// Removable markers kept until their (newly set) delete horizon passes.
    public var markersRetainedUntilHorizon = 0

    public var recordsRemoved: Int { recordsRead - recordsRetained }

    public init() {}

    public mutating func add(_ other: CleaningStatistics) {
        segmentsRead += other.segmentsRead; segmentsWritten += other.segmentsWritten
        bytesRead += other.bytesRead; bytesWritten += other.bytesWritten
        batchesRead += other.batchesRead; batchesCopied += other.batchesCopied; batchesRewritten += other.batchesRewritten
        batchesGivenHorizon += other.batchesGivenHorizon; batchesRemoved += other.batchesRemoved; emptyBatchesKept += other.emptyBatchesKept
        recordsRead += other.recordsRead; recordsRetained += other.recordsRetained; recordsSuperseded += other.recordsSuperseded
        nullKeyRecordsRemoved += other.nullKeyRecordsRemoved
        nullKeyOffsets += other.nullKeyOffsets.prefix(max(0, Self.sampleSize - nullKeyOffsets.count))
        abortedRecordsRemoved += other.abortedRecordsRemoved; abortedBatchesRemoved += other.abortedBatchesRemoved
        abortedTransactionsRemoved += other.abortedTransactionsRemoved; recordsBeyondMap += other.recordsBeyondMap
        tombstonesRetainedNewHorizon += other.tombstonesRetainedNewHorizon; tombstonesRetainedUntilHorizon += other.tombstonesRetainedUntilHorizon
        tombstonesRetainedLegacy += other.tombstonesRetainedLegacy
        tombstonesRemovedSuperseded += other.tombstonesRemovedSuperseded; tombstonesRemovedHorizonPassed += other.tombstonesRemovedHorizonPassed
        tombstonesRemovedLegacyHorizon += other.tombstonesRemovedLegacyHorizon
        markersRemoved += other.markersRemoved; markersRetained += other.markersRetained; markersRetainedUntilHorizon += other.markersRetainedUntilHorizon
    }

    static let sampleSize = 10
}
