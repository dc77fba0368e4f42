import CSnappy

/// snappy (codec 2) in the xerial snappy-java stream framing that Kafka uses: a 16-byte header, then
/// blocks of `int32 length | raw snappy block`. Raw (unframed) snappy is accepted too, as Kafka does.
enum XerialSnappy {
    static let magic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    static let headerSize = 16

    static func decompress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer, limit: Int) throws {
        guard let base = input.baseAddress, input.count > 0 else {
            throw RecordsError.decompression(codec: "snappy", reason: "empty input")
        }
        let framed = input.count >= headerSize && (0..<8).allSatisfy { base.uint8(at: $0) == magic[$0] }
        guard framed else {
            try appendRawBlock(input, into: &output, limit: limit)
            return
        }
        var position = headerSize
        // Blocks continue until fewer than 4 bytes remain (1–3 trailing bytes are ignored).
        while input.count - position >= 4 {
            let blockLength = base.int32BE(at: position)
            position += 4
            if UInt32(bitPattern: blockLength) == 0x8253_4E41 {
                // A second framed stream concatenated to the first: skip the rest of its header.
                guard input.count - position >= 12 else {
                    throw RecordsError.decompression(codec: "snappy", reason: "truncated stream header at byte \(position - 4)")
                }
                let version = base.int32BE(at: position + 4)
                if version < 1 { throw RecordsError.decompression(codec: "snappy", reason: "unsupported stream version \(version)") }
                position += 12
                continue
            }
            if blockLength < 0 {
                throw RecordsError.decompression(codec: "snappy", reason: "negative block length \(blockLength) at byte \(position - 4)")
            }
            let length = Int(blockLength)
            guard length <= input.count - position else {
                throw RecordsError.decompression(codec: "snappy", reason: "block of \(length) bytes at byte \(position - 4) exceeds the \(input.count - position) remaining")
            }
            try appendRawBlock(UnsafeRawBufferPointer(start: base + position, count: length), into: &output, limit: limit)
            position += length
        }
    }

    private static func appendRawBlock(_ block: UnsafeRawBufferPointer, into output: inout ByteBuffer, limit: Int) throws {
        guard let base = block.baseAddress, block.count > 0 else {
            throw RecordsError.decompression(codec: "snappy", reason: "empty block")
        }
        let compressed = base.assumingMemoryBound(to: CChar.self)
        var length = 0
        guard snappy_uncompressed_length(compressed, block.count, &length) == SNAPPY_OK else {
            throw RecordsError.decompression(codec: "snappy", reason: "corrupt block header")
        }
        // The length is read from untrusted bytes: check it against the bound before allocating.
        guard length <= limit - output.count else {
            throw RecordsError.decompressedTooLarge(codec: "snappy", limit: limit)
        }
        let destination = output.reserve(length)
        var produced = length
        guard snappy_uncompress(compressed, block.count, destination.assumingMemoryBound(to: CChar.self), &produced) == SNAPPY_OK,
              produced == length else {
            throw RecordsError.decompression(codec: "snappy", reason: "corrupt block")
        }
        output.count += produced
    }
}

extension XerialSnappy {
    /// snappy-java's `SnappyOutputStream` block size: every 32 KiB of input becomes one raw block.
    static let blockSize = 32 * 1024

    /// The xerial stream header (magic, version 1, compatible version 1), then `int32 length | block`
    /// for each 32 KiB of input, as Kafka's writer produces.
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer) throws {
        output.append(magic)
        output.appendInt32BE(1)
        output.appendInt32BE(1)
        var position = 0
        while position < input.count {
            let length = min(blockSize, input.count - position)
            let bound = snappy_max_compressed_length(length)
            let lengthField = output.count
            output.appendInt32BE(0)
            let destination = output.reserve(bound)
            var produced = bound
            guard snappy_compress(input.baseAddress!.advanced(by: position).assumingMemoryBound(to: CChar.self), length,
                                  destination.assumingMemoryBound(to: CChar.self), &produced) == SNAPPY_OK else {
                throw RecordsError.compression(codec: "snappy", reason: "snappy_compress failed")
            }
            output.count += produced
            output.setInt32BE(Int32(produced), at: lengthField)
            position += length
        }
    }
}
