import KafkaLog

/// Carries out a `PartitionRetentionPlan` as Kafka's `deleteSegments` does, crash-safely
/// (maintenance spec §1.8, §1.11 step 5). The caller holds the log directory's lock and made the plan
/// after `prepare`, under that lock.
///
/// Space is freed before anything is written, so that a full disk does not stop the run. Per
/// deleted segment, oldest first: its `.log`, `.index`, `.timeindex`, `.txnindex` and the producer
/// snapshot at its base are renamed to `*.deleted`, the directory fsynced, and the `*.deleted` files
/// removed (offline nobody can still be reading them, so Kafka's `file.delete.delay.ms` has nothing
/// to wait for). When every segment goes, the empty segment at the log end is rolled just before the
/// last one is deleted (`.index`, `.timeindex`, then `.log`, so that its `.log` never exists without
/// its indexes). Then `leader-epoch-checkpoint` is truncated from the new log start offset, and
/// `log-start-offset-checkpoint` is rewritten once per log directory (`writeLogStartCheckpoint`).
/// Until those two are written the broker derives the same log start offset from the remaining
/// segments, and tolerates epoch entries below it, as after its own unclean shutdowns (it flushes its
/// epoch cache asynchronously); the next run rewrites both.
///
/// A kill at any instant leaves segments that form a suffix of the old log (plus perhaps the new
/// empty segment), which the broker loads: `*.deleted` files and index files without a `.log` are
/// removed by its loader and by `prepare` on the next run.
public enum RetentionExecution {
    public static let deletedSuffix = LeftoverRecovery.deletedSuffix

    /// What executing one partition did.
    public struct Report: Sendable {
        public var rolledSegmentBaseOffset: Int64?
        public var segmentsDeleted = 0
        public var bytesDeleted: Int64 = 0
        /// Files removed (their names before the `.deleted` rename).
        public var filesRemoved: [String] = []
        public var leaderEpochCheckpointWritten = false
        public init() {}
    }

    /// What `prepare` cleared before planning.
    public struct Preparation: Sendable {
        /// Kafka's start-up handling of `.deleted`, `.cleaned` and `.swap` files.
        public var recovery: [LeftoverRecovery.Action] = []
        /// Index files without a `.log` and producer snapshots below the first segment, as the
        /// broker's loader removes them (left by an interrupted deletion).
        public var orphansRemoved: [String] = []
        public var isEmpty: Bool { recovery.isEmpty && orphansRemoved.isEmpty }
        public init() {}
    }

    /// Brings `partition` to the state the broker would load, so the plan starts from it.
    public static func prepare(partition: String) throws -> Preparation {
        var preparation = Preparation()
        preparation.recovery = try LeftoverRecovery.run(partition: partition)
        preparation.orphansRemoved = try removeOrphans(partition)
        return preparation
    }

    /// Removes what the broker's loader removes after a deletion: index files without a `.log`
    /// (`LogLoader.loadSegmentFiles`) and producer snapshots below the first segment
    /// (`ProducerStateManager.removeStraySnapshots` never keeps those).
    static func removeOrphans(_ partition: String) throws -> [String] {
        let names = try FileSystem.list(partition)
        let logBases = Set(names.compactMap { LogFileName.offset(ofExactName: $0, suffix: LogFileName.logSuffix) })
        let firstBase = logBases.min()
        var removed: [String] = []
        for name in names.sorted() {
            let orphanIndex = [LogFileName.indexSuffix, LogFileName.timeIndexSuffix, LogFileName.txnIndexSuffix].contains {
                LogFileName.offset(ofExactName: name, suffix: $0).map { !logBases.contains($0) } ?? false
            }
            let strandedSnapshot = LogFileName.offset(ofExactName: name, suffix: LogFileName.snapshotSuffix).map { offset in
                firstBase.map { offset < $0 } ?? false
            } ?? false
            guard orphanIndex || strandedSnapshot else { continue }
            let path = FileSystem.join(partition, name)
            guard FileSystem.kind(of: path) == .regular else { continue }
            CrashPoint.step()
            try AtomicFile.remove(path)
            removed.append(path)
        }
        if !removed.isEmpty { try AtomicFile.syncDirectory(partition) }
        return removed
    }

    /// Executes `plan` (nothing for a refused plan), recording each step in `report` as it is done,
    /// so that after a failure `report` says what was deleted before it.
    public static func execute(_ plan: PartitionRetentionPlan, into report: inout Report) throws {
        guard plan.refusal == nil else { return }
        let directory = plan.directory
        let deleted = plan.deletedSegments
        for segment in deleted {
            let files = segment.files
            if let base = plan.rolledSegmentBaseOffset, files.baseOffset == deleted.last?.baseOffset {
                try roll(SegmentFiles(directory: directory, baseOffset: base))
                report.rolledSegmentBaseOffset = base
            }
            var paths = [files.log, files.offsetIndex, files.timeIndex, files.transactionIndex]
            if plan.snapshotOffsets.contains(files.baseOffset) { paths.append(files.path(LogFileName.snapshotSuffix)) }
            var renamed: [String] = []
            for path in paths where FileSystem.exists(path) {
                CrashPoint.step()
                try AtomicFile.rename(path, to: path + deletedSuffix, syncDirectory: false)
                renamed.append(path)
            }
            try AtomicFile.syncDirectory(directory)
            for path in renamed {
                CrashPoint.step()
                try AtomicFile.remove(path + deletedSuffix)
            }
            report.filesRemoved += renamed
            report.segmentsDeleted += 1
            report.bytesDeleted += segment.size
        }
        if !deleted.isEmpty { try AtomicFile.syncDirectory(directory) }
        if let change = plan.leaderEpochChange {
            CrashPoint.step()
            try AtomicFile.write(LeaderEpochCheckpointFile.serialize(change.new), to: FileSystem.join(directory, LeaderEpochCheckpointFile.name))
            report.leaderEpochCheckpointWritten = true
        }
        if report.segmentsDeleted > 0 { report.filesRemoved += try removeOrphans(directory) }
    }

    /// Writes `log-start-offset-checkpoint` of `checkpoints.logDirectory` with the entries Kafka would
    /// write for the executed `plans` (every other line kept). Returns false when nothing changed.
    @discardableResult
    public static func writeLogStartCheckpoint(_ checkpoints: RetentionCheckpoints, plans: [PartitionRetentionPlan]) throws -> Bool {
        var changes: [TopicPartitionKey: Int64?] = [:]
        for plan in plans where plan.refusal == nil && plan.logStartCheckpointChanges {
            changes[plan.topicPartition] = .some(plan.newLogStartCheckpointEntry)
        }
        guard !changes.isEmpty else { return false }
        CrashPoint.step()
        // Re-read under the lock and change only these entries, as every checkpoint edit does.
        try OffsetCheckpointFile.update(logDirectory: checkpoints.logDirectory, name: OffsetCheckpointFile.logStartOffset, changes: changes)
        return true
    }

    /// The empty active segment Kafka rolls before deleting every other segment; its indexes are
    /// empty (a broker pre-sizes them while active and trims them at shutdown).
    static func roll(_ segment: SegmentFiles) throws {
        if let size = FileSystem.size(of: segment.log), size > 0 {
            throw LogError.corrupt(path: segment.log, position: 0, reason: "a non-empty segment already exists at the log end offset; refusing to roll over it")
        }
        for path in [segment.offsetIndex, segment.timeIndex, segment.log] {
            CrashPoint.step()
            try AtomicFile.writeAndSync([], to: path)
        }
        try AtomicFile.syncDirectory(segment.directory)
    }
}
