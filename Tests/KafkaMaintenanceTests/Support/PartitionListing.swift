import Foundation
import KsegTestSupport
import XCTest

/// A partition directory as kafka-python reads it (`Fixtures/maintenance/read.py`): the compaction
/// tests' independent reader, of inputs and of kseg's output alike.
struct PartitionListing: Decodable {
    struct Record: Decodable, Equatable {
        var offset: Int64
        var timestamp: Int64
        var key: String?
        var value: String?
        var headers: [[String?]]
        var control: String?
    }

    struct Batch: Decodable {
        var position: Int
        var size: Int
        var sha256: String
        var magic: Int
        var crcValid: Bool
        var baseOffset: Int64
        var lastOffset: Int64
        var attributes: Int
        var baseTimestamp: Int64?
        var maxTimestamp: Int64
        var codec: Int
        var producerId: Int64
        var producerEpoch: Int?
        var baseSequence: Int?
        var isTransactional: Bool
        var isControl: Bool
        var records: [Record]

        var deleteHorizon: Int64? { magic >= 2 && attributes & 0x40 != 0 ? baseTimestamp : nil }
        var isLogAppendTime: Bool { attributes & 0x08 != 0 }
    }

    struct Segment: Decodable {
        var file: String
        var baseOffset: Int64
        var batches: [Batch]
        var trailingBytes: Int
    }

    var segments: [Segment]

    var batches: [Batch] { segments.flatMap(\.batches) }
    var records: [Record] { batches.flatMap(\.records) }

    /// Reads `directory` with kafka-python.
    static func read(_ directory: URL, file: StaticString = #filePath, line: UInt = #line) throws -> PartitionListing {
        let output = try Python.run(["Fixtures/maintenance/read.py", directory.path])
        XCTAssertEqual(output.status, 0, "kafka-python could not read \(directory.path): \(output.err)", file: file, line: line)
        return try JSONDecoder().decode(PartitionListing.self, from: output.stdout)
    }
}

/// The repository's Python virtualenv (scripts/python-env.sh; scripts/test.sh creates it).
enum Python {
    static func run(_ arguments: [String]) throws -> KsegProcess.Result {
        try KsegProcess.run(executable: try PythonEnvironment.interpreter(), arguments, currentDirectory: Repository.root.path)
    }
}
