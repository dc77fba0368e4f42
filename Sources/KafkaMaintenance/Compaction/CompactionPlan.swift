import KafkaLog
import KafkaRecords

/// One cleaning round, planned (maintenance §2.14 steps 1–6): the range, the offset map built over
/// its dirty part, and the groups of source segments that become cleaned segments. Computing it only
/// reads; the map it holds is what the cleaning pass consults.
public final class CompactionPlan {
    public let state: PartitionLogState
    public let config: TopicConfig
    public let range: CleanableRange
    public let now: Int64
    /// Offsets below it are deduplicated by this round; the next round (if any) starts there and the
    /// `cleaner-offset-checkpoint` entry becomes it.
    public let endOffset: Int64
    /// The offset map filled before the end of the range: more rounds follow.
    public let mapFilled: Bool
    public let distinctKeys: Int
    /// Distinct keys the map holds before it counts as full.
    public let mapCapacity: Int
    public let mappedRecords: Int
    /// Groups of indices into `state.segments`; each becomes one cleaned segment.
    public let groups: [Range<Int>]
    /// v0/v1 tombstones are kept in segments modified after this (`legacyDeleteHorizonMs`).
    public let legacyDeleteHorizonMs: Int64
    public let bytesScanned: Int

    let map: OffsetMap
    /// The map's latest offsets as bits, when the dirty part is short enough (see `LatestOffsets`).
    let latestOffsets: LatestOffsets?
    /// Dirty data batches the map-building walk took for aborted (by base offset).
    let mapAbortedBatches: Set<Int64>
    /// The map-building walk's tallies of the records `LatestOffsets` decides (see `CompactionScan`).
    let mappedKeyless: Int
    let mappedKeylessOffsets: [Int64]
    let mappedTombstones: Int
    let nextOffsets: [Int64]
    let activeProducers: [Int64: ProducerStateTable.Entry]

    /// Plans a round over `range` (which must not be empty), building `map`.
    init(state: PartitionLogState, config: TopicConfig, cleaner: CleanerConfig, range: CleanableRange, now: Int64, map: OffsetMap) throws {
        precondition(!range.isEmpty)
        self.state = state
        self.config = config
        self.range = range
        self.now = now
        self.map = map
        let scan = try CompactionScan.run(state: state, range: range, map: map)
        endOffset = scan.endOffset
        mapFilled = scan.mapFilled
        distinctKeys = map.size
        mapCapacity = map.capacity
        mappedRecords = scan.mappedRecords
        nextOffsets = scan.nextOffsets
        bytesScanned = scan.bytesRead
        mapAbortedBatches = scan.abortedBatches
        mappedKeyless = scan.mappedKeyless
        mappedKeylessOffsets = scan.mappedKeylessOffsets
        mappedTombstones = scan.mappedTombstones
        latestOffsets = LatestOffsets(map: map, firstOffset: range.firstDirtyOffset, endOffset: scan.endOffset)
        groups = SegmentGrouping.groups(0..<(scan.lastSegment + 1), state: state, segmentBytes: config.segmentBytes,
                                        maxIndexSize: config.segmentIndexBytes, firstUncleanableOffset: range.firstUncleanableOffset)
        // The last segment wholly or partly below the first dirty offset decides the legacy horizon.
        if let last = state.segments.lastIndex(where: { $0.baseOffset < range.firstDirtyOffset }) {
            legacyDeleteHorizonMs = state.segments[last].lastModifiedMs &- config.deleteRetentionMs
        } else {
            legacyDeleteHorizonMs = 0
        }
        activeProducers = state.producers.activeProducers(now: now, producerIdExpirationMs: cleaner.producerIdExpirationMs)
    }

    deinit { latestOffsets?.deallocate() }
}
