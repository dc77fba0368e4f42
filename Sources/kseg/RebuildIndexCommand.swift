import ArgumentParser
import KafkaDump
import KafkaLog
import KafkaMaintenance

/// `kseg rebuild-index`: offline index rebuild and tail repair.
struct RebuildIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild-index",
        abstract: "Rebuild .index, .timeindex and .txnindex from the .log, byte-identical to Kafka's recovery (dry run by default).",
        discussion: """
        Without --execute, says per segment whether each index is identical, would change, or is \
        missing, and whether the log has an invalid tail. --execute writes the changed indexes (temp \
        file, fsync, rename, fsync directory) under the log directory's .lock, after resolving \
        .deleted/.cleaned/.swap leftovers as Kafka's loader does. --repair also cuts an invalid tail \
        the way Kafka's recovery does, after saving the cut bytes to <segment>.log.corrupt-<position>; \
        later segments are set aside as <segment>.log.corrupt-0 (Kafka deletes them). Exit status: 0 nothing to do / done, 1 changes needed (dry run) \
        or corrupt segments left alone, 2 failure (e.g. a broker holds the lock). See man/kseg-rebuild-index.1.
        """
    )

    @OptionGroup var paths: SegmentPathArguments
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var parallel: ParallelOptions

    @Flag(name: .customLong("repair"), help: "With --execute: cut invalid tails (corrupt or torn last batches), saving the cut bytes first.")
    var repair = false

    @Option(name: .customLong("index-interval-bytes"), help: "The topic's index.interval.bytes (Kafka's default 4096).")
    var indexIntervalBytes: Int = 4096

    @Option(name: .customLong("segment-index-bytes"), help: "The topic's segment.index.bytes (Kafka's default 10485760).")
    var segmentIndexBytes: Int = 10_485_760

    func validate() throws {
        if repair && !execution.execute { throw ValidationError("--repair changes data: give it together with --execute.") }
        if indexIntervalBytes < 0 { throw ValidationError("--index-interval-bytes must be at least 0.") }
        if segmentIndexBytes < 12 { throw ValidationError("--segment-index-bytes must be at least 12.") }
    }

    func run() throws {
        let items: [IndexWorkItem]
        do { items = try IndexWorkItem.resolve(paths.paths) } catch { throw ExitStatus.fail(error) }
        // Rebuilding needs the whole partition (transaction state flows from segment to segment).
        var partitions: [String] = []
        for item in items where !partitions.contains(item.directory) { partitions.append(item.directory) }
        // Never the KRaft metadata log: skipped when a log dir is walked, refused when named.
        let named = paths.paths.map { FileSystem.kind(of: $0) == .directory ? $0 : LogFileName.directory(of: $0) }
        do {
            partitions = try partitions.filter { partition in
                guard try MaintenanceTarget.skipClusterMetadata(partition, named: named) else { return true }
                printError("kseg: note: skipped \(partition): the KRaft metadata log is never modified by kseg")
                return false
            }
        } catch { throw ExitStatus.fail(error) }
        let wanted: [String: Set<Int64>] = items.reduce(into: [:]) { map, item in
            if case .segment(let s) = item { map[s.directory, default: []].insert(s.baseOffset) }
        }

        let progress = ProgressReporter(label: "rebuild-index", totalItems: partitions.count,
                                        totalBytes: partitions.reduce(0) { $0 + IndexWorkItem.partition($1).logBytes })
        let interval = indexIntervalBytes, maxIndexSize = segmentIndexBytes
        let plans = ParallelWork.map(count: partitions.count, jobs: parallel.jobs ?? processorCount()) { i -> Result<PartitionRebuildPlan, Error> in
            let result = Result { try PartitionRebuildPlan.make(partition: partitions[i], indexIntervalBytes: interval, maxIndexSize: maxIndexSize) }
            progress.advance(bytes: (try? result.get())?.logBytes ?? 0)
            return result
        }
        progress.finish()

        let out = OutputStream.standardOutput()
        var status = ExitStatus.ok
        var executable: [(logDir: String, plan: PartitionRebuildPlan)] = []
        for (directory, planResult) in zip(partitions, plans) {
            let plan: PartitionRebuildPlan
            switch planResult {
            case .success(let p): plan = p
            case .failure(let error):
                printError("kseg: error: \(directory): \(error)")
                status = max(status, ExitStatus.status(for: error))
                continue
            }
            let filtered = plan.selecting(wanted[directory])
            for action in plan.leftovers { reportLeftover(action, executed: false, out: out) }
            for segment in filtered.segments { report(segment, out: out) }
            if let truncation = filtered.truncation { reportTruncation(truncation, out: out) }
            if filtered.needsWork {
                if execution.execute {
                    executable.append((PartitionSegments.logDirectory(ofPartition: directory), filtered))
                } else {
                    status = max(status, ExitStatus.findings)
                }
            }
        }
        out.flush()
        guard execution.execute else {
            if !output.json && status == ExitStatus.findings {
                out.writeLine("rebuild-index: dry run; nothing was written (use --execute\(plans.contains { (try? $0.get())?.segments.contains { $0.invalidTail != nil } ?? false } ? ", and --repair for invalid tails" : ""))")
                out.flush()
            }
            if status != ExitStatus.ok { throw ExitCode(status) }
            return
        }
        // Execute, one log directory at a time, under its lock.
        var byLogDir: [(String, [PartitionRebuildPlan])] = []
        for (logDir, plan) in executable {
            if let i = byLogDir.firstIndex(where: { $0.0 == logDir }) { byLogDir[i].1.append(plan) } else { byLogDir.append((logDir, [plan])) }
        }
        for (logDir, partitionPlans) in byLogDir {
            do {
                let lock = try LogDirectoryLock(logDirectory: logDir)
                defer { lock.release() }
                for plan in partitionPlans {
                    let result = try IndexRebuildExecution.execute(plan, repair: repair) { directory in
                        try PartitionRebuildPlan.make(partition: directory, indexIntervalBytes: interval, maxIndexSize: maxIndexSize)
                            .selecting(wanted[directory])
                    }
                    for action in result.leftoversResolved { reportLeftover(action, executed: true, out: out) }
                    for file in result.filesWritten { emit(out, ["type": .string("written"), "file": .string(file)], text: "wrote \(file)") }
                    for cut in result.repaired {
                        emit(out, ["type": .string("repaired"), "file": .string(cut.segment), "position": .int(Int64(cut.position)),
                                   "bytes": .int(Int64(cut.bytes)), "savedTo": .string(cut.savedTo)],
                             text: "repaired \(cut.segment): cut \(cut.bytes) bytes from byte \(cut.position), saved to \(cut.savedTo)")
                    }
                    for later in result.setAside {
                        emit(out, ["type": .string("setAside"), "file": .string(later.segment), "savedTo": .string(later.savedTo), "bytes": .int(Int64(later.bytes)),
                                   "firstOffset": later.firstOffset.map { .int($0) } ?? .null, "lastOffset": later.lastOffset.map { .int($0) } ?? .null],
                             text: "set aside \(later.segment) (\(later.bytes) bytes\(Self.offsetText(later.firstOffset, later.lastOffset))) as \(LogFileName.fileName(of: later.savedTo)): it lies beyond the cut, where Kafka's recovery deletes it")
                    }
                    for snapshot in result.snapshotsDeleted {
                        emit(out, ["type": .string("deleted"), "file": .string(snapshot)], text: "deleted \(snapshot): a producer snapshot beyond the new log end")
                    }
                    for skipped in result.skippedCorrupt {
                        emit(out, ["type": .string("skipped"), "file": .string(skipped)],
                             text: "left \(skipped) alone: its log has an invalid tail (use --repair to cut it)")
                        status = max(status, ExitStatus.findings)
                    }
                }
            } catch {
                out.flush()
                printError("kseg: error: \(error)")
                status = max(status, ExitStatus.status(for: error) == ExitStatus.findings ? ExitStatus.findings : ExitStatus.failure)
            }
        }
        out.flush()
        if status != ExitStatus.ok { throw ExitCode(status) }
    }

    static func offsetText(_ first: Int64?, _ last: Int64?) -> String {
        guard let first, let last else { return "" }
        return ", offsets \(first)..\(last)"
    }

    /// What `--repair` removes beyond the cut besides the tail itself.
    private func reportTruncation(_ truncation: LogTruncation, out: OutputStream) {
        for later in truncation.laterSegments {
            emit(out, ["type": .string("laterSegment"), "file": .string(later.segment.log), "bytes": .int(Int64(later.bytes)),
                       "firstOffset": later.firstOffset.map { .int($0) } ?? .null, "lastOffset": later.lastOffset.map { .int($0) } ?? .null,
                       "wouldBeSavedTo": .string(LogTruncation.setAsidePath(later.segment))],
                 text: "\(later.segment.log): beyond the invalid tail (\(later.bytes) bytes\(Self.offsetText(later.firstOffset, later.lastOffset))): Kafka's recovery deletes it; --repair would set it aside as \(LogFileName.fileName(of: LogTruncation.setAsidePath(later.segment)))")
        }
        if !truncation.snapshotsAbove.isEmpty {
            emit(out, ["type": .string("snapshotsAbove"), "logEndOffset": .int(truncation.logEndOffset), "offsets": .array(truncation.snapshotsAbove.map { .int($0) })],
                 text: "\(truncation.segment.directory): producer snapshots above the new log end \(truncation.logEndOffset) would be deleted: \(truncation.snapshotsAbove.map(String.init).joined(separator: ", "))")
        }
    }

    /// A leftover of an interrupted deletion, compaction or swap (`LeftoverRecovery`).
    private func reportLeftover(_ action: LeftoverRecovery.Action, executed: Bool, out: OutputStream) {
        let verb = executed ? "resolved" : "would resolve"
        switch action {
        case let .delete(path, reason):
            emit(out, ["type": .string("leftover"), "action": .string("delete"), "file": .string(path), "reason": .string(reason), "executed": .bool(executed)],
                 text: "\(path): leftover of an interrupted operation: \(verb) by deleting it (\(reason))")
        case let .rename(from, to):
            emit(out, ["type": .string("leftover"), "action": .string("rename"), "file": .string(from), "to": .string(to), "executed": .bool(executed)],
                 text: "\(from): leftover of an interrupted swap: \(verb) by renaming it to \(LogFileName.fileName(of: to))")
        }
    }

    private func emit(_ out: OutputStream, _ json: KeyValuePairs<String, JSONLine.Value>, text: String) {
        out.writeLine(output.json ? JSONLine.object(json) : text)
    }

    private func report(_ segment: SegmentRebuildPlan, out: OutputStream) {
        let base = String(segment.segment.log.dropLast(4))
        if output.json {
            var fields: [(String, JSONLine.Value)] = [("type", .string("segment")), ("segment", .string(segment.segment.log))]
            for change in segment.changes {
                let status: JSONLine.Value
                switch change.status {
                case .identical: status = .string("identical")
                case .missing: status = .string("missing")
                case let .differs(n, old, new): status = .orderedObject([("status", .string("differs")), ("entriesDiffering", .int(Int64(n))), ("oldEntries", .int(Int64(old))), ("newEntries", .int(Int64(new)))])
                }
                fields.append((change.kind.rawValue, status))
            }
            if let tail = segment.invalidTail {
                fields.append(("invalidTail", .orderedObject([("position", .int(Int64(tail.validBytes))), ("bytes", .int(Int64(tail.bytes))), ("reason", .string(tail.reason)),
                                                              ("claimedOffsets", .array(tail.claimedOffsets.map { .array([.int($0.first), .int($0.last)]) }))])))
            }
            out.writeLine(JSONLine.object(fields))
            return
        }
        let parts = segment.changes.map { change -> String in
            switch change.status {
            case .identical: return ".\(change.kind.rawValue) identical"
            case .missing: return ".\(change.kind.rawValue) missing (would create, \(change.rebuilt.count) bytes)"
            case let .differs(n, old, new): return ".\(change.kind.rawValue) would change (\(n) of \(max(old, new)) entries differ; \(old) → \(new) entries)"
            }
        }
        out.writeLine("\(base): " + parts.joined(separator: ", "))
        if let tail = segment.invalidTail {
            let offsets = tail.claimedOffsets.isEmpty ? "no readable batch header" :
                "batches there claim offsets \(tail.claimedOffsets.first!.first)..\(tail.claimedOffsets.last!.last)"
            out.writeLine("\(segment.segment.log): invalid tail at byte \(tail.validBytes): \(tail.reason); \(tail.bytes) bytes would be cut (\(offsets)); they would be saved to \(segment.segment.log).corrupt-\(tail.validBytes)")
        }
    }
}
