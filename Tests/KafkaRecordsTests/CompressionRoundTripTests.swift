import Foundation
import KsegTestSupport
import XCTest
@testable import KafkaRecords

/// The compressors the cleaner uses when it rebuilds a batch: each codec's output decompresses to
/// the input through our decompressor and through an independent one (kafka-python's codec module,
/// which wraps python-snappy, lz4, zstandard and zlib), for every framing quirk Kafka has.
final class CompressionRoundTripTests: XCTestCase {
    /// Inputs around the codecs' block sizes (32 KiB xerial snappy, 64 KiB lz4), compressible and not.
    private func inputs() -> [(String, [UInt8])] {
        var generator = SeededGenerator(seed: 42)
        var result: [(String, [UInt8])] = [("1 byte", [7])]
        for size in [100, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, 64 * 1024, 64 * 1024 + 5, 200_000] {
            result.append(("\(size) random", (0..<size).map { _ in UInt8(truncatingIfNeeded: generator.next()) }))
            result.append(("\(size) text", Array(String(repeating: "compact me, kafka! ", count: size / 19 + 1).utf8.prefix(size))))
        }
        return result
    }

    private func compress(_ input: [UInt8], _ codec: CompressionCodec, magic: Int8) throws -> [UInt8] {
        var output = ByteBuffer()
        try input.withUnsafeBytes { try Compressor().compress($0, codec: codec, magic: magic, into: &output) }
        return output.toArray()
    }

    func testEveryCodecRoundTripsThroughOurDecompressor() throws {
        let compressor = Compressor()  // reused, as the cleaner reuses it
        for (name, input) in inputs() {
            for (codec, magics) in [(CompressionCodec.gzip, [0, 1, 2]), (.snappy, [0, 1, 2]), (.lz4, [0, 1, 2]), (.zstd, [2])] {
                for magic in magics.map(Int8.init) {
                    var compressed = ByteBuffer()
                    try input.withUnsafeBytes { try compressor.compress($0, codec: codec, magic: magic, into: &compressed) }
                    var output = ByteBuffer()
                    XCTAssertNoThrow(try Decompression.decompress(compressed.bytes, codec: codec, magic: magic, into: &output), "\(codec.name) magic \(magic), \(name)")
                    XCTAssertEqual(output.toArray(), input, "\(codec.name) magic \(magic), \(name)")
                }
            }
        }
    }

    /// Kafka's frame headers, byte for byte.
    func testFramesStartAsKafkasWritersStartThem() throws {
        let input = Array("hello".utf8)
        XCTAssertEqual(Array(try compress(input, .gzip, magic: 2).prefix(10)), [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF])
        XCTAssertEqual(Array(try compress(input, .snappy, magic: 2).prefix(16)), [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1])
        XCTAssertEqual(Array(try compress(input, .lz4, magic: 1).prefix(7)), [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82])
        XCTAssertEqual(Array(try compress(input, .lz4, magic: 0).prefix(7)), [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x1A], "magic 0: Kafka's old header checksum")
        XCTAssertEqual(Array(try compress(input, .lz4, magic: 2).suffix(4)), [0, 0, 0, 0], "end mark")
        XCTAssertEqual(Array(try compress(input, .zstd, magic: 2).prefix(4)), [0x28, 0xB5, 0x2F, 0xFD])
        XCTAssertThrowsError(try compress(input, .zstd, magic: 1), "zstd needs magic 2")
    }

    /// kafka-python decodes what we encode: gzip, xerial snappy, the lz4 frame (with the old
    /// checksum for magic 0, which its `lz4_decode_old_kafka` checks) and zstd.
    func testKafkaPythonDecodesEveryCodec() throws {
        let python = try PythonEnvironment.interpreter()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-codecs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var cases: [String] = []
        for (index, (_, input)) in inputs().enumerated() {
            try Data(input).write(to: directory.appendingPathComponent("\(index).raw"))
            for (codec, magic) in [(CompressionCodec.gzip, Int8(2)), (.snappy, 2), (.lz4, 2), (.lz4, 1), (.lz4, 0), (.zstd, 2)] {
                let name = "\(index).\(codec.name).\(magic)"
                try Data(try compress(input, codec, magic: magic)).write(to: directory.appendingPathComponent(name))
                cases.append(name)
            }
        }
        let script = """
        import sys, os
        from kafka.codec import gzip_decode, snappy_decode, lz4_decode, lz4_decode_old_kafka, zstd_decode
        d = sys.argv[1]
        decoders = {"gzip": gzip_decode, "snappy": snappy_decode, "zstd": zstd_decode}
        bad = 0
        for name in sys.argv[2:]:
            index, codec, magic = name.split(".")
            data = open(os.path.join(d, name), "rb").read()
            raw = open(os.path.join(d, index + ".raw"), "rb").read()
            decode = (lz4_decode_old_kafka if magic == "0" else lz4_decode) if codec == "lz4" else decoders[codec]
            if decode(data) != raw:
                print("mismatch", name); bad += 1
        print("checked", len(sys.argv) - 2)
        sys.exit(1 if bad else 0)
        """
        let run = try KsegProcess.run(executable: python, ["-c", script, directory.path] + cases)
        let output = run.out + run.err
        XCTAssertEqual(run.status, 0, output)
        XCTAssertTrue(output.contains("checked \(cases.count)"), output)
    }
}
