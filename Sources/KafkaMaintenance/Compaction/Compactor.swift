#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import KafkaLog

/// Offline log compaction of one partition at a time, with Kafka's semantics (maintenance §2):
/// recover leftovers, plan a round (range, offset map, groups), clean it into new segments, swap them
/// in, move the `cleaner-offset-checkpoint` entry; repeat while the offset map filled before the end
/// of the cleanable range. A dry run plans and counts the first round without writing anything.
///
/// One `Compactor` per worker: it owns an offset map of `log.cleaner.dedupe.buffer.size /
/// log.cleaner.threads` bytes, reused for every partition it cleans.
public final class Compactor {
    public struct Options: Sendable {
        public var execute = false
        /// What stands for the high watermark when `replication-offset-checkpoint` has no entry.
        public var missingHighWatermark = MissingHighWatermark.logStartOffset
        /// Skip partitions the broker's cleaner would not pick now (dirty ratio, max.compaction.lag.ms).
        public var onlyEligible = false
        public init() {}
    }

    private let configs: TopicConfigSet
    private let now: Int64
    private let options: Options
    private let map: OffsetMap

    public init(configs: TopicConfigSet, now: Int64, options: Options) throws {
        self.configs = configs
        self.now = now
        self.options = options
        map = try OffsetMap(memory: Int(configs.cleaner.dedupeBufferPerThread), loadFactor: configs.cleaner.dedupeBufferLoadFactor)
    }

    /// Serialises updates of a log directory's `cleaner-offset-checkpoint` between workers.
    private static let checkpointLock = DispatchSemaphore(value: 1)

    /// Compacts (or plans) `directory`. The caller holds the log directory's lock when executing.
    public func compact(partition directory: String) -> PartitionCompaction {
        var result = PartitionCompaction(directory: directory, status: .planned)
        do {
            try compact(directory, into: &result)
        } catch {
            result.status = (error as? LogError)?.isDataFinding == true || (error as? CompactionError)?.isDataFinding == true ? .refused : .failed
            result.error = error
            result.reason = "\(error)"
        }
        return result
    }

    private func compact(_ directory: String, into result: inout PartitionCompaction) throws {
        guard let name = PartitionDirectoryName(LogFileName.fileName(of: directory)) else {
            throw LogError.badName(path: directory, reason: "not a partition directory name (<topic>-<partition>)")
        }
        result.topic = name.topic
        result.partition = name.partition
        if let suffix = name.suffix {
            return skip(&result, "a \(suffix) directory is not a live replica; Kafka never cleans it")
        }
        if name.topic == TopicConfigSet.clusterMetadataTopic {
            return skip(&result, "the KRaft metadata log is never compacted by kseg")
        }
        let config = try configs.config(forTopic: name.topic)
        result.policy = config.cleanupPolicy
        guard config.compacts else {
            let policy = config.cleanupPolicy.map(\.rawValue).joined(separator: ",")
            return skip(&result, "cleanup.policy=\(policy.isEmpty ? "(empty)" : policy) does not include compact")
        }
        guard configs.cleaner.enabled else { return skip(&result, "log.cleaner.enable=false: Kafka does not compact") }
        if config.remoteStorageEnable {
            result.status = .refused
            result.reason = "remote.storage.enable=true: tiered partitions cannot be compacted offline"
            return
        }

        // Leftovers of an interrupted run: the broker resolves them before loading the partition.
        if options.execute {
            result.leftovers = try LeftoverRecovery.run(partition: directory)
        } else {
            result.leftovers = try LeftoverRecovery.plan(partition: directory)
            if !result.leftovers.isEmpty {
                result.status = .nothingToClean
                result.reason = "leftovers of an interrupted compaction or deletion: --execute (or the broker) resolves them first; nothing planned"
                return
            }
        }

        while true {
            let state = try PartitionLogState.load(directory: directory, now: now, producerIdExpirationMs: configs.cleaner.producerIdExpirationMs,
                                                   assumeHighWatermarkAtLogEnd: options.missingHighWatermark == .logEndOffset)
            let range = try CleanableRange(state: state, config: config, now: now)
            if result.state == nil {
                result.state = state
                result.range = range
                if options.onlyEligible && !range.brokerWouldClean {
                    return skip(&result, "the broker's cleaner would not pick it: dirty ratio \(range.cleanableRatio) is not above min.cleanable.dirty.ratio \(range.minCleanableDirtyRatio) and it is not past max.compaction.lag.ms")
                }
            }
            if range.isEmpty {
                if options.execute && range.checkpointNeedsReset {
                    try writeCheckpoint(state, range.firstDirtyOffset)
                    result.checkpointWritten = range.firstDirtyOffset
                }
                if result.rounds.isEmpty {
                    result.status = .nothingToClean
                    result.reason = Self.emptyRangeReason(state: state, range: range)
                }
                return
            }
            let plan = try CompactionPlan(state: state, config: config, cleaner: configs.cleaner, range: range, now: now, map: map)
            let cleaner = SegmentCleaner(plan: plan, now: now)
            var round = PartitionCompaction.Round(firstDirtyOffset: range.firstDirtyOffset, firstUncleanableOffset: range.firstUncleanableOffset,
                                                  endOffset: plan.endOffset, mapFilled: plan.mapFilled, distinctKeys: plan.distinctKeys,
                                                  mapCapacity: plan.mapCapacity, groups: [], statistics: CleaningStatistics())
            if options.execute {
                let sink = SegmentFileSink(directory: directory, config: config)
                do {
                    for group in plan.groups { try cleaner.clean(group: group, into: sink) }
                } catch {
                    sink.abandon()
                    throw error
                }
                round.groups = sink.swapped
                round.statistics = cleaner.statistics
                round.statistics.bytesWritten = sink.bytes
                try writeCheckpoint(state, plan.endOffset)
                result.checkpointWritten = plan.endOffset
                result.status = .compacted
            } else {
                let sink = CountingSink()
                for group in plan.groups {
                    try cleaner.clean(group: group, into: sink)
                    round.groups.append((state.segments[group.lowerBound].baseOffset, group.map { state.segments[$0].baseOffset }))
                }
                round.statistics = cleaner.statistics
                round.statistics.bytesWritten = sink.bytes
                result.status = .planned
            }
            result.rounds.append(round)
            // A dry run cannot plan the next round: it would read what this one writes.
            guard options.execute && plan.mapFilled else { return }
        }
    }

    private func skip(_ result: inout PartitionCompaction, _ reason: String) {
        result.status = .skipped
        result.reason = reason
    }

    private func writeCheckpoint(_ state: PartitionLogState, _ offset: Int64) throws {
        Self.checkpointLock.wait()
        defer { Self.checkpointLock.signal() }
        CrashPoint.step()
        try OffsetCheckpointFile.update(logDirectory: state.logDirectory, name: OffsetCheckpointFile.cleanerOffset,
                                        topic: state.topic, partition: state.partition, offset: offset)
    }

    static func emptyRangeReason(state: PartitionLogState, range: CleanableRange) -> String {
        let bounds = range.boundedBy.map(\.rawValue).joined(separator: ", ")
        var reason = "nothing to clean: first dirty offset \(range.firstDirtyOffset) (\(range.firstDirtySource.rawValue)), first uncleanable offset \(range.firstUncleanableOffset) (\(bounds))"
        if state.highWatermarkSource == .missing {
            reason += "; replication-offset-checkpoint has no entry for this partition, so the high watermark is taken at the log start offset \(state.logStartOffset) as the broker does (--missing-high-watermark log-end overrides)"
        }
        return reason
    }
}
