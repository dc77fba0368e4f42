import CZlib

/// gzip (codec 1) through zlib: Kafka writes a single member with OS byte 0xFF; readers accept any
/// valid gzip, several concatenated members, and ignore trailing bytes that are not a member header.
enum Gzip {
    static func decompress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer, limit: Int) throws {
        var stream = z_stream()
        // 16 + 15: gzip wrapper only, 32 KiB window.
        guard inflateInit2_(&stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw RecordsError.decompression(codec: "gzip", reason: "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        guard let inputBase = input.baseAddress, input.count > 0 else {
            throw RecordsError.decompression(codec: "gzip", reason: "empty input")
        }
        var consumed = 0
        _ = output.reserve(min(max(input.count * 4, 1 << 16), limit + 1))
        while true {
            stream.next_in = UnsafeMutablePointer(mutating: (inputBase + consumed).assumingMemoryBound(to: Bytef.self))
            let availableIn = min(input.count - consumed, Int(UInt32.max))
            stream.avail_in = UInt32(availableIn)
            var status: Int32 = Z_OK
            repeat {
                if output.count >= limit + 1 { throw RecordsError.decompressedTooLarge(codec: "gzip", limit: limit) }
                if output.capacity - output.count < 4096 { _ = output.reserve(min(output.capacity, limit + 1 - output.count)) }
                let free = output.capacity - output.count
                stream.next_out = (output.pointer + output.count).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(min(free, Int(UInt32.max)))
                status = inflate(&stream, Z_NO_FLUSH)
                output.count = free - Int(stream.avail_out) + output.count
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    throw RecordsError.decompression(codec: "gzip", reason: "truncated stream (unexpected end of input)")
                }
                if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw RecordsError.decompression(codec: "gzip", reason: message)
                }
            } while status != Z_STREAM_END
            if output.count > limit { throw RecordsError.decompressedTooLarge(codec: "gzip", limit: limit) }
            consumed = input.count - Int(stream.avail_in)
            // Another member follows only if the next bytes are a gzip header; anything else is ignored.
            let rest = input.count - consumed
            if rest >= 10 && inputBase.uint8(at: consumed) == 0x1F && inputBase.uint8(at: consumed + 1) == 0x8B {
                inflateReset(&stream)
                continue
            }
            return
        }
    }
}

extension Gzip {
    /// Kafka's writer (`GZIPOutputStream` over a default `Deflater`): zlib level 6, a 32 KiB window,
    /// memLevel 8, and the fixed header `1F 8B 08 00 00000000 00 FF` (no name, MTIME 0, OS unknown).
    static func initDeflate(_ stream: UnsafeMutablePointer<z_stream>) -> Bool {
        deflateInit2_(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY,
                      ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    /// One gzip member holding `input`, appended to `output`. `stream` is freshly initialised or reset.
    static func compress(_ input: UnsafeRawBufferPointer, stream: UnsafeMutablePointer<z_stream>, into output: inout ByteBuffer) throws {
        // deflateSetHeader keeps a pointer to the header until the header is written: keep it alive
        // for the whole call.
        var header = gz_header()
        header.os = 255
        try withUnsafeMutablePointer(to: &header) { headerPointer in
            guard deflateSetHeader(stream, headerPointer) == Z_OK else {
                throw RecordsError.compression(codec: "gzip", reason: "deflateSetHeader failed")
            }
            let bound = Int(deflateBound(stream, UInt(input.count)))
            let destination = output.reserve(bound)
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(input.count)
            stream.pointee.next_out = destination.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(bound)
            let status = deflate(stream, Z_FINISH)
            guard status == Z_STREAM_END else {
                throw RecordsError.compression(codec: "gzip", reason: "deflate failed (\(status))")
            }
            output.count += bound - Int(stream.pointee.avail_out)
        }
    }
}
