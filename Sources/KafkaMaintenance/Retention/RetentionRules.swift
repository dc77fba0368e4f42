/// Kafka's retention pass over one partition's segment list (maintenance spec §1.3–§1.7;
/// `UnifiedLog.deleteOldSegments`): pure, over metadata only, so the same code serves the dry run,
/// the executor and the tests.
///
/// Each rule is one scan from the current oldest segment, as in Kafka: a segment goes while its
/// upper offset (the next segment's base, or the log end for the last one) is at most the high
/// watermark, the rule's predicate holds, and it is not an empty last segment; the first segment that
/// fails stops the scan. Rules run in Kafka's order (log start offset, `retention.bytes`,
/// `retention.ms`), each seeing the deletions of the ones before; a rule that would delete every
/// segment first rolls a new empty segment at the log end.
public enum RetentionRules {
    /// The rules Kafka applies to a topic (spec §1.1): all three when the policy contains `delete`,
    /// only the log-start-offset rule for `compact` and for the empty policy, and none at all for
    /// compacted topics when the broker runs no cleaner (`log.cleaner.enable=false`).
    public static func applicable(to config: TopicConfig, cleanerEnabled: Bool) -> [RetentionRule] {
        if config.compacts && !cleanerEnabled { return [] }
        return config.deletes ? [.logStartOffset, .retentionBytes, .retentionMs] : [.logStartOffset]
    }

    /// What one retention pass does to the partition described by `inputs`.
    public static func evaluate(_ inputs: RetentionInputs) -> RetentionOutcome {
        var pass = Pass(inputs)
        for rule in inputs.rules { pass.run(rule) }
        return pass.outcome()
    }
}

extension RetentionRules {
    /// The state of one pass: which original segments remain, whether a new segment was rolled.
    struct Pass {
        let inputs: RetentionInputs
        var first = 0
        var rolled = false
        var logStartOffset: Int64
        var credited: [RetentionRule] = []

        init(_ inputs: RetentionInputs) {
            self.inputs = inputs
            self.logStartOffset = inputs.logStartOffset
        }

        var segments: [RetentionSegment] { inputs.segments }
        var count: Int { segments.count }

        /// The upper offset of original segment `i`.
        func nextOffset(_ i: Int) -> Int64 { i + 1 < count ? segments[i + 1].baseOffset : inputs.logEndOffset }
        /// The base offset of the segment after `i`, if there is one (a rolled segment counts).
        func successorBase(_ i: Int) -> Int64? { i + 1 < count ? segments[i + 1].baseOffset : (rolled ? inputs.logEndOffset : nil) }
        func isLast(_ i: Int) -> Bool { i == count - 1 && !rolled }

        /// Kafka's `deletableSegments` with `rule`'s predicate, then `deleteSegments`.
        mutating func run(_ rule: RetentionRule) {
            guard !rolled, first < count else { return }
            var excess: Int64 = 0
            switch rule {
            case .logStartOffset: break
            case .retentionBytes:
                let total = segments[first...].reduce(0) { $0 + $1.size }
                guard inputs.retentionBytes >= 0, total >= inputs.retentionBytes else { return }
                excess = total - inputs.retentionBytes
            case .retentionMs:
                guard inputs.retentionMs >= 0 else { return }
            }
            var i = first
            scan: while i < count {
                let segment = segments[i]
                if isLast(i) && (segment.size == 0 || inputs.pinnedLastSegment != nil) { break }
                guard inputs.highWatermark >= nextOffset(i) else { break }
                switch rule {
                case .logStartOffset:
                    guard let next = successorBase(i), next <= logStartOffset else { break scan }
                case .retentionBytes:
                    guard excess - segment.size >= 0 else { break scan }
                    excess -= segment.size
                case .retentionMs:
                    guard inputs.nowMs &- segment.largestTimestamp > inputs.retentionMs else { break scan }
                }
                i += 1
            }
            guard i > first else { return }
            credited += Array(repeating: rule, count: i - first)
            first = i
            if first == count { rolled = true }
            logStartOffset = max(logStartOffset, first < count ? segments[first].baseOffset : inputs.logEndOffset)
        }

        func outcome() -> RetentionOutcome {
            var verdicts: [SegmentVerdict] = []
            for (i, rule) in credited.enumerated() {
                verdicts.append(SegmentVerdict(rule: rule, keepReason: nil, detail: deleteDetail(i, rule), nextOffset: nextOffset(i)))
            }
            for i in first..<count {
                let (reason, detail) = keepReason(i)
                verdicts.append(SegmentVerdict(rule: nil, keepReason: reason, detail: detail, nextOffset: nextOffset(i)))
            }
            return RetentionOutcome(verdicts: verdicts, logStartOffset: logStartOffset,
                                    rolledSegmentBaseOffset: rolled ? inputs.logEndOffset : nil)
        }

        func deleteDetail(_ i: Int, _ rule: RetentionRule) -> String {
            let segment = segments[i]
            switch rule {
            case .logStartOffset:
                return "next segment's base offset \(successorBase(i) ?? inputs.logEndOffset) <= log start offset \(inputs.logStartOffset)"
            case .retentionBytes:
                return "partition stays at or above retention.bytes \(inputs.retentionBytes) without its \(segment.size) bytes"
            case .retentionMs:
                return "age \(RetentionText.duration(inputs.nowMs &- segment.largestTimestamp)) > retention.ms \(inputs.retentionMs)"
            }
        }

        /// Why original segment `i` (not deleted) stays, judged on the state after the pass.
        func keepReason(_ i: Int) -> (KeepReason, String) {
            let segment = segments[i]
            if isLast(i) && segment.size == 0 {
                return (.lastEmptySegment, "the empty last segment is the active segment; a log always keeps one")
            }
            if isLast(i), let pinned = inputs.pinnedLastSegment {
                return (pinned, pinned == .logEndUnknown ? "the last segment ends in an invalid batch; kept for the broker's recovery"
                                                         : "no producer snapshot at the log end offset \(inputs.logEndOffset)")
            }
            if inputs.highWatermark < nextOffset(i) {
                return (.highWatermark, "holds offsets up to \(nextOffset(i) - 1), at or above the high watermark \(inputs.highWatermark)")
            }
            if i > first {
                var detail = "an older segment (base offset \(segments[first].baseOffset)) stays"
                let qualifying = inputs.rules.filter { $0 != .retentionBytes && predicateHolds($0, i) }
                if !qualifying.isEmpty { detail += "; on its own it qualifies for \(qualifying.map(\.rawValue).joined(separator: ", "))" }
                return (.notContiguous, detail)
            }
            var parts = inputs.rules.map { "\($0.rawValue): \(failure($0, i))" }
            if let note = inputs.policyNote { parts.append(note) }
            let reason: KeepReason = inputs.policyNote != nil ? .policy : .ruleNotMet
            return (reason, parts.joined(separator: "; "))
        }

        func predicateHolds(_ rule: RetentionRule, _ i: Int) -> Bool {
            switch rule {
            case .logStartOffset: return successorBase(i).map { $0 <= logStartOffset } ?? false
            case .retentionBytes: return false
            case .retentionMs: return inputs.retentionMs >= 0 && inputs.nowMs &- segments[i].largestTimestamp > inputs.retentionMs
            }
        }

        /// Why `rule` does not delete segment `i`, the first that stays.
        func failure(_ rule: RetentionRule, _ i: Int) -> String {
            switch rule {
            case .logStartOffset:
                guard let next = successorBase(i) else { return "the last segment has no successor" }
                return "next segment's base offset \(next) > log start offset \(logStartOffset)"
            case .retentionBytes:
                if inputs.retentionBytes < 0 { return "unlimited" }
                let total = segments[first...].reduce(0) { $0 + $1.size }
                if total < inputs.retentionBytes { return "log size \(total) < \(inputs.retentionBytes)" }
                return "without its \(segments[i].size) bytes the log would be \(total - segments[i].size) < \(inputs.retentionBytes)"
            case .retentionMs:
                if inputs.retentionMs < 0 { return "unlimited" }
                let age = inputs.nowMs &- segments[i].largestTimestamp
                if age < 0 { return "largest timestamp is \(RetentionText.duration(0 &- age)) in the future" }
                return "age \(RetentionText.duration(age)) <= \(inputs.retentionMs)"
            }
        }
    }
}
