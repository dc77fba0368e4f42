import Foundation
import KafkaLog
import KsegTestSupport
import XCTest

/// Kafka's start-up handling of `.deleted`, `.cleaned` and `.swap` leftovers (`LogLoader`), on a
/// partition written by kafka-python (Fixtures/retention/logdir/retention-ms-0: segments 0, 100,
/// 200 and 300 of 100 records each, snapshots at 100, 200, 300 and 400).
final class LeftoverRecoveryTests: XCTestCase {
    func partition() throws -> URL { try Repository.temporaryCopy(of: "retention/logdir/retention-ms-0") }
    func names(_ directory: URL) throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) }
    func touch(_ directory: URL, _ name: String) throws { try Data([1]).write(to: directory.appendingPathComponent(name)) }
    func name(_ offset: Int, _ suffix: String) -> String { String(format: "%020d", offset) + suffix }

    func testNothingToDoWithoutLeftovers() throws {
        let directory = try partition()
        let before = try names(directory)
        XCTAssertEqual(try LeftoverRecovery.plan(partition: directory.path), [])
        XCTAssertEqual(try LeftoverRecovery.run(partition: directory.path), [])
        XCTAssertEqual(try names(directory), before)
    }

    /// Step 1: every `.deleted` file goes, except KRaft's `.checkpoint.deleted`; only regular files count.
    func testDeletedFilesGo() throws {
        let directory = try partition()
        for leftover in [name(0, ".log.deleted"), name(0, ".index.deleted"), name(50, ".snapshot.deleted"), name(7, ".checkpoint.deleted")] {
            try touch(directory, leftover)
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("not-a-file.deleted"), withIntermediateDirectories: false)
        let actions = try LeftoverRecovery.run(partition: directory.path)
        XCTAssertEqual(actions.map(\.description), [
            "delete \(name(0, ".index.deleted")) (scheduled for deletion)",
            "delete \(name(0, ".log.deleted")) (scheduled for deletion)",
            "delete \(name(50, ".snapshot.deleted")) (scheduled for deletion)",
        ])
        let after = try names(directory)
        XCTAssertTrue(after.contains(name(7, ".checkpoint.deleted")))
        XCTAssertTrue(after.contains("not-a-file.deleted"))
        XCTAssertFalse(after.contains(name(0, ".log.deleted")))
    }

    /// Step 2: `.cleaned` files go, and so do `.swap` files at or above the smallest `.cleaned` offset
    /// (an interrupted split); swaps below it are completed.
    func testCleanedFilesAndInterruptedSplits() throws {
        let directory = try partition()
        try touch(directory, name(200, ".log.cleaned"))
        try touch(directory, name(200, ".log.swap"))
        try touch(directory, name(300, ".index.swap"))
        let plan = try LeftoverRecovery.plan(partition: directory.path)
        XCTAssertEqual(plan.map(\.description), [
            "delete \(name(200, ".log.swap")) (interrupted swap: at or above the first .cleaned offset 200)",
            "delete \(name(300, ".index.swap")) (interrupted swap: at or above the first .cleaned offset 200)",
            "delete \(name(200, ".log.cleaned")) (incomplete cleaning)",
        ])
        try LeftoverRecovery.run(partition: directory.path)
        XCTAssertFalse(try names(directory).contains { $0.hasSuffix(".swap") || $0.hasSuffix(".cleaned") })
        XCTAssertTrue(try names(directory).contains(name(200, ".log")), "segments are untouched")
    }

    /// Steps 3–5: a swapped-in segment replaces every file whose offset lies in [its base, its next
    /// offset) — the source segments, their indexes and snapshots — and is renamed into place.
    func testSwapReplacesTheSegmentsItCovers() throws {
        let directory = try partition()
        let source = directory.appendingPathComponent(name(100, ".log"))
        // A cleaned segment named at base 0 holding offsets 100..199: it covers [0, 200).
        try FileManager.default.copyItem(at: source, to: directory.appendingPathComponent(name(0, ".log.swap")))
        try Data().write(to: directory.appendingPathComponent(name(0, ".index.swap")))
        try touch(directory, "150")                     // no dot: not an offset name, as in Kafka
        try touch(directory, name(199, ".snapshot"))
        let actions = try LeftoverRecovery.run(partition: directory.path)
        XCTAssertEqual(Set(actions.map(\.description)), Set([
            "delete \(name(0, ".index")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "delete \(name(0, ".log")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "delete \(name(0, ".timeindex")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "delete \(name(100, ".index")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "delete \(name(100, ".log")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "delete \(name(100, ".snapshot")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "delete \(name(100, ".timeindex")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "delete \(name(199, ".snapshot")) (replaced by the swapped-in segment covering offsets 0..<200)",
            "rename \(name(0, ".index.swap")) to \(name(0, ".index"))",
            "rename \(name(0, ".log.swap")) to \(name(0, ".log"))",
        ]))
        if case .rename = actions.first { XCTFail("renames must come after every deletion") }
        let after = try names(directory)
        XCTAssertTrue(after.contains("150"))
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent(name(0, ".log"))), try Data(contentsOf: Repository.fixtures
            .appendingPathComponent("retention/logdir/retention-ms-0").appendingPathComponent(name(100, ".log"))))
        XCTAssertTrue(after.isSuperset(of: [name(200, ".log"), name(200, ".snapshot"), name(300, ".log")]))
        XCTAssertEqual(try LeftoverRecovery.plan(partition: directory.path), [], "recovery is done once")
    }

    /// A kill between the renames of a swap: the next run finishes the renames and deletes nothing more.
    func testInterruptedRenamesFinish() throws {
        let directory = try partition()
        try FileManager.default.copyItem(at: directory.appendingPathComponent(name(0, ".log")), to: directory.appendingPathComponent(name(0, ".log.swap")))
        try Data().write(to: directory.appendingPathComponent(name(0, ".timeindex.swap")))
        // As if the first run deleted the sources and renamed the .log.swap, then died.
        for suffix in [".log", ".index", ".timeindex"] { try FileManager.default.removeItem(at: directory.appendingPathComponent(name(0, suffix))) }
        try FileManager.default.moveItem(at: directory.appendingPathComponent(name(0, ".log.swap")), to: directory.appendingPathComponent(name(0, ".log")))
        let actions = try LeftoverRecovery.run(partition: directory.path)
        XCTAssertEqual(actions.map(\.description), ["rename \(name(0, ".timeindex.swap")) to \(name(0, ".timeindex"))"])
        XCTAssertTrue(try names(directory).isSuperset(of: [name(0, ".log"), name(0, ".timeindex"), name(100, ".log")]))
    }
}
