import Foundation
import KafkaLog
import KafkaRecords
import KsegTestSupport
import XCTest

/// `.txnindex` files, files of unknown kinds, the `--max-message-size` window of index
/// verification, and index files of gigabytes: Kafka's exact text (dump-and-index §3.1, §5.2, §7),
/// and memory that does not grow with the size of the index.
final class FileKindDumpTests: XCTestCase {
    var partition: URL!

    override func setUpWithError() throws {
        partition = try Repository.temporaryCopy(of: "kafka-reference/kafka-written/ref-v2-none-0")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: partition.deletingLastPathComponent()) }

    func path(_ name: String) -> String { partition.appendingPathComponent(name).path }

    func transactionIndex(_ entries: [AbortedTransaction]) -> [UInt8] {
        var buffer = ByteBuffer()
        for e in entries { e.append(to: &buffer) }
        return buffer.toArray()
    }

    func testTransactionIndexEntriesAsKafkaPrintsThem() throws {
        var bytes = transactionIndex([
            AbortedTransaction(producerId: 5555, firstOffset: 11, lastOffset: 12, lastStableOffset: 13),
            AbortedTransaction(producerId: 7777, firstOffset: 20, lastOffset: 25, lastStableOffset: 20),
            AbortedTransaction(producerId: -1, firstOffset: .min, lastOffset: .max, lastStableOffset: -1),
        ])
        // Kafka reads only the first byte of the version: a second byte of 5 still prints version 0,
        // and a first byte of 0xff is version −1 (not above the current version 0).
        bytes[34 + 1] = 5
        bytes += transactionIndex([AbortedTransaction(producerId: 1, firstOffset: 2, lastOffset: 3, lastStableOffset: 4)])
        bytes[3 * 34] = 0xFF
        // A partial entry at the end is ignored.
        bytes += [UInt8](repeating: 7, count: 20)
        let txn = path("00000000000000000000.txnindex")
        try Data(bytes).write(to: URL(fileURLWithPath: txn))
        let result = try KsegProcess.run(["dump-log-segments", "--files", txn])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, "")
        XCTAssertEqual(result.out, """
            Dumping \(txn)
            version: 0 producerId: 5555 firstOffset: 11 lastOffset: 12 lastStableOffset: 13
            version: 0 producerId: 7777 firstOffset: 20 lastOffset: 25 lastStableOffset: 20
            version: 0 producerId: -1 firstOffset: -9223372036854775808 lastOffset: 9223372036854775807 lastStableOffset: -1
            version: -1 producerId: 1 firstOffset: 2 lastOffset: 3 lastStableOffset: 4

            """)
        // Options do not apply to transaction indexes.
        let sanity = try KsegProcess.run(["dump-log-segments", "--index-sanity-check", "--verify-index-only", "--files", txn])
        XCTAssertEqual(sanity.out, result.out)

        let json = try KsegProcess.run(["dump-log-segments", "--json", "--files", txn])
        let entries = json.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["type"] as? String == "abortedTransaction" }
        XCTAssertEqual(entries.map { $0["producerId"] as? Int }, [5555, 7777, -1, 1])
        XCTAssertEqual(entries.map { $0["version"] as? Int }, [0, 0, 0, -1])
    }

    /// Kafka reads every entry before printing any: one entry of a newer version aborts the file with
    /// no entry printed. A missing file prints nothing and is not created.
    func testTransactionIndexOfANewerVersionAndMissingOne() throws {
        var bytes = transactionIndex([
            AbortedTransaction(producerId: 5555, firstOffset: 11, lastOffset: 12, lastStableOffset: 13),
            AbortedTransaction(producerId: 7777, firstOffset: 20, lastOffset: 25, lastStableOffset: 20),
        ])
        bytes[34] = 1
        let txn = path("00000000000000000000.txnindex")
        try Data(bytes).write(to: URL(fileURLWithPath: txn))
        let missing = path("00000000000000001615.txnindex")
        let result = try KsegProcess.run(["dump-log-segments", "--files", txn + "," + missing])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.out, "Dumping \(txn)\nDumping \(missing)\n")
        XCTAssertEqual(result.err, "kseg: corruption: Unexpected aborted transaction version 1 in transaction index \(txn), current version is 0\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
    }

    /// Unknown suffixes (the last `.` counts, so `.log.deleted` is unknown) are skipped with Kafka's
    /// line on stderr; the run goes on and ends normally. A name without any `.` is one Kafka's tool
    /// dies on.
    func testUnknownFilesAreIgnoredAsKafkaDoes() throws {
        let names = ["00000000000000000000.log.deleted", "00000000000000000000.index.swap", "00000000000000000000.cleaned", "notes.txt"]
        for name in names { try Data([1, 2, 3]).write(to: partition.appendingPathComponent(name)) }
        let files = names.map(path) + [path("00000000000000001615.snapshot")]
        let result = try KsegProcess.run(["dump-log-segments", "--files", files.joined(separator: ",")])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.err, names.map { "Ignoring unknown file \(path($0))\n" }.joined())
        XCTAssertTrue(result.out.hasPrefix(files.prefix(4).map { "Dumping \($0)\n" }.joined() + "Dumping \(files[4])\nproducerId: "), result.out)

        let json = try KsegProcess.run(["dump-log-segments", "--json", "--files", files[0]])
        XCTAssertEqual(json.status, 0)
        XCTAssertTrue(json.out.contains("\"finding\":\"unknownFile\""), json.out)

        let noDot = path("README")
        try Data([1]).write(to: URL(fileURLWithPath: noDot))
        let dotless = try KsegProcess.run(["dump-log-segments", "--files", noDot + "," + files[4]])
        XCTAssertEqual(dotless.status, 1)
        XCTAssertTrue(dotless.err.contains("kseg: corruption: \(noDot): "), dotless.err)
        XCTAssertTrue(dotless.out.contains("Dumping \(files[4])\nproducerId: "), "the next file is still dumped")
    }

    /// The `.index` check reads `--max-message-size` bytes at each entry's position: a batch larger
    /// than that is no complete batch, where Kafka's tool dies (`NoSuchElementException`) after the
    /// entries before it were printed.
    func testBatchLargerThanMaxMessageSize() throws {
        let index = path("00000000000000000000.index")
        let full = try KsegProcess.run(["dump-log-segments", "--files", index])
        let entries = full.out.split(separator: "\n").dropFirst()
        // The first four entries point at batches of fewer than 2000 bytes, the fifth at one of 2960.
        XCTAssertEqual(Array(entries.prefix(5)), ["offset: 90 position: 7283", "offset: 138 position: 11878", "offset: 213 position: 18983",
                                                  "offset: 300 position: 26605", "offset: 378 position: 31158"])
        let result = try KsegProcess.run(["dump-log-segments", "--max-message-size", "2000", "--files", index])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.out, "Dumping \(index)\n" + entries.prefix(4).map { $0 + "\n" }.joined())
        XCTAssertEqual(result.err, "kseg: corruption: \(index): entry 4 (offset 378): no complete batch at byte 31158 within --max-message-size 2000 bytes\n")
        // The largest indexed batch (3932 bytes) fits a window of exactly its size.
        let exact = try KsegProcess.run(["dump-log-segments", "--max-message-size", "3932", "--files", index])
        XCTAssertEqual(exact.out, full.out)
        XCTAssertEqual(exact.status, 0)
    }

    /// A 2 GiB index file that is almost all hole (a preallocated index, or a corrupt one): the dump
    /// reads it through a bounded window, so it is quick and its memory does not follow the file size.
    func testHugeSparseIndexesDumpInBoundedMemory() throws {
        let size: off_t = 2 << 30
        let baseline = try KsegProcess.runMeasuringMemory(["dump-log-segments", "--files", path("00000000000000000000.index")])
        XCTAssertEqual(baseline.status, 0)
        for (suffix, entry, expected) in [
            (".index", [UInt8]([0, 0, 0, 90, 0, 0, 0x1C, 0x73]), "offset: 90 position: 7283\n"),
            (".timeindex", [0, 0, 1, 146, 69, 96, 147, 1, 0, 0, 0, 90], "timestamp: 1727740809985 offset: 90\n"),
        ] {
            let file = path("00000000000000000000" + suffix)
            try Data(entry).write(to: URL(fileURLWithPath: file))
            XCTAssertEqual(truncate(file, size), 0)
            let started = Date()
            let result = try KsegProcess.runMeasuringMemory(["dump-log-segments", "--files", file])
            XCTAssertEqual(result.status, 0, result.err)
            XCTAssertEqual(result.out, "Dumping \(file)\n" + expected)
            XCTAssertLessThan(Date().timeIntervalSince(started), 10)
            XCTAssertLessThan(result.maxResidentKiB!, baseline.maxResidentKiB! + 32 << 10, "\(suffix): peak memory follows the file size")

            let sanity = try KsegProcess.runMeasuringMemory(["dump-log-segments", "--index-sanity-check", "--files", file])
            XCTAssertLessThan(sanity.maxResidentKiB!, baseline.maxResidentKiB! + 32 << 10, "\(suffix) --index-sanity-check")
            XCTAssertEqual(sanity.status, suffix == ".index" ? 0 : 1, sanity.err)
        }
        // Transaction index entries are all printed (Kafka does the same), so a smaller file: its
        // memory must not follow its size either.
        let txn = path("00000000000000000000.txnindex")
        try Data().write(to: URL(fileURLWithPath: txn))
        XCTAssertEqual(truncate(txn, 64 << 20), 0)
        let result = try KsegProcess.runMeasuringMemory(["dump-log-segments", "--files", txn])
        XCTAssertEqual(result.status, 0, result.err)
        XCTAssertEqual(result.stdout.count, "Dumping \(txn)\n".utf8.count + (64 << 20) / 34 * "version: 0 producerId: 0 firstOffset: 0 lastOffset: 0 lastStableOffset: 0\n".utf8.count)
        XCTAssertLessThan(result.maxResidentKiB!, baseline.maxResidentKiB! + 32 << 10, ".txnindex: peak memory follows the file size")
    }
}
