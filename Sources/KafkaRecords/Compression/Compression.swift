import CZlib
import CZstd

/// Compresses a records section (v2) or the inner message set of a legacy wrapper (v0/v1) in the
/// framing Kafka's writers use for each codec (on-disk-format §5): what the log cleaner needs when it
/// rebuilds a batch, which keeps the batch's codec (maintenance §2.8).
///
/// One `Compressor` per thread: it keeps the zlib and zstd contexts between batches, because creating
/// them costs more than compressing a typical batch.
public final class Compressor {
    private var deflateStream: UnsafeMutablePointer<z_stream>?
    private var zstdContext: OpaquePointer?

    public init() {}

    deinit {
        if let deflateStream {
            deflateEnd(deflateStream)
            deflateStream.deallocate()
        }
        if let zstdContext { ZSTD_freeCCtx(zstdContext) }
    }

    /// Appends the compressed form of `input` to `output`. `magic` matters for lz4 only (magic 0
    /// wrappers carry Kafka's old, wrong frame header checksum); zstd is refused below magic 2, as
    /// Kafka's builder refuses it.
    public func compress(_ input: UnsafeRawBufferPointer, codec: CompressionCodec, magic: Int8, into output: inout ByteBuffer) throws {
        switch codec {
        case .none: output.append(input)
        case .gzip: try Gzip.compress(input, stream: gzipStream(), into: &output)
        case .snappy: try XerialSnappy.compress(input, into: &output)
        case .lz4: try KafkaLZ4Frame.compress(input, brokenHeaderChecksum: magic == 0, into: &output)
        case .zstd:
            guard magic >= 2 else {
                throw RecordsError.invalid("ZStandard compression is not supported for magic \(magic)", at: 0)
            }
            try Zstd.compress(input, context: zstdCCtx(), into: &output)
        }
    }

    private func gzipStream() throws -> UnsafeMutablePointer<z_stream> {
        if let deflateStream {
            deflateReset(deflateStream)
            return deflateStream
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard Gzip.initDeflate(stream) else {
            stream.deallocate()
            throw RecordsError.compression(codec: "gzip", reason: "deflateInit2 failed")
        }
        deflateStream = stream
        return stream
    }

    private func zstdCCtx() throws -> OpaquePointer {
        if let zstdContext {
            ZSTD_CCtx_reset(zstdContext, ZSTD_reset_session_only)
            return zstdContext
        }
        guard let context = ZSTD_createCCtx() else { throw RecordsError.compression(codec: "zstd", reason: "out of memory") }
        Zstd.configure(context)
        zstdContext = context
        return context
    }
}
