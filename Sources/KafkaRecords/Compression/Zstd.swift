import CZstd

/// zstd (codec 4, magic 2 only) through libzstd's streaming decoder, which accepts what zstd-jni
/// accepts: several concatenated frames, skippable frames, with or without checksums.
enum Zstd {
    static func decompress(_ input: UnsafeRawBufferPointer, into output: inout ByteBuffer, limit: Int) throws {
        guard let stream = ZSTD_createDStream() else { throw RecordsError.decompression(codec: "zstd", reason: "out of memory") }
        defer { ZSTD_freeDStream(stream) }
        guard let base = input.baseAddress, input.count > 0 else { throw RecordsError.decompression(codec: "zstd", reason: "empty input") }
        var inBuffer = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        _ = output.reserve(min(max(input.count * 4, 1 << 16), limit + 1))
        var lastResult = 0
        while true {
            if output.count > limit { throw RecordsError.decompressedTooLarge(codec: "zstd", limit: limit) }
            if output.capacity - output.count < 4096 { _ = output.reserve(min(output.capacity, limit + 1 - output.count + 1)) }
            var outBuffer = ZSTD_outBuffer(dst: output.pointer + output.count, size: output.capacity - output.count, pos: 0)
            let result = ZSTD_decompressStream(stream, &outBuffer, &inBuffer)
            output.count += outBuffer.pos
            if ZSTD_isError(result) != 0 {
                throw RecordsError.decompression(codec: "zstd", reason: String(cString: ZSTD_getErrorName(result)))
            }
            lastResult = result
            // A frame that ends exactly where the output buffer ends: stop here, or the next call
            // (with no input left) answers with the size of a next frame's header, not 0.
            if result == 0 && inBuffer.pos == inBuffer.size { break }
            if inBuffer.pos == inBuffer.size && outBuffer.pos < outBuffer.size { break }
        }
        if output.count > limit { throw RecordsError.decompressedTooLarge(codec: "zstd", limit: limit) }
        // A non-zero hint after all input was consumed means the last frame is incomplete.
        if lastResult != 0 { throw RecordsError.decompression(codec: "zstd", reason: "truncated frame") }
    }
}

extension Zstd {
    /// zstd-jni's streaming defaults as Kafka uses them: level 3, no content size, no checksum.
    static func configure(_ context: OpaquePointer) {
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, 3)
        ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 0)
    }

    static func compress(_ input: UnsafeRawBufferPointer, context: OpaquePointer, into output: inout ByteBuffer) throws {
        let bound = ZSTD_compressBound(input.count)
        let destination = output.reserve(bound)
        let produced = ZSTD_compress2(context, destination, bound, input.baseAddress ?? UnsafeRawPointer(destination), input.count)
        if ZSTD_isError(produced) != 0 {
            throw RecordsError.compression(codec: "zstd", reason: String(cString: ZSTD_getErrorName(produced)))
        }
        output.count += produced
    }
}
