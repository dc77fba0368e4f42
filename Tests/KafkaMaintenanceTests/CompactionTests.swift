import Foundation
import KafkaLog
import KsegTestSupport
import XCTest

/// `kseg compact`, run as users run it, on partitions kafka-python's builders wrote
/// (Fixtures/maintenance/make.py). Expected survivors come from `CompactionModel`, results are read
/// back with kafka-python (Fixtures/maintenance/read.py), and `kseg verify-index` checks the indexes.
final class CompactionTests: XCTestCase {
    let day: Int64 = 86_400_000

    /// The v2 scenario, executed: every batch and record as the model predicts, indexes valid,
    /// checkpoint moved, cleaned segments carrying the last source's modification time.
    func testV2ScenarioMatchesTheModel() throws {
        for producersActive in [false, true] {
            let fixture = try CompactionFixture("v2")
            let input = try PartitionListing.read(fixture.partition)
            // Producers expire after producer.id.expiration.ms (1 day; the data is 10 days old) unless
            // it is raised; active producers keep their last batch, emptied if need be.
            var arguments = ["--execute"]
            let expiration: Int64 = producersActive ? 20 * day : day
            if producersActive { arguments += ["--config", try fixture.propertiesFile(["producer.id.expiration.ms": "\(expiration)"])] }
            let bound: Int64 = 72  // the active segment's base offset; the high watermark is the log end
            let model = CompactionModel(firstDirty: 0, bound: bound, now: fixture.now, deleteRetentionMs: day,
                                        activeProducers: CompactionModel.activeProducers(input, now: fixture.now, expirationMs: expiration),
                                        legacyDeletesRetained: [:])
            let outcomes = model.outcomes(input)
            XCTAssertEqual(model.activeProducers.isEmpty, !producersActive)

            let run = try fixture.compact(arguments)
            XCTAssertEqual(run.status, 0, run.err + run.out)
            let output = try PartitionListing.read(fixture.partition)
            CompactionModel.assertOutput(output, input: input, outcomes: outcomes, bound: bound)

            // The cases the scenario was built for, spelled out.
            let survivors = Dictionary(uniqueKeysWithValues: output.records.map { ($0.offset, $0) })
            XCTAssertNil(survivors[0], "k0's first value is superseded")
            XCTAssertNil(survivors[15], "a record without a key is removed")
            XCTAssertNil(survivors[55], "aborted transactional data is removed")
            XCTAssertNil(survivors[31], "a tombstone whose delete horizon has passed is removed")
            XCTAssertNotNil(survivors[35], "a tombstone before its delete horizon stays")
            XCTAssertNotNil(survivors[16], "a newest tombstone stays (and gets a horizon)")
            XCTAssertNotNil(survivors[67], "an empty value is a value, not a tombstone")
            XCTAssertNotNil(survivors[58], "a COMMIT whose transaction still has data stays")
            XCTAssertNil(survivors[61], "a COMMIT with no data, past its horizon, is removed")
            XCTAssertNotNil(survivors[60], "a COMMIT with no data stays until its new horizon")
            XCTAssertNotNil(survivors[28], "k0's value in the cleaned range is newest there (the active segment is not in the map)")
            let emptyBatches = output.batches.filter { $0.records.isEmpty }.map(\.baseOffset)
            XCTAssertEqual(emptyBatches.contains(52), producersActive, "producer 4002's last batch stays empty only while it is active")
            XCTAssertEqual(emptyBatches.contains(46), false)

            // Cleaned segments: one group (the sources are small), the last source's mtime, Kafka's indexes.
            let names = try FileManager.default.contentsOfDirectory(atPath: fixture.partition.path).sorted()
            XCTAssertEqual(names.filter { $0.hasSuffix(".log") }, ["00000000000000000000.log", "00000000000000000072.log"])
            XCTAssertEqual(names.filter { $0.hasSuffix(".txnindex") }, ["00000000000000000000.txnindex"], "the ABORT kept with data keeps its index entry")
            XCTAssertFalse(names.contains { $0.hasSuffix(".cleaned") || $0.hasSuffix(".swap") || $0.hasSuffix(".deleted") })
            let lastSource = fixture.manifest.segments[3]
            XCTAssertEqual(try fixture.modificationMs(fixture.segmentURL(0)), fixture.now - lastSource.mtimeMsBeforeNow)
            XCTAssertEqual(try KsegProcess.run(["verify-index", fixture.partition.path]).status, 0)
            let checkpoint = try String(contentsOf: fixture.logDirectory.appendingPathComponent("cleaner-offset-checkpoint"), encoding: .utf8)
            XCTAssertEqual(checkpoint, "0\n1\norders 0 72\n")

            // A second run has nothing left to clean.
            let again = try fixture.compact(["--execute", "--json"])
            XCTAssertEqual(again.status, 0)
            XCTAssertEqual(try CompactionFixture.jsonLines(again.out, type: "partition").first?["status"] as? String, "nothing-to-clean")
        }
    }

    /// Tombstones get a horizon of now + delete.retention.ms at their first cleaning and go at the
    /// first cleaning after it, however old their own timestamps are (KIP-534).
    func testTombstonesLiveUntilTheHorizonTheFirstCleaningSet() throws {
        let fixture = try CompactionFixture("v2")
        XCTAssertEqual(try fixture.compact(["--execute"]).status, 0)
        let first = try PartitionListing.read(fixture.partition)
        let tombstoneBatch = try XCTUnwrap(first.batches.first { $0.records.contains { $0.offset == 16 } })
        XCTAssertEqual(tombstoneBatch.deleteHorizon, fixture.now + day)
        let checkpoint = fixture.logDirectory.appendingPathComponent("cleaner-offset-checkpoint")
        for (later, survives) in [(day - 1, true), (day, false)] {
            // Clean the same range again (as after a new dirty segment), `later` ms after the first cleaning.
            try "0\n0\n".write(to: checkpoint, atomically: true, encoding: .utf8)
            let run = try KsegProcess.run(["compact", "--execute", "--cleanup.policy", "compact", "--now", "\(fixture.now + later)", fixture.logDirectory.path])
            XCTAssertEqual(run.status, 0, run.err)
            let records = try PartitionListing.read(fixture.partition).records
            XCTAssertEqual(records.contains { $0.offset == 16 }, survives, "tombstone at \(later) ms after its first cleaning")
        }
    }

    /// v0/v1 data: wrappers of every legacy codec rebuilt with their codec (v0 lz4 with Kafka's old
    /// header checksum, which kafka-python checks), tombstones under the segment-mtime rule.
    func testLegacyScenarioMatchesTheModel() throws {
        for checkpointAt in [nil, Int64(23)] {
            let fixture = try CompactionFixture("legacy")
            if let checkpointAt {
                try "0\n1\nlegacy 0 \(checkpointAt)\n".write(to: fixture.logDirectory.appendingPathComponent("cleaner-offset-checkpoint"), atomically: true, encoding: .utf8)
            }
            let input = try PartitionListing.read(fixture.partition)
            // Legacy tombstones stay in segments modified after (mtime of the last segment below the first
            // dirty offset − delete.retention.ms); with no such segment, all stay.
            var retained: [Int64: Bool] = [:]
            if let checkpointAt {
                let below = fixture.manifest.segments.filter { $0.baseOffset < checkpointAt }.last!
                let horizon = fixture.now - below.mtimeMsBeforeNow - day
                for segment in fixture.manifest.segments { retained[segment.baseOffset] = fixture.now - segment.mtimeMsBeforeNow > horizon }
                XCTAssertEqual(retained[0], false)
                XCTAssertEqual(retained[12], true)
            }
            let model = CompactionModel(firstDirty: checkpointAt ?? 0, bound: 27, now: fixture.now, deleteRetentionMs: day,
                                        activeProducers: [:], legacyDeletesRetained: retained)
            let run = try fixture.compact(["--execute"])
            XCTAssertEqual(run.status, 0, run.err + run.out)
            let output = try PartitionListing.read(fixture.partition)
            CompactionModel.assertOutput(output, input: input, outcomes: model.outcomes(input), bound: 27)
            XCTAssertEqual(output.records.contains { $0.offset == 7 }, checkpointAt == nil, "v0 tombstone in the oldest segment")
            // v0 lz4 wrapper 9...11: the record without a key goes, and k9 too when offset 18 is in the map.
            let wrapper = try XCTUnwrap(output.batches.first { $0.magic == 0 && $0.codec == 3 })
            XCTAssertEqual(wrapper.records.map(\.offset), checkpointAt == nil ? [10] : [9, 10], "the v0 lz4 wrapper, rebuilt")
            XCTAssertEqual(try KsegProcess.run(["verify-index", fixture.partition.path]).status, 0)
        }
    }

    /// An undecided transaction bounds the last stable offset: only the segment before it is cleaned.
    func testOpenTransactionBoundsTheCleanableRange() throws {
        let fixture = try CompactionFixture("open-transaction")
        let dry = try fixture.compact(["--json"])
        XCTAssertEqual(dry.status, 0, dry.err)
        let report = try XCTUnwrap(try CompactionFixture.jsonLines(dry.out, type: "partition").first)
        XCTAssertEqual(report["lastStableOffset"] as? Int, 7)
        XCTAssertEqual(report["uncleanableOffset"] as? Int, 7)
        XCTAssertEqual(report["firstUncleanableOffset"] as? Int, 6, "aligned down to the segment holding offset 7")
        XCTAssertEqual(report["uncleanableBoundBy"] as? [String], ["last-stable-offset"])
        let input = try PartitionListing.read(fixture.partition)
        XCTAssertEqual(try fixture.compact(["--execute"]).status, 0)
        let model = CompactionModel(firstDirty: 0, bound: 6, now: fixture.now, deleteRetentionMs: day, activeProducers: [:], legacyDeletesRetained: [:])
        CompactionModel.assertOutput(try PartitionListing.read(fixture.partition), input: input, outcomes: model.outcomes(input), bound: 6)
    }

    /// The dry run: the range and why, the counts, stable JSON field names — and not a byte changed.
    func testDryRunReportsThePlanAndWritesNothing() throws {
        let fixture = try CompactionFixture("v2")
        let before = try fixture.snapshot()
        let text = try fixture.compact([])
        XCTAssertEqual(text.status, 0, text.err)
        XCTAssertTrue(text.out.contains("cleanable range [0, 72): first dirty offset from log-start-offset, end at active-segment"), text.out)
        XCTAssertTrue(text.out.contains("null keys: 2 records without a key (offsets 15, 68)"), text.out)
        XCTAssertTrue(text.out.contains("Kafka's cleaner removes them as invalid"), text.out)
        XCTAssertTrue(text.out.contains("dry run, nothing was written"), text.out)

        let json = try fixture.compact(["--json"])
        let partition = try XCTUnwrap(try CompactionFixture.jsonLines(json.out, type: "partition").first)
        for field in ["directory", "topic", "partition", "status", "reason", "cleanupPolicy", "leftovers", "logStartOffset", "logEndOffset",
                      "activeSegmentBaseOffset", "highWatermark", "highWatermarkSource", "lastStableOffset", "segments", "firstDirtyOffset",
                      "firstDirtyOffsetSource", "uncleanableOffset", "firstUncleanableOffset", "uncleanableBoundBy", "cleanBytes", "cleanableBytes",
                      "cleanableRatio", "minCleanableDirtyRatio", "maxCompactionDelayMs", "brokerWouldClean", "rounds", "checkpointWritten",
                      "moreRoundsNeeded"] {
            XCTAssertNotNil(partition[field], "field \(field)")
        }
        XCTAssertEqual(partition["status"] as? String, "planned")
        XCTAssertEqual(partition["firstDirtyOffsetSource"] as? String, "log-start-offset")
        XCTAssertEqual(partition["highWatermarkSource"] as? String, "replication-offset-checkpoint")
        let round = try XCTUnwrap((partition["rounds"] as? [[String: Any]])?.first)
        XCTAssertEqual(round["endOffset"] as? Int, 72)
        XCTAssertEqual(round["offsetMapFull"] as? Bool, false)
        XCTAssertEqual(round["nullKeyRecordsRemoved"] as? Int, 2)
        XCTAssertEqual(round["nullKeyOffsets"] as? [Int], [15, 68])
        XCTAssertEqual(round["abortedTransactionsRemoved"] as? Int, 1)
        XCTAssertEqual((round["tombstones"] as? [String: Int])?["removedHorizonPassed"], 1)
        XCTAssertEqual((round["markers"] as? [String: Int])?["removed"], 1)
        XCTAssertEqual((round["groups"] as? [[String: Any]])?.first?["sources"] as? [Int], [0, 28, 53, 64])
        // The dry run's counts are what --execute then does.
        let input = try PartitionListing.read(fixture.partition)
        let model = CompactionModel(firstDirty: 0, bound: 72, now: fixture.now, deleteRetentionMs: day, activeProducers: [:], legacyDeletesRetained: [:])
        let kept = model.outcomes(input).reduce(0) { $0 + $1.kept.count }
        XCTAssertEqual(round["recordsRetained"] as? Int, kept)
        XCTAssertEqual(try fixture.snapshot(), before, "a dry run writes nothing")
        let summary = try XCTUnwrap(try CompactionFixture.jsonLines(json.out, type: "summary").first)
        XCTAssertEqual(summary["planned"] as? Int, 1)
        XCTAssertEqual(summary["execute"] as? Bool, false)
    }

    /// With a dedupe buffer too small for the keys, the range is cleaned in several rounds, each
    /// ending where the map filled, as Kafka's cleaner does; the records that survive are those a
    /// single round with ample memory keeps.
    func testSmallDedupeBufferCleansInSeveralRounds() throws {
        let fixture = try CompactionFixture(randomSeed: 11, records: 12_000, keys: 1_500)
        let input = try PartitionListing.read(fixture.partition)
        let bound = fixture.manifest.segments.last!.baseOffset
        let model = CompactionModel(firstDirty: 0, bound: bound, now: fixture.now, deleteRetentionMs: day, activeProducers: [:], legacyDeletesRetained: [:])
        let expected = model.outcomes(input).flatMap(\.kept).map(\.offset) + input.batches.filter { $0.lastOffset >= bound }.flatMap(\.records).map(\.offset)

        // 24 bytes a slot, 0.9 usable: room for 400 distinct keys.
        let buffer = 24 * 445
        let run = try fixture.compact(["--execute", "--json", "--log.cleaner.dedupe.buffer.size", "\(buffer)"])
        XCTAssertEqual(run.status, 0, run.err)
        let report = try XCTUnwrap(try CompactionFixture.jsonLines(run.out, type: "partition").first)
        let rounds = try XCTUnwrap(report["rounds"] as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(rounds.count, 4, "1500 keys through a 400-key map")
        for (i, round) in rounds.enumerated() {
            XCTAssertEqual(round["offsetMapCapacity"] as? Int, 400)
            XCTAssertEqual(round["offsetMapFull"] as? Bool, i < rounds.count - 1)
            if i > 0 { XCTAssertEqual(round["firstDirtyOffset"] as? Int, rounds[i - 1]["endOffset"] as? Int, "each round starts where the last ended") }
        }
        XCTAssertEqual(rounds.last?["endOffset"] as? Int, Int(bound))
        XCTAssertEqual(report["checkpointWritten"] as? Int, Int(bound))
        XCTAssertEqual(try PartitionListing.read(fixture.partition).records.map(\.offset), expected)
        XCTAssertEqual(try KsegProcess.run(["verify-index", fixture.partition.path]).status, 0)

        // The dry run of a partial round says so.
        let other = try CompactionFixture(randomSeed: 11, records: 12_000, keys: 1_500)
        let dry = try other.compact(["--log.cleaner.dedupe.buffer.size", "\(buffer)"])
        XCTAssertTrue(dry.out.contains("needs further rounds"), dry.out)
    }

    /// A broker's lock (a POSIX record lock, as Java's FileChannel.tryLock takes) makes --execute
    /// refuse with exit status 2 and change nothing; a dry run still works.
    func testRefusesWhenABrokerHoldsTheLock() throws {
        let fixture = try CompactionFixture("v2")
        let before = try fixture.snapshot()
        let holder = try BrokerLock(logDirectory: fixture.logDirectory)
        defer { holder.release() }
        let refused = try fixture.compact(["--execute"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.err.contains("log directory is locked by process \(holder.processIdentifier)"), refused.err)
        XCTAssertEqual(try fixture.snapshot(), before)
        XCTAssertEqual(try fixture.compact([]).status, 0, "a dry run needs no lock")
    }

    /// Corrupt input anywhere in what a round reads: the partition is refused with the file and
    /// position, exit status 1, and not a byte is written.
    func testCorruptOrTruncatedSegmentIsRefused() throws {
        for damage in ["flip", "truncate", "no-txnindex"] {
            let fixture = try CompactionFixture("v2")
            let segment = fixture.segmentURL(28)
            var bytes = try Data(contentsOf: segment)
            switch damage {
            case "flip": bytes[400] ^= 0x04
            case "truncate": bytes = bytes.prefix(bytes.count - 20)
            default: try FileManager.default.removeItem(at: fixture.segmentURL(53, ".txnindex"))
            }
            if damage != "no-txnindex" { try bytes.write(to: segment) }
            let before = try fixture.snapshot()
            let run = try fixture.compact(["--execute"])
            XCTAssertEqual(run.status, 1, "\(damage): \(run.out)")
            XCTAssertTrue(run.out.contains("refused"), run.out)
            switch damage {
            case "flip": XCTAssertTrue(run.out.contains("00000000000000000028.log: at byte 292: record batch is corrupt"), run.out)
            case "truncate": XCTAssertTrue(run.out.contains("00000000000000000028.log") && run.out.contains("incomplete batch"), run.out)
            default: XCTAssertTrue(run.out.contains("00000000000000000053.txnindex lacks the aborted transaction of producer 5002"), run.out)
            }
            XCTAssertEqual(try fixture.snapshot(), before, damage)
        }
    }

    /// Only partitions whose policy includes compact are touched; -delete/-future/-stray directories
    /// and the KRaft metadata log never are.
    func testSkipsWhatKafkaWouldNotCompact() throws {
        let fixture = try CompactionFixture("v2")
        let logDir = fixture.logDirectory
        for name in ["orders-1.0123456789abcdef0123456789abcdef-delete", "__cluster_metadata-0"] {
            try FileManager.default.copyItem(at: fixture.partition, to: logDir.appendingPathComponent(name))
        }
        let before = try fixture.snapshot()
        let policyDelete = try KsegProcess.run(["compact", "--execute", "--now", "\(fixture.now)", logDir.path])
        XCTAssertEqual(policyDelete.status, 0, policyDelete.err)
        XCTAssertTrue(policyDelete.out.contains("orders-0: skipped: cleanup.policy=delete does not include compact"), policyDelete.out)
        XCTAssertEqual(try fixture.snapshot(), before)

        let run = try fixture.compact(["--execute", "--json"])
        let partitions = try CompactionFixture.jsonLines(run.out, type: "partition")
        XCTAssertEqual(partitions.map { $0["directory"] as? String }, [fixture.partition.path], "only the live partition")
        let direct = try fixture.compact(["--execute", logDir.appendingPathComponent("orders-1.0123456789abcdef0123456789abcdef-delete").path])
        XCTAssertTrue(direct.out.contains("is not a live replica"), direct.out)
        let metadata = try KsegProcess.run(["compact", "--execute", logDir.appendingPathComponent("__cluster_metadata-0").path])
        XCTAssertEqual(metadata.status, 2)
        XCTAssertTrue(metadata.err.contains("never modified"), metadata.err)
        let untouched = try Data(contentsOf: logDir.appendingPathComponent("__cluster_metadata-0/00000000000000000000.log"))
        XCTAssertEqual(untouched, before["00000000000000000000.log"])
    }

    /// Missing high watermark: the broker's view (log start) cleans nothing; the flag takes the log end.
    func testMissingHighWatermark() throws {
        let fixture = try CompactionFixture("v2")
        try FileManager.default.removeItem(at: fixture.logDirectory.appendingPathComponent("replication-offset-checkpoint"))
        let plain = try fixture.compact([])
        XCTAssertTrue(plain.out.contains("nothing to clean") && plain.out.contains("--missing-high-watermark log-end"), plain.out)
        let assumed = try fixture.compact(["--missing-high-watermark", "log-end", "--json"])
        XCTAssertEqual(try CompactionFixture.jsonLines(assumed.out, type: "partition").first?["firstUncleanableOffset"] as? Int, 72)
    }

    /// The man page documents every option `--help` lists (per-property flags as a family).
    func testManPageAgreesWithHelp() throws {
        let help = try KsegProcess.run(["compact", "--help"]).out
        let man = try String(contentsOf: Repository.root.appendingPathComponent("man/kseg-compact.1"), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
        let options = Set(help.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," })
            .filter { $0.hasPrefix("--") }.map { String($0.prefix { $0 != "=" }) })
        XCTAssertTrue(options.contains("--missing-high-watermark"))
        for option in options where option != "--version" && option != "--help" {
            // Kafka property flags (--delete.retention.ms, …) are documented as a family.
            let documented = option.dropFirst(2).contains(".") ? man.contains(String(option.dropFirst(2))) || man.contains("retention") : man.contains(option)
            XCTAssertTrue(documented, "\(option) is not in man/kseg-compact.1")
        }
        XCTAssertTrue(man.contains("kseg-compact"))
    }
}
