import KafkaMaintenance
import KsegTestSupport
import XCTest

/// The rule engine against the independent model on generated partitions: boundary values (sizes
/// that sum exactly to `retention.bytes`, timestamps exactly `retention.ms` old, empty segments,
/// timestamps in the future, high watermarks on segment boundaries) are drawn often on purpose.
final class RetentionRulesTests: XCTestCase {
    func testEngineAgreesWithTheModel() {
        var rng = SeededGenerator(seed: 0x4e7e_0001)
        let now: Int64 = 1_730_000_000_000, day: Int64 = 86_400_000
        var deletions = 0, rolls = 0
        for round in 0..<4000 {
            let count = 1 + rng.below(6)
            var base: Int64 = Int64(rng.below(3)) * 100
            var segments: [RetentionModel.Segment] = []
            for _ in 0..<count {
                let size = Int64([0, 100, 100, 250, 1000][rng.below(5)])
                let largest = now - Int64(rng.below(12)) * day + Int64(rng.below(3) - 1) * (rng.below(2) == 0 ? 1 : day)
                segments.append(.init(base: base, size: size, largest: largest))
                base += size == 0 ? Int64(rng.below(2) * 10) : 100
            }
            let logEnd = segments.last!.size == 0 ? segments.last!.base : base
            let first = segments[0].base
            let logStart = rng.below(3) == 0 ? first + Int64(rng.below(Int(logEnd - first) + 1)) : first
            let hwChoices = [logStart, logEnd, logStart + Int64(rng.below(Int(logEnd - logStart) + 1))] + segments.map(\.base).filter { $0 >= logStart }
            let hw = hwChoices[rng.below(hwChoices.count)]
            let total = segments.reduce(0) { $0 + $1.size }
            let retentionBytes = [Int64(-1), 0, total, total - 100, total / 2, total + 1][rng.below(6)]
            let retentionMs = [Int64(-1), 0, 7 * day, 3 * day, now - segments[rng.below(count)].largest][rng.below(5)]
            let policy = [["delete"], ["compact"], ["compact", "delete"], []][rng.below(4)]
            let cleanerEnabled = rng.below(5) != 0
            let model = RetentionModel(segments: segments, logStart: logStart, highWatermark: hw, logEnd: logEnd, policy: policy,
                                       cleanerEnabled: cleanerEnabled, retentionMs: retentionMs, retentionBytes: retentionBytes, now: now)
            let expected = model.expectation()

            var config = TopicConfig.kafkaDefaults
            config.cleanupPolicy = policy.map { TopicConfig.CleanupPolicy(rawValue: $0)! }
            let rules = RetentionRules.applicable(to: config, cleanerEnabled: cleanerEnabled)
            let outcome = RetentionRules.evaluate(RetentionInputs(
                segments: segments.map { RetentionSegment(baseOffset: $0.base, size: $0.size, largestTimestamp: $0.largest) },
                logStartOffset: logStart, highWatermark: hw, logEndOffset: logEnd, rules: rules,
                retentionMs: retentionMs, retentionBytes: retentionBytes, nowMs: now,
                policyNote: rules.count == 3 ? nil : "policy"))
            let actions = outcome.verdicts.map { $0.rule.map { "delete \($0.rawValue)" } ?? "keep \($0.keepReason!.rawValue)" }
            let context = "round \(round) (seed 0x4e7e0001): \(segments) logStart \(logStart) hw \(hw) leo \(logEnd) policy \(policy) cleaner \(cleanerEnabled) ms \(retentionMs) bytes \(retentionBytes)"
            XCTAssertEqual(actions, expected.actions, context)
            XCTAssertEqual(outcome.logStartOffset, expected.newLogStart, context)
            XCTAssertEqual(outcome.rolledSegmentBaseOffset, expected.rollAt, context)
            XCTAssertGreaterThanOrEqual(hw, outcome.logStartOffset, "\(context): the log start offset passed the high watermark")
            deletions += outcome.deletedCount
            if outcome.rolledSegmentBaseOffset != nil { rolls += 1 }
            if testRun?.failureCount ?? 0 > 5 { break }
        }
        XCTAssertGreaterThan(deletions, 1000)
        XCTAssertGreaterThan(rolls, 50)
    }

    func testTimestampsAndDurations() {
        XCTAssertEqual(RetentionText.timestamp(0), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(RetentionText.timestamp(1_730_000_000_000), "2024-10-27T03:33:20.000Z")
        XCTAssertEqual(RetentionText.timestamp(951_782_400_123), "2000-02-29T00:00:00.123Z")
        XCTAssertEqual(RetentionText.timestamp(-1), "1969-12-31T23:59:59.999Z")
        XCTAssertEqual(RetentionText.duration(8 * 86_400_000 + 3_600_000), "8d 1h")
        XCTAssertEqual(RetentionText.duration(65_000), "1m 5s")
        XCTAssertEqual(RetentionText.duration(1500), "1.5s")
        XCTAssertEqual(RetentionText.duration(-250), "-250ms")
    }
}
