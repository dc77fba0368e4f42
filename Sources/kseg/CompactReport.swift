import KafkaDump
import KafkaLog
import KafkaMaintenance

/// `compact`'s output: per partition a few lines of text (or one JSON object), then a summary.
/// The JSON field names are part of kseg's interface (man/kseg-compact.1).
struct CompactReport {
    let json: Bool
    let execute: Bool
    let now: Int64

    func write(_ result: PartitionCompaction, to out: OutputStream) {
        if json {
            out.writeLine(JSONLine.object(jsonFields(result)))
        } else {
            for line in textLines(result) { out.writeLine(line) }
        }
    }

    func writeSummary(_ results: [PartitionCompaction], to out: OutputStream) {
        func count(_ status: PartitionCompaction.Status) -> Int { results.filter { $0.status == status }.count }
        let totals = results.reduce(into: CleaningStatistics()) { $0.add($1.totals) }
        if json {
            out.writeLine(JSONLine.object([
                ("type", .string("summary")), ("execute", .bool(execute)), ("now", .int(now)),
                ("partitions", .int(Int64(results.count))), ("compacted", .int(Int64(count(.compacted)))),
                ("planned", .int(Int64(count(.planned)))), ("nothingToClean", .int(Int64(count(.nothingToClean)))),
                ("skipped", .int(Int64(count(.skipped)))), ("refused", .int(Int64(count(.refused)))), ("failed", .int(Int64(count(.failed)))),
                ("recordsRemoved", .int(Int64(totals.recordsRemoved))), ("bytesRead", .int(totals.bytesRead)),
                ("bytesWritten", .int(totals.bytesWritten)),
            ]))
            return
        }
        var parts: [String] = []
        if execute { parts.append("\(count(.compacted)) compacted") } else { parts.append("\(count(.planned)) to compact") }
        parts.append("\(count(.nothingToClean)) with nothing to clean")
        parts.append("\(count(.skipped)) skipped")
        if count(.refused) > 0 { parts.append("\(count(.refused)) refused") }
        if count(.failed) > 0 { parts.append("\(count(.failed)) failed") }
        let bytes = "\(totals.bytesRead) bytes of segments → \(totals.bytesWritten)"
        let tail = execute ? "" : "; dry run, nothing was written (use --execute)"
        out.writeLine("compact: \(results.count) partition\(results.count == 1 ? "" : "s"): \(parts.joined(separator: ", ")); \(totals.recordsRemoved) records removed, \(bytes)\(tail)")
    }

    // MARK: - Text

    func textLines(_ r: PartitionCompaction) -> [String] {
        let name = r.directory
        switch r.status {
        case .skipped: return ["\(name): skipped: \(r.reason ?? "")"]
        case .refused: return ["\(name): refused: \(r.reason ?? "")"]
        case .failed: return ["\(name): failed: \(r.reason ?? "")"]
        default: break
        }
        var lines: [String] = []
        for action in r.leftovers {
            lines.append("\(name): \(execute ? "recovered" : "leftover"): \(action)")
        }
        guard let state = r.state, let range = r.range else {
            lines.append("\(name): \(r.reason ?? r.status.rawValue)")
            return lines
        }
        let hw = "high watermark \(state.highWatermark) (\(state.highWatermarkSource.rawValue))"
        let lso = state.firstUnstableOffset.map { ", last stable offset \($0) (an undecided transaction begins there)" } ?? ""
        lines.append("\(name): log \(state.logStartOffset)..<\(state.logEndOffset), active segment \(state.activeSegment.baseOffset), \(hw)\(lso)")
        let bounds = range.boundedBy.map(\.rawValue).joined(separator: ", ")
        let eligibility = range.brokerWouldClean ? "the broker's cleaner would pick it" : "the broker's cleaner would not pick it yet"
        lines.append("  cleanable range [\(range.firstDirtyOffset), \(range.firstUncleanableOffset)): first dirty offset from \(range.firstDirtySource.rawValue), end at \(bounds) (raw bound \(range.uncleanableOffset), aligned to a segment start); dirty ratio \(format(range.cleanableRatio)) vs min.cleanable.dirty.ratio \(format(range.minCleanableDirtyRatio))\(range.mustCompactNow ? ", past max.compaction.lag.ms by \(range.maxCompactionDelayMs) ms" : ""): \(eligibility)")
        if r.status == .nothingToClean {
            lines.append("  \(r.reason ?? "nothing to clean")")
            return lines
        }
        for (i, round) in r.rounds.enumerated() {
            let prefix = r.rounds.count > 1 ? "  round \(i + 1): " : "  "
            let s = round.statistics
            let fill = round.mapFilled
                ? "the map filled at offset \(round.endOffset - 1): this round deduplicates [\(round.firstDirtyOffset), \(round.endOffset)) only"
                : "one round covers the range"
            lines.append("\(prefix)offset map: \(round.distinctKeys) distinct keys (capacity \(round.mapCapacity)); \(fill)")
            let groups = round.groups.map { g in g.sources.count == 1 ? "\(g.baseOffset)" : "\(g.sources.map(String.init).joined(separator: "+"))→\(g.baseOffset)" }
            lines.append("\(prefix)segments: \(s.segmentsRead) \(execute ? "rewritten" : "to rewrite") into \(s.segmentsWritten) [\(groups.joined(separator: ", "))]; \(s.bytesRead) → \(s.bytesWritten) bytes (\(percent(s.bytesRead - s.bytesWritten, of: s.bytesRead)) less)")
            lines.append("\(prefix)records: \(s.recordsRead) read, \(s.recordsRemoved) \(execute ? "removed" : "to remove") (\(s.recordsSuperseded) superseded, \(count(s.tombstonesRemovedHorizonPassed + s.tombstonesRemovedLegacyHorizon, "tombstone")) past their delete horizon, \(s.abortedRecordsRemoved) aborted transactional, \(count(s.markersRemoved, "transaction marker")), \(s.nullKeyRecordsRemoved) without a key), \(s.recordsRetained) kept\(s.recordsBeyondMap > 0 ? " (\(s.recordsBeyondMap) beyond this round's map, kept undeduplicated)" : "")")
            lines.append("\(prefix)tombstones: \(tombstoneText(s))")
            lines.append("\(prefix)transactions: data of \(count(s.abortedTransactionsRemoved, "aborted transaction")) removed (\(count(s.abortedBatchesRemoved, "batch", "batches"))); markers: \(s.markersRemoved) removed, \(s.markersRetainedUntilHorizon) kept until their delete horizon, \(s.markersRetained) kept (their transaction still has data)")
            lines.append("\(prefix)batches: \(s.batchesCopied) copied unchanged, \(s.batchesRewritten) rewritten (\(s.batchesGivenHorizon) only to set a delete horizon), \(s.batchesRemoved) removed, \(s.emptyBatchesKept) kept empty (producer state or end of range)")
            if s.nullKeyRecordsRemoved > 0 {
                let sample = s.nullKeyOffsets.map(String.init).joined(separator: ", ")
                lines.append("\(prefix)null keys: \(s.nullKeyRecordsRemoved) records without a key (offsets \(sample)\(s.nullKeyRecordsRemoved > s.nullKeyOffsets.count ? ", …" : "")). A broker refuses key-less records for compacted topics, so they were written before the topic was compacted; Kafka's cleaner removes them as invalid (LogCleaner.shouldRetainRecord), and so does kseg")
            }
        }
        if r.rounds.last?.mapFilled == true && !execute {
            lines.append("  the rest, [\(r.rounds.last!.endOffset), \(range.firstUncleanableOffset)), needs further rounds (--execute runs them; a dry run cannot, as each reads what the previous wrote); figures above are the first round's")
        }
        if let checkpoint = r.checkpointWritten {
            lines.append("  cleaner-offset-checkpoint: \(r.topic ?? "") \(r.partition ?? 0) \(checkpoint)")
        } else if !execute, let last = r.rounds.last {
            lines.append("  cleaner-offset-checkpoint would become \(last.endOffset)")
        }
        if r.policy.contains(.delete) {
            lines.append("  cleanup.policy includes delete: retention is not applied by compact (kseg retention does that)")
        }
        return lines
    }

    private func tombstoneText(_ s: CleaningStatistics) -> String {
        var kept: [String] = []
        if s.tombstonesRetainedNewHorizon > 0 { kept.append("\(s.tombstonesRetainedNewHorizon) kept with a new delete horizon (now + delete.retention.ms)") }
        if s.tombstonesRetainedUntilHorizon > 0 { kept.append("\(s.tombstonesRetainedUntilHorizon) kept until their delete horizon") }
        if s.tombstonesRetainedLegacy > 0 { kept.append("\(s.tombstonesRetainedLegacy) v0/v1 kept (segment newer than the legacy delete horizon)") }
        var dropped: [String] = []
        if s.tombstonesRemovedHorizonPassed > 0 { dropped.append("\(s.tombstonesRemovedHorizonPassed) dropped, delete horizon passed") }
        if s.tombstonesRemovedLegacyHorizon > 0 { dropped.append("\(s.tombstonesRemovedLegacyHorizon) v0/v1 dropped (segment older than the legacy delete horizon)") }
        if s.tombstonesRemovedSuperseded > 0 { dropped.append("\(s.tombstonesRemovedSuperseded) dropped, superseded by a later record") }
        let all = kept + dropped
        return all.isEmpty ? "none" : all.joined(separator: "; ")
    }

    /// "1 batch", "2 batches".
    private func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : plural ?? singular + "s")"
    }

    private func format(_ ratio: Double) -> String {
        let hundredths = Int((ratio * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }

    private func percent(_ part: Int64, of whole: Int64) -> String {
        whole > 0 ? "\(Int((Double(part) * 100 / Double(whole)).rounded()))%" : "0%"
    }

    // MARK: - JSON

    func jsonFields(_ r: PartitionCompaction) -> [(String, JSONLine.Value)] {
        var fields: [(String, JSONLine.Value)] = [
            ("type", .string("partition")), ("directory", .string(r.directory)),
            ("topic", r.topic.map { .string($0) } ?? .null), ("partition", r.partition.map { .int(Int64($0)) } ?? .null),
            ("status", .string(r.status.rawValue)), ("reason", r.reason.map { .string($0) } ?? .null),
            ("cleanupPolicy", .array(r.policy.map { .string($0.rawValue) })),
            ("leftovers", .array(r.leftovers.map { .string($0.description) })),
        ]
        if let state = r.state {
            fields += [
                ("logStartOffset", .int(state.logStartOffset)), ("logEndOffset", .int(state.logEndOffset)),
                ("activeSegmentBaseOffset", .int(state.activeSegment.baseOffset)),
                ("highWatermark", .int(state.highWatermark)), ("highWatermarkSource", .string(state.highWatermarkSource.rawValue)),
                ("lastStableOffset", .int(state.lastStableOffset)),
                ("segments", .int(Int64(state.segments.count))),
            ]
        }
        if let range = r.range {
            fields += [
                ("firstDirtyOffset", .int(range.firstDirtyOffset)), ("firstDirtyOffsetSource", .string(range.firstDirtySource.rawValue)),
                ("uncleanableOffset", .int(range.uncleanableOffset)), ("firstUncleanableOffset", .int(range.firstUncleanableOffset)),
                ("uncleanableBoundBy", .array(range.boundedBy.map { .string($0.rawValue) })),
                ("cleanBytes", .int(range.cleanBytes)), ("cleanableBytes", .int(range.cleanableBytes)),
                ("cleanableRatio", .double(range.cleanableRatio)), ("minCleanableDirtyRatio", .double(range.minCleanableDirtyRatio)),
                ("maxCompactionDelayMs", .int(range.maxCompactionDelayMs)), ("brokerWouldClean", .bool(range.brokerWouldClean)),
            ]
        }
        fields.append(("rounds", .array(r.rounds.map { .orderedObject(roundFields($0)) })))
        fields.append(("checkpointWritten", r.checkpointWritten.map { .int($0) } ?? .null))
        fields.append(("moreRoundsNeeded", .bool(!execute && r.rounds.last?.mapFilled == true)))
        return fields
    }

    private func roundFields(_ round: PartitionCompaction.Round) -> [(String, JSONLine.Value)] {
        let s = round.statistics
        return [
            ("firstDirtyOffset", .int(round.firstDirtyOffset)), ("firstUncleanableOffset", .int(round.firstUncleanableOffset)),
            ("endOffset", .int(round.endOffset)), ("offsetMapFull", .bool(round.mapFilled)),
            ("distinctKeys", .int(Int64(round.distinctKeys))), ("offsetMapCapacity", .int(Int64(round.mapCapacity))),
            ("groups", .array(round.groups.map { .orderedObject([("baseOffset", .int($0.baseOffset)), ("sources", .array($0.sources.map { .int($0) }))]) })),
            ("segmentsRead", .int(Int64(s.segmentsRead))), ("segmentsWritten", .int(Int64(s.segmentsWritten))),
            ("bytesRead", .int(s.bytesRead)), ("bytesWritten", .int(s.bytesWritten)),
            ("recordsRead", .int(Int64(s.recordsRead))), ("recordsRetained", .int(Int64(s.recordsRetained))),
            ("recordsRemoved", .int(Int64(s.recordsRemoved))), ("recordsSuperseded", .int(Int64(s.recordsSuperseded))),
            ("recordsBeyondMap", .int(Int64(s.recordsBeyondMap))),
            ("nullKeyRecordsRemoved", .int(Int64(s.nullKeyRecordsRemoved))), ("nullKeyOffsets", .array(s.nullKeyOffsets.map { .int($0) })),
            ("abortedTransactionsRemoved", .int(Int64(s.abortedTransactionsRemoved))),
            ("abortedBatchesRemoved", .int(Int64(s.abortedBatchesRemoved))), ("abortedRecordsRemoved", .int(Int64(s.abortedRecordsRemoved))),
            ("tombstones", .orderedObject([
                ("retainedNewHorizon", .int(Int64(s.tombstonesRetainedNewHorizon))),
                ("retainedUntilHorizon", .int(Int64(s.tombstonesRetainedUntilHorizon))),
                ("retainedLegacy", .int(Int64(s.tombstonesRetainedLegacy))),
                ("removedHorizonPassed", .int(Int64(s.tombstonesRemovedHorizonPassed))),
                ("removedLegacyHorizon", .int(Int64(s.tombstonesRemovedLegacyHorizon))),
                ("removedSuperseded", .int(Int64(s.tombstonesRemovedSuperseded))),
            ])),
            ("markers", .orderedObject([
                ("removed", .int(Int64(s.markersRemoved))), ("retainedUntilHorizon", .int(Int64(s.markersRetainedUntilHorizon))),
                ("retained", .int(Int64(s.markersRetained))),
            ])),
            ("batches", .orderedObject([
                ("read", .int(Int64(s.batchesRead))), ("copied", .int(Int64(s.batchesCopied))),
                ("rewritten", .int(Int64(s.batchesRewritten))), ("givenHorizon", .int(Int64(s.batchesGivenHorizon))),
                ("removed", .int(Int64(s.batchesRemoved))), ("emptyKept", .int(Int64(s.emptyBatchesKept))),
            ])),
        ]
    }
}
