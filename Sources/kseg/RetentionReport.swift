import KafkaDump
import KafkaLog
import KafkaMaintenance

/// `kseg retention`'s output: per partition a header and a table of its segments (text), or one JSON
/// object per partition, per segment and per action (schema in man/kseg-retention.1).
struct RetentionReport {
    let out: OutputStream
    let json: Bool
    let execute: Bool

    // MARK: - Plans

    func plan(_ plan: PartitionRetentionPlan) {
        json ? planJSON(plan) : planText(plan)
    }

    private func planText(_ plan: PartitionRetentionPlan) {
        let config = plan.config
        out.writeLine("\(plan.topicPartition)  \(plan.directory)")
        var settings = "  cleanup.policy=\(policyText(config)) retention.ms=\(config.retentionMs)"
        if config.retentionMs >= 0 { settings += " (\(RetentionText.duration(config.retentionMs)))" }
        settings += " retention.bytes=\(config.retentionBytes)"
        if let hw = plan.highWatermark, let logEnd = plan.logEnd {
            settings += "; log start offset \(plan.logStartOffset), high watermark \(hw.offset) (\(hw.source.rawValue)"
            if let value = hw.checkpointValue, value != hw.offset { settings += " \(value), clamped" }
            settings += "), log end offset \(logEnd.nextOffset)"
        }
        out.writeLine(settings)
        if let note = plan.policyNote { out.writeLine("  note: \(note)") }
        if let refusal = plan.refusal { out.writeLine("  refused (\(refusal.kind.rawValue)): \(refusal.detail)") }
        for finding in plan.findings { out.writeLine("  finding: \(finding)") }
        if !plan.leftovers.isEmpty {
            out.writeLine("  leftovers, which --execute first clears as the broker's loader would: " + plan.leftovers.map(\.description).joined(separator: "; "))
        }
        if !plan.segments.isEmpty { segmentTable(plan) }
        guard plan.refusal == nil else { return }
        let deleted = plan.deletedSegments.count
        var summary = "  \(execute ? "deletes" : "would delete") \(deleted) of \(plan.segments.count) segment\(plan.segments.count == 1 ? "" : "s")"
        summary += " (\(plan.bytesDeleted) bytes)"
        if let rolled = plan.rolledSegmentBaseOffset { summary += " after rolling a new empty segment at offset \(rolled)" }
        if plan.newLogStartOffset != plan.logStartOffset { summary += "; log start offset \(plan.logStartOffset) -> \(plan.newLogStartOffset)" }
        if plan.logStartCheckpointChanges {
            summary += "; log-start-offset-checkpoint entry \(entryText(plan.logStartCheckpointEntry)) -> \(entryText(plan.newLogStartCheckpointEntry))"
        }
        if let change = plan.leaderEpochChange {
            summary += "; leader-epoch-checkpoint \(epochText(change.old)) -> \(epochText(change.new))"
        }
        out.writeLine(summary)
    }

    private func segmentTable(_ plan: PartitionRetentionPlan) {
        let offsetWidth = max(11, plan.segments.map { String($0.baseOffset).count }.max() ?? 0)
        let sizeWidth = max(4, plan.segments.map { String($0.size).count }.max() ?? 0)
        out.writeLine("  " + pad("base offset", offsetWidth, left: true) + "  " + pad("size", sizeWidth, left: true)
                      + "  largest timestamp         source     decision")
        for (segment, verdict) in zip(plan.segments, plan.verdicts) {
            var line = "  " + pad(String(segment.baseOffset), offsetWidth, left: true) + "  " + pad(String(segment.size), sizeWidth, left: true)
            line += "  " + RetentionText.timestamp(segment.largestTimestamp) + "  " + pad(segment.timestampSource.rawValue, 9, left: false) + "  "
            if let rule = verdict.rule {
                line += "delete (\(rule.rawValue)): \(verdict.detail)"
            } else if verdict.keepReason == .refused {
                line += "keep (refused)"
            } else {
                line += "keep (\(verdict.keepReason!.rawValue)): \(verdict.detail)"
            }
            out.writeLine(line)
            for note in segment.notes { out.writeLine("  " + String(repeating: " ", count: offsetWidth) + "  note: \(note)") }
        }
    }

    private func planJSON(_ plan: PartitionRetentionPlan) {
        let config = plan.config
        var fields = identity(plan)
        fields += [
            ("cleanupPolicy", .string(config.cleanupPolicy.map(\.rawValue).joined(separator: ","))),
            ("retentionMs", .int(config.retentionMs)),
            ("retentionBytes", .int(config.retentionBytes)),
            ("rules", .array(plan.rules.map { .string($0.rawValue) })),
            ("policyNote", plan.policyNote.map { .string($0) } ?? .null),
            ("logStartOffset", .int(plan.logStartOffset)),
            ("highWatermark", plan.highWatermark.map { .int($0.offset) } ?? .null),
            ("highWatermarkSource", plan.highWatermark.map { .string($0.source.rawValue) } ?? .null),
            ("highWatermarkCheckpoint", plan.highWatermark?.checkpointValue.map { .int($0) } ?? .null),
            ("logEndOffset", plan.logEnd.map { .int($0.nextOffset) } ?? .null),
            ("segments", .int(Int64(plan.segments.count))),
            ("segmentsDeleted", .int(Int64(plan.deletedSegments.count))),
            ("bytesDeleted", .int(plan.bytesDeleted)),
            ("newLogStartOffset", .int(plan.newLogStartOffset)),
            ("rollsSegmentAt", plan.rolledSegmentBaseOffset.map { .int($0) } ?? .null),
            ("logStartCheckpointEntry", plan.logStartCheckpointEntry.map { .int($0) } ?? .null),
            ("newLogStartCheckpointEntry", plan.newLogStartCheckpointEntry.map { .int($0) } ?? .null),
            ("leaderEpochCheckpoint", plan.leaderEpochChange.map { change in
                .orderedObject([("old", epochJSON(change.old)), ("new", epochJSON(change.new))]) } ?? .null),
            ("leftovers", .array(plan.leftovers.map { .string($0.description) })),
            ("refusal", plan.refusal.map { .orderedObject([("kind", .string($0.kind.rawValue)), ("detail", .string($0.detail))]) } ?? .null),
            ("findings", .array(plan.findings.map { .string($0) })),
        ]
        out.writeLine(JSONLine.object([("type", .string("partition"))] + fields))
        for (segment, verdict) in zip(plan.segments, plan.verdicts) {
            out.writeLine(JSONLine.object([("type", .string("segment"))] + identity(plan) + [
                ("baseOffset", .int(segment.baseOffset)),
                ("nextOffset", .int(verdict.nextOffset)),
                ("size", .int(segment.size)),
                ("largestTimestamp", .int(segment.largestTimestamp)),
                ("timestampSource", .string(segment.timestampSource.rawValue)),
                ("action", .string(verdict.deletes ? "delete" : "keep")),
                ("rule", verdict.rule.map { .string($0.rawValue) } ?? .null),
                ("reason", verdict.keepReason.map { .string($0.rawValue) } ?? .null),
                ("detail", .string(verdict.detail)),
                ("notes", .array(segment.notes.map { .string($0) })),
            ]))
        }
    }

    // MARK: - Execution

    func executed(_ plan: PartitionRetentionPlan, _ preparation: RetentionExecution.Preparation, _ report: RetentionExecution.Report) {
        if json {
            out.writeLine(JSONLine.object([("type", .string("executed"))] + identity(plan) + [
                ("recovered", .array(preparation.recovery.map { .string($0.description) })),
                ("orphansRemoved", .array(preparation.orphansRemoved.map { .string($0) })),
                ("rolledSegmentAt", report.rolledSegmentBaseOffset.map { .int($0) } ?? .null),
                ("segmentsDeleted", .int(Int64(report.segmentsDeleted))),
                ("bytesDeleted", .int(report.bytesDeleted)),
                ("filesRemoved", .array(report.filesRemoved.map { .string($0) })),
                ("leaderEpochCheckpointWritten", .bool(report.leaderEpochCheckpointWritten)),
            ]))
            return
        }
        if !preparation.recovery.isEmpty {
            out.writeLine("  recovered as the broker would: " + preparation.recovery.map(\.description).joined(separator: "; "))
        }
        if !preparation.orphansRemoved.isEmpty {
            out.writeLine("  removed files of an interrupted deletion: " + preparation.orphansRemoved.map(LogFileName.fileName(of:)).joined(separator: ", "))
        }
        var done: [String] = []
        if let rolled = report.rolledSegmentBaseOffset { done.append("rolled a new empty segment at offset \(rolled)") }
        if report.segmentsDeleted > 0 { done.append("deleted \(report.segmentsDeleted) segment\(report.segmentsDeleted == 1 ? "" : "s") (\(report.bytesDeleted) bytes, \(report.filesRemoved.count) files)") }
        if report.leaderEpochCheckpointWritten { done.append("rewrote leader-epoch-checkpoint") }
        if !done.isEmpty { out.writeLine("  done: " + done.joined(separator: "; ")) }
    }

    func checkpointWritten(_ path: String, entries: Int) {
        if json {
            out.writeLine(JSONLine.object([("type", .string("checkpoint")), ("file", .string(path)), ("entriesChanged", .int(Int64(entries)))]))
        } else {
            out.writeLine("rewrote \(path) (\(entries) entr\(entries == 1 ? "y" : "ies") changed)")
        }
    }

    func error(_ path: String, _ message: String) {
        if json { out.writeLine(JSONLine.object([("type", .string("error")), ("path", .string(path)), ("message", .string(message))])) }
    }

    // MARK: - Totals

    struct Totals {
        var partitions = 0, segments = 0, segmentsDeleted = 0, refused = 0, failed = 0
        var bytes: Int64 = 0, bytesDeleted: Int64 = 0

        /// Counts `plan`; `deleted` is what `--execute` really deleted (nil: a dry run, the plan's).
        mutating func add(_ plan: PartitionRetentionPlan, deleted: (segments: Int, bytes: Int64)? = nil) {
            partitions += 1
            segments += plan.segments.count
            bytes += plan.segments.reduce(0) { $0 + $1.size }
            if plan.refusal != nil { refused += 1 }
            segmentsDeleted += deleted?.segments ?? plan.deletedSegments.count
            bytesDeleted += deleted?.bytes ?? plan.bytesDeleted
        }
    }

    func summary(_ totals: Totals) {
        if json {
            out.writeLine(JSONLine.object([
                ("type", .string("summary")), ("execute", .bool(execute)), ("partitions", .int(Int64(totals.partitions))),
                ("refused", .int(Int64(totals.refused))), ("failed", .int(Int64(totals.failed))),
                ("segments", .int(Int64(totals.segments))), ("bytes", .int(totals.bytes)),
                ("segmentsDeleted", .int(Int64(totals.segmentsDeleted))), ("bytesDeleted", .int(totals.bytesDeleted)),
            ]))
            return
        }
        var line = "retention\(execute ? "" : " (dry run)"): \(totals.partitions) partition\(totals.partitions == 1 ? "" : "s"), "
        line += "\(totals.segments) segment\(totals.segments == 1 ? "" : "s"), \(totals.bytes) bytes; "
        line += "\(execute ? "deleted" : "would delete") \(totals.segmentsDeleted) segment\(totals.segmentsDeleted == 1 ? "" : "s"), "
        line += "\(totals.bytesDeleted) bytes (\(ReassignSummaryText.formatBytes(totals.bytesDeleted)))"
        if totals.refused > 0 { line += "; \(totals.refused) partition\(totals.refused == 1 ? "" : "s") refused" }
        if totals.failed > 0 { line += "; \(totals.failed) failed" }
        if !execute { line += ". Nothing was changed (use --execute)." }
        out.writeLine(line)
    }

    // MARK: - Pieces

    private func identity(_ plan: PartitionRetentionPlan) -> [(String, JSONLine.Value)] {
        [("directory", .string(plan.directory)), ("topic", .string(plan.topicPartition.topic)),
         ("partition", .int(Int64(plan.topicPartition.partition)))]
    }

    private func policyText(_ config: TopicConfig) -> String {
        config.cleanupPolicy.isEmpty ? "\"\"" : config.cleanupPolicy.map(\.rawValue).joined(separator: ",")
    }

    private func entryText(_ entry: Int64?) -> String { entry.map(String.init) ?? "none" }

    private func epochText(_ entries: [EpochEntry]) -> String {
        "[" + entries.map { "\($0.epoch) \($0.startOffset)" }.joined(separator: ", ") + "]"
    }

    private func epochJSON(_ entries: [EpochEntry]) -> JSONLine.Value {
        .array(entries.map { .orderedObject([("epoch", .int(Int64($0.epoch))), ("startOffset", .int($0.startOffset))]) })
    }

    private func pad(_ text: String, _ width: Int, left: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
