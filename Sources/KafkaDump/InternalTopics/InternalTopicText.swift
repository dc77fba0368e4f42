import KafkaRecords

/// The data part of a record line under `--offsets-decoder` or `--transaction-log-decoder`
/// (dump-and-index §4.12): Kafka's `OffsetsMessageParser` and `TransactionLogMessageParser`.
enum InternalTopicText {
    /// The key text and payload text for one record; nil parts are not printed. Throws
    /// `InternalTopicDecodeFailure` where Kafka's tool aborts the run.
    static func render(record: borrowing Record, decoder: TopicDecoder) throws -> (key: String?, payload: String?) {
        do throws(JavaException) {
            switch decoder {
            case .consumerOffsets: return try ConsumerOffsetsText.render(offset: record.offset, key: record.key, value: record.value)
            case .transactionLog: return try TransactionLogText.render(key: record.key, value: record.value)
            }
        } catch {
            throw InternalTopicDecodeFailure(offset: record.offset, decoder: decoder, exception: error)
        }
    }
}

/// A record Kafka's tool cannot print with the chosen decoder: it dies with `exception` after the
/// record's metadata; kseg reports it and goes on with the next batch.
struct InternalTopicDecodeFailure: Error, CustomStringConvertible {
    let offset: Int64
    let decoder: TopicDecoder
    let exception: JavaException

    var description: String {
        let option = decoder == .consumerOffsets ? "--offsets-decoder" : "--transaction-log-decoder"
        return "\(option) cannot decode the record at offset \(offset) (Kafka's tool aborts here): \(exception)"
    }
}
