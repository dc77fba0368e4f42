/// The codec id in attribute bits 0–2 of a v2 batch or a legacy message.
public enum CompressionCodec: UInt8, CaseIterable, Sendable {
    case none = 0, gzip = 1, snappy = 2, lz4 = 3, zstd = 4

    /// The lower-case name Kafka's dump tool prints (`compresscodec: lz4`) and its config value.
    public var name: StaticString {
        switch self {
        case .none: return "none"
        case .gzip: return "gzip"
        case .snappy: return "snappy"
        case .lz4: return "lz4"
        case .zstd: return "zstd"
        }
    }

    public init?(name: String) {
        guard let codec = CompressionCodec.allCases.first(where: { $0.name.description == name }) else { return nil }
        self = codec
    }
}

/// How a record's timestamp was assigned.
public enum TimestampType: Sendable {
    case noTimestamp, createTime, logAppendTime

    /// The name Kafka prints (`CreateTime: 1700000000000`).
    public var name: StaticString {
        switch self {
        case .noTimestamp: return "NoTimestampType"
        case .createTime: return "CreateTime"
        case .logAppendTime: return "LogAppendTime"
        }
    }
}

/// Constants of the batch formats (Kafka's `Records`, `DefaultRecordBatch`, `LegacyRecord`).
public enum RecordFormat {
    /// baseOffset + length.
    public static let logOverhead = 12
    /// Bytes needed to read the magic byte of any format.
    public static let headerSizeUpToMagic = 17
    /// v2 header size, also the minimum v2 batch.
    public static let recordBatchOverhead = 61
    /// The smallest legal `size` field of any format (the v0 message overhead).
    public static let minRecordOverhead = 14
    public static let legacyHeaderSizeV0 = 6
    public static let legacyHeaderSizeV1 = 14

    public static let noTimestamp: Int64 = -1
    public static let noProducerId: Int64 = -1
    public static let noProducerEpoch: Int16 = -1
    public static let noSequence: Int32 = -1
    public static let noPartitionLeaderEpoch: Int32 = -1

    /// Kafka's `DefaultRecordBatch.incrementSequence`: `base + delta` on the 31-bit sequence circle
    /// (wrapping from Int32.max to 0). Its Java `int` arithmetic wraps silently, and corrupt headers
    /// (a negative delta, a negative base) make it do so; the wrapping operators give the values
    /// Kafka's tool prints for them instead of a trap.
    @inlinable
    public static func incrementSequence(_ base: Int32, by delta: Int32) -> Int32 {
        if base > Int32.max &- delta { return delta &- (Int32.max &- base) &- 1 }
        return base &+ delta
    }

    /// Kafka's `DefaultRecordBatch.decrementSequence`, `last - delta` on the same circle (the
    /// `firstSequence` of producer snapshots), with Java's wrapping arithmetic.
    @inlinable
    public static func decrementSequence(_ last: Int32, by delta: Int32) -> Int32 {
        if last < delta { return Int32.max &- (delta &- last) &+ 1 }
        return last &- delta
    }
}
