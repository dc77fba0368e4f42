import KafkaRecords

/// One producer's entry in a `.snapshot` file (46 bytes).
public struct ProducerSnapshotEntry: Equatable, Sendable {
    public var producerId: Int64
    public var epoch: Int16
    public var lastSequence: Int32
    public var lastOffset: Int64
    public var offsetDelta: Int32
    public var timestamp: Int64
    public var coordinatorEpoch: Int32
    public var currentTxnFirstOffset: Int64

    public init(producerId: Int64, epoch: Int16, lastSequence: Int32, lastOffset: Int64, offsetDelta: Int32,
                timestamp: Int64, coordinatorEpoch: Int32, currentTxnFirstOffset: Int64) {
        self.producerId = producerId
        self.epoch = epoch
        self.lastSequence = lastSequence
        self.lastOffset = lastOffset
        self.offsetDelta = offsetDelta
        self.timestamp = timestamp
        self.coordinatorEpoch = coordinatorEpoch
        self.currentTxnFirstOffset = currentTxnFirstOffset
    }

    public static let size = 46
}

/// A producer-state snapshot (`<offset>.snapshot`, on-disk-format §8).
public struct ProducerSnapshot: Equatable, Sendable {
    public var entries: [ProducerSnapshotEntry]

    public init(entries: [ProducerSnapshotEntry]) { self.entries = entries }

    /// Why a snapshot cannot be used, in the words Kafka's reader uses (checked in Kafka's order).
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownVersion(Int16)
        case truncated
        case negativeCount
        case countExceedsBytes(count: Int32, remaining: Int)
        case crcMismatch(stored: UInt32, computed: UInt32)

        public var description: String {
            switch self {
            case .unknownVersion(let v): return "Snapshot failed schema validation: Snapshot contained an unknown file version \(v)"
            case .truncated: return "Snapshot failed schema validation: null"
            case .negativeCount: return "Snapshot failed schema validation: non-nullable field producerEntries was serialized as null"
            case let .countExceedsBytes(count, remaining):
                return "Snapshot failed schema validation: Tried to allocate a collection of size \(count), but there are only \(remaining) bytes remaining."
            case let .crcMismatch(stored, computed):
                return "Snapshot is corrupt (CRC is no longer valid). Stored crc: \(stored). Computed crc: \(computed)"
            }
        }
    }

    /// Parses and verifies a snapshot file's bytes.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> ProducerSnapshot {
        guard bytes.count >= 2, let p = bytes.baseAddress else { throw .truncated }
        let version = p.int16BE(at: 0)
        guard version == 1 else { throw .unknownVersion(version) }
        guard bytes.count >= 10 else { throw .truncated }
        let storedCRC = p.uint32BE(at: 2)
        let count = p.int32BE(at: 6)
        if count < 0 { throw .negativeCount }
        let remaining = bytes.count - 10
        if Int(count) > remaining { throw .countExceedsBytes(count: count, remaining: remaining) }
        guard Int(count) * ProducerSnapshotEntry.size <= remaining else { throw .truncated }
        let computed = CRC.crc32c(UnsafeRawBufferPointer(rebasing: bytes[6...]))
        guard computed == storedCRC else { throw .crcMismatch(stored: storedCRC, computed: computed) }
        var entries: [ProducerSnapshotEntry] = []
        entries.reserveCapacity(Int(count))
        for i in 0..<Int(count) {
            let at = 10 + i * ProducerSnapshotEntry.size
            entries.append(ProducerSnapshotEntry(
                producerId: p.int64BE(at: at), epoch: p.int16BE(at: at + 8), lastSequence: p.int32BE(at: at + 10),
                lastOffset: p.int64BE(at: at + 14), offsetDelta: p.int32BE(at: at + 22), timestamp: p.int64BE(at: at + 26),
                coordinatorEpoch: p.int32BE(at: at + 34), currentTxnFirstOffset: p.int64BE(at: at + 38)))
        }
        return ProducerSnapshot(entries: entries)
    }

    /// The file bytes Kafka writes for these entries (in the given order).
    public func serialized() -> [UInt8] {
        var buffer = ByteBuffer(capacity: 10 + entries.count * ProducerSnapshotEntry.size)
        buffer.appendInt16BE(1)
        buffer.appendUInt32BE(0)
        buffer.appendInt32BE(Int32(entries.count))
        for e in entries {
            buffer.appendInt64BE(e.producerId)
            buffer.appendInt16BE(e.epoch)
            buffer.appendInt32BE(e.lastSequence)
            buffer.appendInt64BE(e.lastOffset)
            buffer.appendInt32BE(e.offsetDelta)
            buffer.appendInt64BE(e.timestamp)
            buffer.appendInt32BE(e.coordinatorEpoch)
            buffer.appendInt64BE(e.currentTxnFirstOffset)
        }
        let crc = CRC.crc32c(UnsafeRawBufferPointer(rebasing: buffer.bytes[6...]))
        buffer.setUInt32BE(crc, at: 2)
        return buffer.toArray()
    }
}
