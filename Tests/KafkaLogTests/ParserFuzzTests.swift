import Foundation
import KafkaLog
import KafkaRecords
import KsegTestSupport
import XCTest

/// Every parser on truncated, bit-flipped and absurd-length input: each must either decode or throw
/// a typed error — never trap, hang or allocate by an untrusted length. Inputs are mutations of real
/// Kafka-written bytes, with a fixed seed so failures reproduce.
final class ParserFuzzTests: XCTestCase {
    static let written = ReaderListing.repositoryRoot.appendingPathComponent("Fixtures/kafka-reference/kafka-written").path
    static let python = ReaderListing.repositoryRoot.appendingPathComponent("Fixtures/kafka-python").path

    /// Batches (v2 and legacy, every codec) from real segments, mutated, decoded record by record.
    func testBatchAndRecordParsersSurviveMutations() throws {
        var batches: [[UInt8]] = []
        for path in [Self.written + "/ref-v2-none-0/00000000000000000000.log", Self.written + "/ref-v1-gzip-0/00000000000000000000.log"]
            + ["kp-v2-gzip-0", "kp-v2-snappy-0", "kp-v2-lz4-0", "kp-v2-zstd-0", "kp-v1-snappy-0", "kp-v1-lz4-0", "kp-v0-lz4-0", "kp-v0-gzip-0"]
                .map({ Self.python + "/\($0)/00000000000000000000.log" }) {
            let file = try MappedFile(path: path)
            var iterator = LogBatchIterator(file: file)
            var n = 0
            while let batch = try iterator.next(), n < 12 {
                if batch.sizeInBytes < 4096 { batches.append(Array(batch.bytes)); n += 1 }
            }
        }
        XCTAssertGreaterThan(batches.count, 60)
        var rng = SeededGenerator(seed: 42)
        var scratch = ByteBuffer()
        var decoded = 0, rejected = 0
        for i in 0..<6000 {
            let original = batches[i % batches.count]
            var bytes = Mutation.random(original, &rng)
            // Keep the size field consistent half of the time, so the records section itself is fuzzed.
            if rng.below(2) == 0 && bytes.count >= 12 {
                let size = UInt32(bytes.count - 12)
                bytes[8] = UInt8(size >> 24); bytes[9] = UInt8((size >> 16) & 0xff); bytes[10] = UInt8((size >> 8) & 0xff); bytes[11] = UInt8(size & 0xff)
            }
            guard bytes.count >= RecordFormat.logOverhead + RecordFormat.minRecordOverhead else { rejected += 1; continue }
            let limits = DecompressionLimits(maxOutputBytes: 1 << 20)
            bytes.withUnsafeBytes { raw in
                let batch = FileBatch(position: 0, bytes: raw)
                _ = batch.isValid
                _ = batch.lastOffset
                do {
                    try batch.forEachRecord(scratch: &scratch, limits: limits) { record in
                        _ = record.keySize + record.valueSize
                        record.forEachHeader { _, _ in }
                    }
                    decoded += 1
                } catch is RecordsError {
                    rejected += 1
                } catch {
                    XCTFail("untyped error \(error)")
                }
            }
        }
        XCTAssertGreaterThan(decoded, 100)
        XCTAssertGreaterThan(rejected, 100)
    }

    /// Each codec's decompressor on garbage, truncations and bombs.
    func testDecompressorsRejectGarbageAndBombs() throws {
        var rng = SeededGenerator(seed: 7)
        var out = ByteBuffer()
        for codec in [CompressionCodec.gzip, .snappy, .lz4, .zstd] {
            for _ in 0..<300 {
                let garbage = (0..<rng.below(300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                garbage.withUnsafeBytes { raw in
                    do { try Decompression.decompress(raw, codec: codec, magic: 2, into: &out, limits: .init(maxOutputBytes: 1 << 16)) } catch {
                        XCTAssertTrue(error is RecordsError)
                    }
                }
            }
        }
        // A gzip bomb: 64 MiB of zeros compresses to ~64 KiB; a 1 MiB limit must stop it early.
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import gzip,sys; sys.stdout.buffer.write(gzip.compress(bytes(64<<20)))"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let bomb = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertLessThan(bomb.count, zeros.count / 100)
        let bombBytes = Array(bomb)
        var caught: Error?
        bombBytes.withUnsafeBytes { raw in
            do { try Decompression.decompress(raw, codec: .gzip, magic: 2, into: &out, limits: .init(maxOutputBytes: 1 << 20)) } catch { caught = error }
        }
        XCTAssertEqual(caught as? RecordsError, .decompressedTooLarge(codec: "gzip", limit: 1 << 20))
        XCTAssertLessThan(out.capacity, 4 << 20, "the output buffer grew past the limit")
    }

    /// Index views, snapshots and checkpoint files on mutated real files.
    func testFileParsersSurviveMutations() throws {
        let dir = Self.written + "/ref-v2-none-0"
        let index = try ReadOnlyFile(path: dir + "/00000000000000000000.index").readAll()
        let timeIndex = try ReadOnlyFile(path: dir + "/00000000000000000000.timeindex").readAll()
        let snapshot = try ReadOnlyFile(path: dir + "/00000000000000001615.snapshot").readAll()
        let epochs = try ReadOnlyFile(path: dir + "/leader-epoch-checkpoint").readAll()
        let metadata = try ReadOnlyFile(path: dir + "/partition.metadata").readAll()
        var rng = SeededGenerator(seed: 99)
        var snapshotFailures = 0
        for _ in 0..<2000 {
            Mutation.random(index, &rng).withUnsafeBytes { raw in
                let view = OffsetIndexView(bytes: raw, baseOffset: 0)
                _ = view.writtenEntryCount
                _ = view.sanityCheckFailure(path: "x")
                if raw.count >= 8 { _ = view.lookup(Int64(rng.below(5000))) }
            }
            Mutation.random(timeIndex, &rng).withUnsafeBytes { raw in
                let view = TimeIndexView(bytes: raw, baseOffset: 0)
                _ = view.writtenEntryCount
                _ = view.sanityCheckFailure(path: "x")
                if raw.count >= 12 { _ = view.lookup(1_727_740_900_000) }
            }
            Mutation.random(snapshot, &rng).withUnsafeBytes { raw in
                do { _ = try ProducerSnapshot.parse(raw) } catch { snapshotFailures += 1 }
            }
            _ = try? LeaderEpochCheckpointFile.parse(Mutation.random(epochs, &rng))
            _ = try? PartitionMetadata.parse(Mutation.random(metadata, &rng))
            _ = MetaProperties.parse(Mutation.random(Array("cluster.id=abc\nnode.id=1\n".utf8), &rng))
        }
        XCTAssertGreaterThan(snapshotFailures, 500, "mutated snapshots must fail their CRC or schema checks")
    }
}
