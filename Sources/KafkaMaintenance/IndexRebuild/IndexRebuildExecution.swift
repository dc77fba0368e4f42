import KafkaLog
import KafkaRecords

/// Carries out a `PartitionRebuildPlan`, crash-safely (each file is either old or new at any
/// instant): index files are written to a temporary sibling, fsynced and renamed over the old one;
/// with `--repair`, an invalid tail is first saved to `<segment>.log.corrupt-<position>`, then the
/// rebuilt indexes (valid for both the cut and the uncut log) are installed, and only then the log is
/// truncated. A crashed run leaves at most a temporary file, which the next run removes.
public enum IndexRebuildExecution {
    /// Suffix of kseg's temporary files in partition directories.
    public static let temporarySuffix = ".kseg-tmp"

    public struct Report: Sendable {
        public var filesWritten: [String] = []
        public var repaired: [(segment: String, position: Int, bytes: Int, savedTo: String)] = []
        /// Segments left alone because their log is corrupt and `--repair` was not given.
        public var skippedCorrupt: [String] = []
        /// What resolving interrupted deletions, compactions and swaps did, before anything else.
        public var leftoversResolved: [LeftoverRecovery.Action] = []
        /// Later segments set aside as Kafka's recovery deletes them: `.log` → `.log.corrupt-0`.
        public var setAside: [(segment: String, savedTo: String, bytes: Int, firstOffset: Int64?, lastOffset: Int64?)] = []
        /// Producer snapshots above the new log end, deleted.
        public var snapshotsDeleted: [String] = []
        /// True when `leader-epoch-checkpoint` lost entries at or above the new log end.
        public var leaderEpochCheckpointTruncated = false
    }

    /// Executes `plan`. The caller holds the log directory's lock. When the plan found leftovers of an
    /// interrupted deletion, compaction or swap, they are resolved first as a broker's loader would,
    /// and the partition is planned again with `replan` (the plan was made of the files before that).
    public static func execute(_ plan: PartitionRebuildPlan, repair: Bool,
                               replan: (String) throws -> PartitionRebuildPlan) throws -> Report {
        try removeLeftovers(in: plan.directory)
        var report = Report()
        var plan = plan
        if !plan.leftovers.isEmpty {
            report.leftoversResolved = try LeftoverRecovery.run(partition: plan.directory)
            plan = try replan(plan.directory)
        }
        for segment in plan.segments {
            if let tail = segment.invalidTail {
                guard repair else {
                    report.skippedCorrupt.append(segment.segment.log)
                    continue
                }
                let saved = segment.segment.log + ".corrupt-\(tail.validBytes)"
                let file = try ReadOnlyFile(path: segment.segment.log)
                var bytes = [UInt8](repeating: 0, count: file.size - tail.validBytes)
                let n = try bytes.withUnsafeMutableBytes { try file.read(at: tail.validBytes, count: $0.count, into: $0.baseAddress!) }
                bytes.removeLast(bytes.count - n)
                CrashPoint.step()
                try AtomicFile.write(bytes, to: saved, temporarySuffix: temporarySuffix)
                if let truncation = plan.truncation, truncation.segment == segment.segment {
                    try removeBeyond(truncation, in: plan.directory, report: &report)
                }
                try writeIndexes(segment, report: &report)
                CrashPoint.step()
                try AtomicFile.truncate(segment.segment.log, to: tail.validBytes)
                report.repaired.append((segment.segment.log, tail.validBytes, n, saved))
            } else {
                try writeIndexes(segment, report: &report)
            }
        }
        return report
    }

    /// Everything Kafka's truncation removes beyond the cut, newest first so that a crash leaves a
    /// log that is still a prefix (the next run, finding the same invalid tail, carries on).
    private static func removeBeyond(_ truncation: LogTruncation, in directory: String, report: inout Report) throws {
        for later in truncation.laterSegments.reversed() {
            let savedTo = LogTruncation.setAsidePath(later.segment)
            // Indexes first: a crash between the steps then leaves a `.log` without indexes (which
            // the next run sets aside), never indexes without their `.log`.
            for index in [later.segment.offsetIndex, later.segment.timeIndex, later.segment.transactionIndex] {
                CrashPoint.step()
                try AtomicFile.remove(index)
            }
            CrashPoint.step()
            try AtomicFile.rename(later.segment.log, to: savedTo)
            report.setAside.append((later.segment.log, savedTo, later.bytes, later.firstOffset, later.lastOffset))
        }
        for offset in truncation.snapshotsAbove {
            let path = FileSystem.join(directory, LogFileName.name(for: offset, suffix: LogFileName.snapshotSuffix))
            CrashPoint.step()
            try AtomicFile.remove(path)
            report.snapshotsDeleted.append(path)
        }
        let epochPath = FileSystem.join(directory, LeaderEpochCheckpointFile.name)
        if FileSystem.exists(epochPath) {
            let entries = try LeaderEpochCheckpointFile.parse(try ReadOnlyFile(path: epochPath).readAll())
            let kept = LeaderEpochTruncation.truncatedFromEnd(entries, endOffset: truncation.logEndOffset)
            if kept != entries {
                CrashPoint.step()
                try AtomicFile.write(LeaderEpochCheckpointFile.serialize(kept), to: epochPath, temporarySuffix: temporarySuffix)
                report.leaderEpochCheckpointTruncated = true
            }
        }
        try AtomicFile.syncDirectory(directory)
    }

    private static func writeIndexes(_ segment: SegmentRebuildPlan, report: inout Report) throws {
        for change in segment.changes where change.needsWrite {
            CrashPoint.step()
            try AtomicFile.write(change.rebuilt, to: change.path, temporarySuffix: temporarySuffix)
            report.filesWritten.append(change.path)
        }
    }

    /// Removes temporary files a killed run left behind.
    public static func removeLeftovers(in directory: String) throws {
        for name in try FileSystem.list(directory) where name.hasSuffix(temporarySuffix) {
            try AtomicFile.remove(FileSystem.join(directory, name))
        }
    }
}
