/// Why bytes could not be read as Kafka records. Positions are byte offsets relative to the buffer
/// the parser was given (a batch, a decompressed records section, an index file); callers that know the
/// file add the file name and the batch's position in it.
public enum RecordsError: Error, Equatable, CustomStringConvertible {
    /// Fewer bytes than a field needs.
    case truncated(what: String, at: Int, needed: Int, available: Int)
    /// A field holds a value Kafka's reader rejects.
    case invalid(String, at: Int)
    /// A compressed section failed to decompress.
    case decompression(codec: String, reason: String)
    /// Compressing a rebuilt records section failed (a codec library error).
    case compression(codec: String, reason: String)
    /// Decompressed output would exceed the configured bound (a "zip bomb" or an absurd batch).
    case decompressedTooLarge(codec: String, limit: Int)

    public var description: String {
        switch self {
        case let .truncated(what, at, needed, available):
            return "truncated \(what) at byte \(at): needs \(needed) bytes, \(available) available"
        case let .invalid(reason, at):
            return "\(reason) (at byte \(at))"
        case let .decompression(codec, reason):
            return "\(codec) decompression failed: \(reason)"
        case let .compression(codec, reason):
            return "\(codec) compression failed: \(reason)"
        case let .decompressedTooLarge(codec, limit):
            return "\(codec) records section decompresses to more than \(limit) bytes"
        }
    }
}
