import CLZ4

/// lz4 (codec 3): the LZ4 frame format as Kafka's `Lz4BlockInputStream` reads it (on-disk-format §5.4).
///
/// Parsed by hand rather than with liblz4's frame decoder because Kafka's rules differ from the
/// standard's: magic-0 wrappers carry a header checksum computed over the wrong bytes (and Kafka skips
/// the check for them), dependent blocks are refused, and content checksums are not verified.
enum KafkaLZ4Frame {
    static let magic: UInt32 = 0x184D_2204

    static func decompress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer, limit: Int, checkHeaderChecksum: Bool) throws {
        func fail(_ reason: String) -> RecordsError { .decompression(codec: "lz4", reason: reason) }
        guard let base = input.baseAddress, input.count >= 7 else { throw fail("truncated frame header") }
        guard base.uint32LE(at: 0) == magic else { throw fail("bad frame magic") }
        let flg = base.uint8(at: 4)
        let bd = base.uint8(at: 5)
        guard flg >> 6 == 1 else { throw fail("unsupported frame version \(flg >> 6)") }
        guard flg & 0x03 == 0 else { throw fail("reserved or dictionary-id bits set in FLG") }
        guard flg & 0x20 != 0 else { throw fail("Dependent block stream is unsupported") }
        let hasBlockChecksum = flg & 0x10 != 0
        let hasContentSize = flg & 0x08 != 0
        let hasContentChecksum = flg & 0x04 != 0
        guard bd & 0x8F == 0 else { throw fail("reserved bits set in BD") }
        let sizeCode = Int((bd >> 4) & 0x07)
        guard sizeCode >= 4 else { throw fail("invalid block size code \(sizeCode)") }
        let maxBlockSize = 1 << (2 * sizeCode + 8)
        var position = 6
        if hasContentSize {
            guard input.count >= position + 8 + 1 else { throw fail("truncated frame header") }
            position += 8
        }
        let headerChecksum = base.uint8(at: position)
        if checkHeaderChecksum {
            let expected = UInt8(truncatingIfNeeded: XXHash32.hash(UnsafeRawBufferPointer(start: base + 4, count: position - 4), seed: 0) >> 8)
            guard expected == headerChecksum else { throw fail("Stream frame descriptor corrupted") }
        }
        position += 1

        while true {
            guard input.count - position >= 4 else { throw fail("truncated block header at byte \(position)") }
            let word = base.uint32LE(at: position)
            position += 4
            if word == 0 { break } // end mark; the optional content checksum and anything after are ignored
            let stored = word & 0x8000_0000 != 0
            let length = Int(word & 0x7FFF_FFFF)
            guard length <= maxBlockSize else { throw fail("block of \(length) bytes exceeds the maximum \(maxBlockSize)") }
            guard length <= input.count - position else { throw fail("truncated block at byte \(position - 4)") }
            let block = UnsafeRawBufferPointer(start: base + position, count: length)
            if hasBlockChecksum {
                guard input.count - position - length >= 4 else { throw fail("truncated block checksum") }
                let checksum = base.uint32LE(at: position + length)
                guard checksum == XXHash32.hash(block, seed: 0) else { throw fail("block checksum mismatch at byte \(position - 4)") }
            }
            if stored {
                guard length <= limit - output.count else { throw RecordsError.decompressedTooLarge(codec: "lz4", limit: limit) }
                output.append(block)
            } else {
                let room = min(maxBlockSize, limit - output.count)
                let destination = output.reserve(max(room, 1))
                let produced = LZ4_decompress_safe(block.baseAddress!.assumingMemoryBound(to: CChar.self),
                                                   destination.assumingMemoryBound(to: CChar.self),
                                                   Int32(length), Int32(room))
                if produced < 0 {
                    if room < maxBlockSize { throw RecordsError.decompressedTooLarge(codec: "lz4", limit: limit) }
                    throw fail("corrupt block at byte \(position - 4)")
                }
                output.count += Int(produced)
            }
            position += length + (hasBlockChecksum ? 4 : 0)
        }
        _ = hasContentChecksum
    }
}

/// XXH32, needed for LZ4 frame header and block checksums (liblz4 does not export it).
enum XXHash32 {
    private static let p1: UInt32 = 2_654_435_761
    private static let p2: UInt32 = 2_246_822_519
    private static let p3: UInt32 = 3_266_489_917
    private static let p4: UInt32 = 668_265_263
    private static let p5: UInt32 = 374_761_393

    @inline(__always) private static func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { (x << r) | (x >> (32 - r)) }
    @inline(__always) private static func round(_ acc: UInt32, _ lane: UInt32) -> UInt32 {
        rotl(acc &+ lane &* p2, 13) &* p1
    }

    static func hash(_ data: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 {
        let n = data.count
        let p = data.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        var i = 0
        var h: UInt32
        if n >= 16 {
            var v1 = seed &+ p1 &+ p2, v2 = seed &+ p2, v3 = seed, v4 = seed &- p1
            while i + 16 <= n {
                v1 = round(v1, p.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian)
                v2 = round(v2, p.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian)
                v3 = round(v3, p.loadUnaligned(fromByteOffset: i + 8, as: UInt32.self).littleEndian)
                v4 = round(v4, p.loadUnaligned(fromByteOffset: i + 12, as: UInt32.self).littleEndian)
                i += 16
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
        } else {
            h = seed &+ p5
        }
        h = h &+ UInt32(truncatingIfNeeded: n)
        while i + 4 <= n {
            h = rotl(h &+ p.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian &* p3, 17) &* p4
            i += 4
        }
        while i < n {
            h = rotl(h &+ UInt32(p.load(fromByteOffset: i, as: UInt8.self)) &* p5, 11) &* p1
            i += 1
        }
        h ^= h >> 15; h = h &* p2; h ^= h >> 13; h = h &* p3; h ^= h >> 16
        return h
    }
}

extension KafkaLZ4Frame {
    /// Kafka's `Lz4BlockOutputStream` defaults: FLG 0x60 (version 1, independent blocks, no checksums,
    /// no content size) and BD 0x40 (64 KiB blocks).
    static let writerFLG: UInt8 = 0x60
    static let writerBD: UInt8 = 0x40
    static let writerBlockSize = 64 * 1024

    /// A frame as Kafka writes it: header, one LZ4 block per 64 KiB of input (stored raw, with bit 31
    /// set, when compression does not shrink it), end mark. For magic 0 the header checksum is computed
    /// over the magic and descriptor, reproducing the old Kafka bug that magic-0 readers expect.
    static func compress(_ input: UnsafeRawBufferPointer, brokenHeaderChecksum: Bool, into output: inout ByteBuffer) throws {
        var header: [UInt8] = [0x04, 0x22, 0x4D, 0x18, writerFLG, writerBD]
        let checksum = header.withUnsafeBytes { bytes in
            XXHash32.hash(brokenHeaderChecksum ? bytes : UnsafeRawBufferPointer(rebasing: bytes[4...]), seed: 0)
        }
        header.append(UInt8(truncatingIfNeeded: checksum >> 8))
        output.append(header)
        var position = 0
        while position < input.count {
            let length = min(writerBlockSize, input.count - position)
            let source = input.baseAddress! + position
            let sizeField = output.count
            output.appendInt32BE(0)
            let bound = Int(LZ4_compressBound(Int32(length)))
            let destination = output.reserve(bound)
            let produced = Int(LZ4_compress_default(source.assumingMemoryBound(to: CChar.self), destination.assumingMemoryBound(to: CChar.self),
                                                    Int32(length), Int32(bound)))
            let word: UInt32
            if produced <= 0 || produced >= length {
                output.append(UnsafeRawBufferPointer(start: source, count: length))
                word = UInt32(length) | 0x8000_0000
            } else {
                output.count += produced
                word = UInt32(produced)
            }
            output.setUInt32BE(word.byteSwapped, at: sizeField) // little-endian on disk
            position += length
        }
        output.appendInt32BE(0)
    }
}
