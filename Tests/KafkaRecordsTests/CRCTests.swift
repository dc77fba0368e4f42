import XCTest
@testable import KafkaRecords

final class CRCTests: XCTestCase {
    private func crc32c(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { CRC.crc32c($0) } }
    private func crc32(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { CRC.crc32($0) } }

    func testCheckValues() {
        XCTAssertEqual(crc32c(Array("123456789".utf8)), 0xE306_9283)
        XCTAssertEqual(crc32c([0, 0, 0, 0]), 0x4867_4BC7)
        XCTAssertEqual(crc32(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(crc32c([]), 0)
    }

    func testContinuationEqualsWhole() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = crc32c(data)
        let split = data.withUnsafeBytes { all -> UInt32 in
            let first = CRC.crc32c(UnsafeRawBufferPointer(rebasing: all[0..<3333]))
            return CRC.crc32c(continuing: first, UnsafeRawBufferPointer(rebasing: all[3333...]))
        }
        XCTAssertEqual(whole, split)
    }
}
