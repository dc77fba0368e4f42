import KafkaLog
import KafkaRecords

/// `verify-index` over one partition directory: every segment in offset order, carrying the
/// transaction state from one segment to the next (so aborted transactions that began in an earlier
/// segment are checked too).
public struct PartitionIndexVerification: Sendable {
    public let directory: String
    public var findings: [IndexFinding] = []
    public var notes: [IndexNote] = []
    public var segmentCount = 0
    public var bytesRead = 0

    public static func verify(partition directory: String) -> PartitionIndexVerification {
        var result = PartitionIndexVerification(directory: directory)
        let segments: PartitionSegments
        do { segments = try PartitionSegments(directory: directory) } catch {
            result.findings.append(IndexFinding(file: directory, check: .unreadable, expected: "a readable partition directory", found: "\(error)"))
            return result
        }
        var transactions = initialTransactions(segments)
        var scratch = ByteBuffer(capacity: 1 << 16)
        for segment in segments.segments {
            var verifier = SegmentIndexVerifier(segment: segment)
            verifier.verify(transactions: &transactions, scratch: &scratch)
            result.findings += verifier.findings
            result.notes += verifier.notes
            result.bytesRead += verifier.bytesRead
            result.segmentCount += 1
        }
        return result
    }

    /// Open transactions at the first segment: from the producer snapshot Kafka keeps at that base
    /// offset, when there is one (data before it may have been deleted by retention).
    static func initialTransactions(_ segments: PartitionSegments) -> TransactionTracker {
        guard let first = segments.segments.first, segments.snapshotOffsets.contains(first.baseOffset),
              let bytes = try? ReadOnlyFile(path: first.path(LogFileName.snapshotSuffix)).readAll(limit: 256 << 20),
              let snapshot = try? bytes.withUnsafeBytes({ raw throws(ProducerSnapshot.Failure) in try ProducerSnapshot.parse(raw) }) else {
            return TransactionTracker()
        }
        return TransactionTracker(snapshot: snapshot)
    }
}
