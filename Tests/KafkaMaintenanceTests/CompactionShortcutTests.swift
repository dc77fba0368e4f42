import Foundation
import KsegTestSupport
import XCTest
@testable import KafkaMaintenance

/// The cleaning pass decides superseded batches from the map's latest offsets without decoding them
/// (`LatestOffsets`); it must reach exactly the decisions, and report exactly the figures, of the
/// plain path that looks every record up in the offset map.
final class CompactionShortcutTests: XCTestCase {
    private func dryRun(_ fixture: CompactionFixture, dedupe: Int64) throws -> PartitionCompaction {
        var cleaner = CleanerConfig()
        cleaner.dedupeBufferSize = dedupe
        var all = TopicConfig()
        all.cleanupPolicy = [.compact]
        let compactor = try Compactor(configs: TopicConfigSet(all: all, cleaner: cleaner), now: fixture.now, options: Compactor.Options())
        return compactor.compact(partition: fixture.partition.path)
    }

    func testShortcutMatchesMapLookups() throws {
        let saved = LatestOffsets.maxBytes
        defer { LatestOffsets.maxBytes = saved }
        for (fixture, dedupe) in [(try CompactionFixture("v2"), Int64(1 << 20)), (try CompactionFixture("legacy"), 1 << 20),
                                  (try CompactionFixture(randomSeed: 3, records: 8_000, keys: 400), 1 << 20),
                                  (try CompactionFixture(randomSeed: 3, records: 8_000, keys: 400), 24 * 300)] {
            LatestOffsets.maxBytes = saved
            let shortcut = try dryRun(fixture, dedupe: dedupe)
            LatestOffsets.maxBytes = 0
            let lookups = try dryRun(fixture, dedupe: dedupe)
            XCTAssertEqual(shortcut.status, .planned, shortcut.reason ?? "")
            XCTAssertEqual(shortcut.totals, lookups.totals, fixture.partition.lastPathComponent)
            XCTAssertGreaterThan(shortcut.totals.recordsRemoved, 0)
        }
    }
}
