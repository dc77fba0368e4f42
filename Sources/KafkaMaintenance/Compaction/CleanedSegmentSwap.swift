import KafkaLog

/// Kafka's `replaceSegments` for one cleaned segment (maintenance §2.11), offline:
///
/// 1. the cleaned segment's files, complete and fsynced as `.cleaned`, are renamed to `.swap`;
/// 2. each source segment's files (and the producer snapshots at sources' base offsets the cleaned
///    segment does not reuse) are renamed to `.deleted`, in ascending order;
/// 3. the `.swap` files are renamed to their final names;
/// 4. the `.deleted` files are removed (no reader can hold them: the broker is down).
///
/// The directory is fsynced once after each step (the renames themselves do not sync it), so a crash
/// anywhere leaves a state that `LeftoverRecovery` (kseg's, or the broker's at start-up) turns into
/// either the old segments or the new one — never a mix that loses or duplicates a record.
enum CleanedSegmentSwap {
    static func swap(_ cleaned: SegmentWriter, replacing sources: [SegmentFiles]) throws {
        let directory = cleaned.segment.directory
        let cleanedSuffix = LeftoverRecovery.cleanedSuffix, swapSuffix = LeftoverRecovery.swapSuffix
        let finals = cleaned.paths.map { String($0.dropLast(cleanedSuffix.count)) }
        // Step 1, in the order Kafka renames a segment's files.
        for path in finals {
            CrashPoint.step()
            try AtomicFile.rename(path + cleanedSuffix, to: path + swapSuffix, syncDirectory: false)
        }
        CrashPoint.step()
        try AtomicFile.syncDirectory(directory)

        // Step 2.
        var deleted: [String] = []
        for source in sources {
            var files = [source.log, source.offsetIndex, source.timeIndex, source.transactionIndex]
            if source.baseOffset != cleaned.segment.baseOffset { files.append(source.path(LogFileName.snapshotSuffix)) }
            for path in files where FileSystem.exists(path) {
                CrashPoint.step()
                try AtomicFile.rename(path, to: path + LeftoverRecovery.deletedSuffix, syncDirectory: false)
                deleted.append(path + LeftoverRecovery.deletedSuffix)
            }
        }
        CrashPoint.step()
        try AtomicFile.syncDirectory(directory)

        // Step 3.
        for path in finals {
            CrashPoint.step()
            try AtomicFile.rename(path + swapSuffix, to: path, syncDirectory: false)
        }
        CrashPoint.step()
        try AtomicFile.syncDirectory(directory)

        // Step 4.
        for path in deleted {
            CrashPoint.step()
            try AtomicFile.remove(path)
        }
        try AtomicFile.syncDirectory(directory)
    }
}
