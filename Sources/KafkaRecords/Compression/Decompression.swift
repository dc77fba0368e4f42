/// Bounds on decompression, so that a hostile or corrupt batch cannot make us allocate without limit.
public struct DecompressionLimits: Sendable {
    /// Largest decompressed records section accepted.
    public var maxOutputBytes: Int

    public init(maxOutputBytes: Int) { self.maxOutputBytes = maxOutputBytes }

    /// 256 MiB: far above any batch Kafka's default `max.message.bytes` (1 MiB) lets a producer
    /// write, even at extreme compression ratios, and still a bounded allocation.
    public static let `default` = DecompressionLimits(maxOutputBytes: 256 << 20)
}

/// Decompresses a records section (v2) or a wrapper value (v0/v1) in the framing Kafka uses for each
/// codec (on-disk-format §5), accepting everything Kafka's readers accept.
public enum Decompression {
    /// Replaces the contents of `output` with the decompressed bytes of `input`.
    /// `magic` matters for lz4 only: magic 0 wrappers carry the old, wrong frame header checksum.
    public static func decompress(
        _ input: UnsafeRawBufferPointer, codec: CompressionCodec, magic: Int8,
        into output: inout ByteBuffer, limits: DecompressionLimits = .default
    ) throws {
        output.removeAll()
        switch codec {
        case .none:
            if input.count > limits.maxOutputBytes { throw RecordsError.decompressedTooLarge(codec: codec.name.description, limit: limits.maxOutputBytes) }
            output.append(input)
        case .gzip: try Gzip.decompress(input, into: &output, limit: limits.maxOutputBytes)
        case .snappy: try XerialSnappy.decompress(input, into: &output, limit: limits.maxOutputBytes)
        case .lz4: try KafkaLZ4Frame.decompress(input, into: &output, limit: limits.maxOutputBytes, checkHeaderChecksum: magic >= 1)
        case .zstd: try Zstd.decompress(input, into: &output, limit: limits.maxOutputBytes)
        }
    }
}
