/// An independent model of Kafka's retention, transcribed for the tests from the maintenance spec
/// (§1.1 who applies which rule, §1.3 the shared scan, §1.4–§1.6 the predicates, §1.7 the order,
/// §1.8 the roll) and the kseg-retention(1) keep reasons — not from kseg's planner.
struct RetentionModel {
    struct Segment {
        var base: Int64
        var size: Int64
        var largest: Int64
    }

    /// What should happen to each segment: "delete <rule>" or "keep <reason>".
    struct Expectation: Equatable {
        var actions: [String]
        var newLogStart: Int64
        var rollAt: Int64?
    }

    var segments: [Segment]
    var logStart: Int64
    var highWatermark: Int64
    var logEnd: Int64
    var policy: [String]
    var cleanerEnabled = true
    var retentionMs: Int64
    var retentionBytes: Int64
    var now: Int64
    var snapshotAtLogEnd = true

    var rules: [String] {
        if policy.contains("compact") && !cleanerEnabled { return [] }
        return policy.contains("delete") ? ["log-start-offset", "retention.bytes", "retention.ms"] : ["log-start-offset"]
    }

    func expectation() -> Expectation {
        let first = pass(lastMayGo: true)
        if first.rolled && !snapshotAtLogEnd { return describe(pass(lastMayGo: false), pinned: "no-producer-snapshot") }
        return describe(first, pinned: nil)
    }

    struct Pass {
        var credited: [String] = []
        var logStart: Int64
        var rolled = false
    }

    /// §1.7: one scan per rule, in order, each from the oldest segment still there.
    func pass(lastMayGo: Bool) -> Pass {
        var live = segments
        var result = Pass(logStart: logStart)
        for rule in rules where !result.rolled {
            let total = live.reduce(0) { $0 + $1.size }
            if rule == "retention.bytes" && (retentionBytes < 0 || total < retentionBytes) { continue }
            if rule == "retention.ms" && retentionMs < 0 { continue }
            var excess = total - retentionBytes
            var count = 0
            for (k, segment) in live.enumerated() {
                let last = k == live.count - 1
                let upper = last ? logEnd : live[k + 1].base
                if last && (segment.size == 0 || !lastMayGo) { break }   // §1.3: never an empty last segment
                if highWatermark < upper { break }                      // §1.3: nothing at or above the HW
                var holds = false
                switch rule {
                case "log-start-offset": holds = !last && live[k + 1].base <= result.logStart
                case "retention.bytes": holds = excess - segment.size >= 0; if holds { excess -= segment.size }
                default: holds = now - segment.largest > retentionMs
                }
                if !holds { break }
                count += 1
            }
            guard count > 0 else { continue }
            result.credited += Array(repeating: rule, count: count)
            live.removeFirst(count)
            result.rolled = live.isEmpty                              // §1.8: keep one segment
            result.logStart = max(result.logStart, live.first?.base ?? logEnd)
        }
        return result
    }

    func describe(_ pass: Pass, pinned: String?) -> Expectation {
        var actions = pass.credited.map { "delete \($0)" }
        let firstKept = pass.credited.count
        for k in firstKept..<segments.count {
            let last = k == segments.count - 1
            let upper = last ? logEnd : segments[k + 1].base
            if last && segments[k].size == 0 { actions.append("keep last-empty-segment") }
            else if last, let pinned { actions.append("keep \(pinned)") }
            else if highWatermark < upper { actions.append("keep high-watermark") }
            else if k > firstKept { actions.append("keep not-contiguous") }
            else { actions.append(rules.count == 3 ? "keep rule-not-met" : "keep policy") }
        }
        return Expectation(actions: actions, newLogStart: pass.logStart, rollAt: pass.rolled ? logEnd : nil)
    }
}
