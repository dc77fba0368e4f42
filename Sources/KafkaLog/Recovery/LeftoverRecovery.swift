/// What a broker does with the leftovers of interrupted deletions, compactions and segment swaps
/// before it loads a partition (`LogLoader`; maintenance spec §0.6 step 1–2 and §2.11). Every
/// offline tool that changes a partition runs it first, under the log directory's lock, so that it
/// starts from the state the broker would start from.
///
/// Only regular files count (Kafka's `File.isFile`), as in Kafka:
///
/// 1. Delete every `*.deleted` file except KRaft's `*.checkpoint.deleted`.
/// 2. Delete every `*.swap` file whose base offset is ≥ the smallest base offset of any `*.cleaned`
///    file (an interrupted rename sequence), then every `*.cleaned` file.
/// 3. For the remaining `*.log.swap` files, `lo` = their smallest base offset and `hi` = the largest
///    next offset after their last batch.
/// 4. Delete every other file whose name starts with an offset and a `.` in `[lo, hi)` (the replaced
///    sources' segment files and producer snapshots).
/// 5. Rename every `*.swap` file to its name without the suffix.
public enum LeftoverRecovery {
    public static let deletedSuffix = ".deleted"
    public static let cleanedSuffix = ".cleaned"
    public static let swapSuffix = ".swap"
    /// KRaft snapshots scheduled for deletion: Kafka's metadata log handles them, its loader does not.
    static let kraftSnapshotDeletedSuffix = ".checkpoint.deleted"

    /// One step of the recovery.
    public enum Action: Equatable, Sendable, CustomStringConvertible {
        case delete(path: String, reason: String)
        case rename(from: String, to: String)

        public var description: String {
            switch self {
            case let .delete(path, reason): return "delete \(LogFileName.fileName(of: path)) (\(reason))"
            case let .rename(from, to): return "rename \(LogFileName.fileName(of: from)) to \(LogFileName.fileName(of: to))"
            }
        }
    }

    /// The steps recovery would take in `partition`, in order; empty when there are no leftovers.
    public static func plan(partition: String) throws -> [Action] {
        let names = try FileSystem.list(partition).sorted()
        func isFile(_ name: String) -> Bool { FileSystem.kind(of: FileSystem.join(partition, name)) == .regular }
        var actions: [Action] = []
        var removed = Set<String>()
        func delete(_ name: String, _ reason: String) {
            guard removed.insert(name).inserted else { return }
            actions.append(.delete(path: FileSystem.join(partition, name), reason: reason))
        }

        // Step 1.
        for name in names where name.hasSuffix(deletedSuffix) && !name.hasSuffix(kraftSnapshotDeletedSuffix) && isFile(name) {
            delete(name, "scheduled for deletion")
        }

        // Step 2.
        let cleaned = names.filter { $0.hasSuffix(cleanedSuffix) && isFile($0) }
        let minCleaned = cleaned.compactMap { LogFileName.offset(fromFileName: $0) }.min() ?? Int64.max
        let allSwaps = names.filter { $0.hasSuffix(swapSuffix) && isFile($0) }
        for name in allSwaps {
            if let base = LogFileName.offset(fromFileName: name), base >= minCleaned {
                delete(name, "interrupted swap: at or above the first .cleaned offset \(minCleaned)")
            }
        }
        for name in cleaned { delete(name, "incomplete cleaning") }

        // Step 3.
        let swaps = allSwaps.filter { !removed.contains($0) }
        var lo = Int64.max, hi = Int64.min
        for name in swaps where name.hasSuffix(LogFileName.logSuffix + swapSuffix) {
            guard let base = LogFileName.offset(fromFileName: name) else { continue }
            lo = min(lo, base)
            hi = max(hi, try nextOffset(of: FileSystem.join(partition, name), baseOffset: base))
        }

        // Step 4.
        if lo < hi {
            // Kafka's `offsetFromFile` takes the text before the first `.`; a name without one is not an offset.
            for name in names where !name.hasSuffix(swapSuffix) && !removed.contains(name) && name.contains(".") {
                guard let offset = LogFileName.offset(fromFileName: name), offset >= lo, offset < hi, isFile(name) else { continue }
                delete(name, "replaced by the swapped-in segment covering offsets \(lo)..<\(hi)")
            }
        }

        // Step 5.
        for name in swaps {
            let final = String(name.dropLast(swapSuffix.count))
            actions.append(.rename(from: FileSystem.join(partition, name), to: FileSystem.join(partition, final)))
        }
        return actions
    }

    /// Carries out `plan(partition:)` and returns what was done. Deletions come before renames, and
    /// each rename is made durable before the next step, so a crash here leaves a state this same
    /// recovery completes.
    @discardableResult
    public static func run(partition: String) throws -> [Action] {
        let actions = try plan(partition: partition)
        for action in actions {
            switch action {
            case .delete(let path, _): try AtomicFile.remove(path)
            case .rename(let from, let to): try AtomicFile.rename(from, to: to)
            }
        }
        if !actions.isEmpty { try AtomicFile.syncDirectory(partition) }
        return actions
    }

    /// The offset after the last batch of a segment file (its base offset when it holds no batch).
    /// Only whole batches count, as in Kafka's `LogSegment.readNextOffset`.
    static func nextOffset(of path: String, baseOffset: Int64) throws -> Int64 {
        let file = try MappedFile(path: path)
        var batches = LogBatchIterator(file: file)
        var next = baseOffset
        // `lastOffset + 1` wraps as Kafka's Java `long` arithmetic does.
        while let batch = try batches.next() { next = max(next, batch.lastOffset &+ 1) }
        return next
    }
}
