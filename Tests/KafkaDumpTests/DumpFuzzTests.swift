import Foundation
import KafkaLog
import KafkaRecords
import KsegTestSupport
import XCTest

/// The printing code on hostile input: the real binary dumps thousands of seeded mutations of real
/// Kafka files — segments (every v2 and legacy header field overwritten with extreme values, record
/// varints, bit flips, truncations, absurd lengths), offset, time and transaction indexes, producer
/// snapshots (CRC fixed up so the entries are printed) — with `--deep-iteration --print-data-log`,
/// with `--json`, and with the other modes. Every run must end with status 0 or 1, never a signal or
/// a hang; every `kseg:` line on stderr must name the file; every JSON line must parse.
final class DumpFuzzTests: XCTestCase {
    static let written = Repository.fixtures.appendingPathComponent("kafka-reference/kafka-written").path
    static let python = Repository.fixtures.appendingPathComponent("kafka-python").path

    static let v2Header: [Mutation.Field] = [
        .init("baseOffset", 0, 8), .init("length", 8, 4), .init("partitionLeaderEpoch", 12, 4), .init("magic", 16, 1),
        .init("crc", 17, 4), .init("attributes", 21, 2), .init("lastOffsetDelta", 23, 4), .init("baseTimestamp", 27, 8),
        .init("maxTimestamp", 35, 8), .init("producerId", 43, 8), .init("producerEpoch", 51, 2),
        .init("baseSequence", 53, 4), .init("recordsCount", 57, 4),
    ]
    static let legacyHeader: [Mutation.Field] = [
        .init("offset", 0, 8), .init("size", 8, 4), .init("crc", 12, 4), .init("magic", 16, 1), .init("attributes", 17, 1),
        .init("timestamp or key length", 18, 8), .init("v1 key length", 26, 4),
    ]
    static let offsetIndexEntry: [Mutation.Field] = [.init("relativeOffset", 0, 4), .init("position", 4, 4)]
    static let timeIndexEntry: [Mutation.Field] = [.init("timestamp", 0, 8), .init("relativeOffset", 8, 4)]
    static let txnIndexEntry: [Mutation.Field] = [
        .init("version", 0, 2), .init("version byte", 0, 1), .init("producerId", 2, 8), .init("firstOffset", 10, 8),
        .init("lastOffset", 18, 8), .init("lastStableOffset", 26, 8),
    ]
    static let snapshotHeader: [Mutation.Field] = [.init("version", 0, 2), .init("count", 6, 4)]
    static let snapshotEntry: [Mutation.Field] = [
        .init("producerId", 0, 8), .init("epoch", 8, 2), .init("lastSequence", 10, 4), .init("lastOffset", 14, 8),
        .init("offsetDelta", 22, 4), .init("timestamp", 26, 8), .init("coordinatorEpoch", 34, 4),
        .init("currentTxnFirstOffset", 38, 8),
    ]
    /// Varint bytes planted in a record: small, negative (zigzag), continuation, 5-byte extremes.
    static let varintPatches: [[UInt8]] = [[0x00], [0x01], [0x03], [0x7F], [0x80], [0xFF, 0x01],
                                           [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0xFE, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x80]]

    /// Real batches (v2 every codec, idempotent, transactional and control batches; legacy wrappers).
    static func batchPool() throws -> [[UInt8]] {
        var pool: [[UInt8]] = []
        let logs = [written + "/ref-v2-none-0/00000000000000000000.log", written + "/ref-v1-gzip-0/00000000000000000000.log"]
            + ["kp-v2-none-0", "kp-v2-gzip-0", "kp-v2-snappy-0", "kp-v2-lz4-0", "kp-v2-zstd-0", "kp-v1-none-0", "kp-v1-snappy-0",
               "kp-v1-lz4-0", "kp-v0-lz4-0", "kp-v0-gzip-0"].map { python + "/\($0)/00000000000000000000.log" }
            + ["kp-v2-none-0", "kp-v2-zstd-0", "kp-v1-gzip-0"].map { python + "/\($0)/00000000000000000014.log" }
        for path in logs {
            var iterator = LogBatchIterator(file: try MappedFile(path: path))
            var n = 0
            while let batch = try iterator.next(), n < 12 {
                if batch.sizeInBytes < 4096 { pool.append(Array(batch.bytes)); n += 1 }
            }
        }
        return pool
    }

    /// One mutated file of a round and what was done to it.
    struct Case {
        var name: String
        var bytes: [UInt8]?
        /// A symbolic link to a real file instead of bytes.
        var linkTo: String?
        var mutation: String
    }

    struct Round {
        var directory: URL
        var cases: [Case]
        /// The mutated files (the linked real logs are only there for the indexes to be checked against).
        var paths: [String] { cases.filter { $0.bytes != nil }.map { directory.appendingPathComponent($0.name).path } }
    }

    /// A segment file name; a negative base offset is written as Java's `Long.parseLong` reads it.
    static func name(_ offset: Int64, _ suffix: String) -> String {
        offset < 0 ? "\(offset)\(suffix)" : LogFileName.name(for: offset, suffix: suffix)
    }

    static func makeSegment(_ pool: [[UInt8]], index: Int, _ rng: inout SeededGenerator) -> (bytes: [UInt8], mutation: String) {
        var batches = (0...rng.below(3)).map { _ in pool[rng.below(pool.count)] }
        let target = rng.below(batches.count)
        var batch = batches[target]
        let mutation: String
        switch rng.below(10) {
        case 0..<5:
            let fields = batch[16] >= 2 ? v2Header : legacyHeader
            mutation = "batch \(target): " + Mutation.overwrite(&batch, field: fields[index % fields.count], at: 0, &rng)
        case 5..<7 where batch[16] >= 2 && batch.count > 70:
            let patch = varintPatches[rng.below(varintPatches.count)]
            let at = 61 + rng.below(min(12, batch.count - 61))
            batch.replaceSubrange(at..<min(batch.count, at + patch.count), with: patch)
            mutation = "batch \(target): record bytes at \(at) := \(patch)"
        default:
            batch = Mutation.random(batch, &rng)
            mutation = "batch \(target): random mutation"
        }
        batches[target] = batch
        return (batches.flatMap { $0 }, mutation)
    }

    static func mutateEntries(_ bytes: [UInt8], entrySize: Int, fields: [Mutation.Field], index: Int, _ rng: inout SeededGenerator) -> ([UInt8], String) {
        var b = bytes
        if rng.below(4) == 0 { return (Mutation.random(b, &rng), "random mutation") }
        let entries = max(1, b.count / entrySize)
        // Early entries matter most: the dumps stop at the first slot that repeats the base offset.
        let entry = rng.below(2) == 0 ? rng.below(min(3, entries)) : rng.below(entries)
        return (b, "entry \(entry): " + Mutation.overwrite(&b, field: fields[index % fields.count], at: entry * entrySize, &rng))
    }

    static func makeRound(_ number: Int, pool: [[UInt8]], _ rng: inout SeededGenerator) throws -> Round {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-dumpfuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var cases: [Case] = []
        for i in 0..<12 {
            let (bytes, mutation) = makeSegment(pool, index: number * 12 + i, &rng)
            cases.append(Case(name: LogFileName.name(for: 1_000_000 + Int64(i), suffix: ".log"), bytes: bytes, mutation: mutation))
        }
        // Indexes next to a real log: at its own base offset, and at extreme ones (relative offsets wrap).
        let reference = written + "/ref-v2-none-0/"
        let segments: [Int64] = [0, 1615, 3291]
        let extremeBases: [Int64] = [.max, .max - 100, .min, -5, Int64(Int32.max)]
        for j in 0..<4 {
            let segment = segments[(number + j) % segments.count]
            let base = j == 0 ? segment : extremeBases[(number + j) % extremeBases.count]
            let real = reference + LogFileName.prefix(for: segment)
            cases.append(Case(name: name(base, ".log"), linkTo: real + ".log", mutation: "link to \(real).log"))
            let index = try ReadOnlyFile(path: real + ".index").readAll()
            let (indexBytes, indexMutation) = mutateEntries(index, entrySize: 8, fields: offsetIndexEntry, index: number * 4 + j, &rng)
            cases.append(Case(name: name(base, ".index"), bytes: indexBytes, mutation: indexMutation))
            let time = try ReadOnlyFile(path: real + ".timeindex").readAll()
            let (timeBytes, timeMutation) = mutateEntries(time, entrySize: 12, fields: timeIndexEntry, index: number * 4 + j, &rng)
            cases.append(Case(name: name(base, ".timeindex"), bytes: timeBytes, mutation: timeMutation))
        }
        var txn = ByteBuffer()
        for (pid, first, last) in [(Int64(5555), Int64(11), Int64(12)), (7777, 20, 25), (4001, 30, 31)] {
            AbortedTransaction(producerId: pid, firstOffset: first, lastOffset: last, lastStableOffset: last + 1).append(to: &txn)
        }
        let snapshot = try ReadOnlyFile(path: reference + "00000000000000001615.snapshot").readAll()
        for k in 0..<3 {
            let (txnBytes, txnMutation) = mutateEntries(txn.toArray(), entrySize: AbortedTransaction.size, fields: txnIndexEntry, index: number * 3 + k, &rng)
            cases.append(Case(name: LogFileName.name(for: 2_000_000 + Int64(k), suffix: ".txnindex"), bytes: txnBytes, mutation: txnMutation))
            var s = snapshot
            var mutation: String
            if rng.below(5) == 0 {
                mutation = Mutation.overwrite(&s, field: snapshotHeader[rng.below(snapshotHeader.count)], at: 0, &rng)
            } else {
                let entries = max(1, (s.count - 10) / 46)
                mutation = Mutation.overwrite(&s, field: snapshotEntry[(number * 3 + k) % snapshotEntry.count], at: 10 + 46 * rng.below(entries), &rng)
            }
            if rng.below(4) != 0 && s.count > 6 {
                // A valid CRC, so that the entries are printed rather than the CRC complaint.
                Mutation.overwrite(&s, at: 2, with: s.withUnsafeBytes { CRC.crc32c(UnsafeRawBufferPointer(rebasing: $0[6...])) })
                mutation += ", CRC fixed"
            }
            cases.append(Case(name: LogFileName.name(for: 3_000_000 + Int64(k), suffix: ".snapshot"), bytes: s, mutation: mutation))
        }
        for c in cases {
            let path = directory.appendingPathComponent(c.name).path
            if let link = c.linkTo { try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: link) }
            if let bytes = c.bytes { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
        }
        return Round(directory: directory, cases: cases)
    }

    /// Runs one mode over a round's files and checks the run; on a signal, finds the file that
    /// causes it. Returns false when the round failed (its directory is kept for inspection).
    func check(_ round: Round, options: [String], seed: UInt64, number: Int) -> Bool {
        let paths = round.paths
        let args = ["dump-log-segments"] + options + ["--files", paths.joined(separator: ",")]
        let context = "seed \(seed) round \(number) \(options) in \(round.directory.path)"
        let result: KsegProcess.Result
        do { result = try KsegProcess.run(args, timeout: 60) } catch {
            XCTFail("\(context): \(error)")
            return false
        }
        var ok = true
        if result.signal != nil || ![0, 1].contains(result.status) {
            ok = false
            var culprits: [String] = []
            for c in round.cases where c.bytes != nil {
                let path = round.directory.appendingPathComponent(c.name).path
                if let single = try? KsegProcess.run(["dump-log-segments"] + options + ["--files", path], timeout: 60),
                   single.signal == nil && [0, 1].contains(single.status) { continue }
                culprits.append("\(c.name) (\(c.mutation))")
            }
            XCTFail("\(context): status \(result.status), signal \(result.signal.map(String.init) ?? "none"); culprits: \(culprits)\n\(result.err.suffix(3000))")
        }
        for line in result.err.split(separator: "\n") where line.hasPrefix("kseg: ") {
            if !paths.contains(where: { line.contains($0) }) {
                ok = false
                XCTFail("\(context): a report that does not name its file: \(line)")
            }
        }
        if options.contains("--json") {
            for line in result.out.split(separator: "\n") {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                if object?["type"] == nil {
                    ok = false
                    XCTFail("\(context): not a JSON object line: \(line.prefix(300))")
                    break
                }
            }
        }
        return ok
    }

    /// `KSEG_FUZZ_SEED` and `KSEG_FUZZ_ROUNDS` replay a failure or explore further.
    func testPrintingSurvivesThousandsOfMutations() throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["KSEG_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_241_001
        let rounds = environment["KSEG_FUZZ_ROUNDS"].flatMap { Int($0) } ?? 100
        var rng = SeededGenerator(seed: seed)
        let pool = try Self.batchPool()
        XCTAssertGreaterThan(pool.count, 120)
        let extraModes: [[String]] = [[], ["--verify-index-only"], ["--index-sanity-check"], ["--offsets-decoder"],
                                      ["--transaction-log-decoder"], ["--print-data-log", "--skip-record-metadata"],
                                      ["--deep-iteration", "--key-decoder-class", "hex", "--value-decoder-class", "base64"]]
        var mutated = 0
        for number in 0..<rounds {
            let round = try Self.makeRound(number, pool: pool, &rng)
            mutated += round.cases.filter { $0.bytes != nil }.count
            var ok = true
            for options in [["--deep-iteration", "--print-data-log"], ["--json", "--print-data-log"], extraModes[number % extraModes.count]] {
                ok = check(round, options: options, seed: seed, number: number) && ok
            }
            if ok { try? FileManager.default.removeItem(at: round.directory) }
        }
        XCTAssertGreaterThan(mutated, rounds * 20)
    }
}
