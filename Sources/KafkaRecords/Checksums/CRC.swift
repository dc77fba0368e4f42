import CISAL
import CZlib

/// The two checksums Kafka's formats use.
///
/// CRC-32C (Castagnoli) covers v2 batches and producer snapshots; CRC-32 (IEEE, zlib's) covers
/// legacy v0/v1 messages. Both run through hardware-accelerated C code (ISA-L's `crc32_iscsi`
/// uses SSE4.2/PCLMUL folding; zlib's `crc32` uses slice-by-N or PCLMUL), never a Swift table loop.
public enum CRC {
    /// CRC-32C of `bytes`, as Kafka stores it (reflected, init and final XOR 0xFFFFFFFF).
    @inlinable
    public static func crc32c(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        crc32c(continuing: 0, bytes)
    }

    /// Continues a CRC-32C over another piece; `crc32c(continuing: 0, x)` equals `crc32c(x)`.
    public static func crc32c(continuing previous: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return previous }
        // ISA-L's iSCSI CRC takes and returns the raw register: invert on the way in and out.
        var crc = ~previous
        var pointer = base.assumingMemoryBound(to: UInt8.self)
        var remaining = bytes.count
        // crc32_iscsi takes an Int32 length; feed huge inputs in pieces.
        while remaining > 0 {
            let piece = min(remaining, 1 << 30)
            crc = crc32_iscsi(UnsafeMutablePointer(mutating: pointer), Int32(piece), crc)
            pointer += piece
            remaining -= piece
        }
        return ~crc
    }

    /// CRC-32 (IEEE 802.3, as zlib and Kafka's legacy messages compute it).
    public static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        var crc: UInt = 0
        var pointer = base.assumingMemoryBound(to: UInt8.self)
        var remaining = bytes.count
        while remaining > 0 {
            let piece = min(remaining, 1 << 30)
            crc = CZlib.crc32(crc, pointer, UInt32(piece))
            pointer += piece
            remaining -= piece
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
