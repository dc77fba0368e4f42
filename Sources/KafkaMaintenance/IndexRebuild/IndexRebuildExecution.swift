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
                try AtomicFile.write(bytes, to: saved, temporarySuffix: temporarySuffix)
                try writeIndexes(segment, report: &report)
                try AtomicFile.truncate(segment.segment.log, to: tail.validBytes)
                report.repaired.append((segment.segment.log, tail.validBytes, n, saved))
            } else {
                try writeIndexes(segment, report: &report)
            }
        }
        return report
    }

    private static func writeIndexes(_ segment: SegmentRebuildPlan, report: inout Report) throws {
        for change in segment.changes where change.needsWrite {
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
