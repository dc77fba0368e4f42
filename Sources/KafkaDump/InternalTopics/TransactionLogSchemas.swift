/// The record schemas of `__transaction_state` (on-disk-format §9.8), field for field as
/// `transaction-coordinator/src/main/resources/common/message/TransactionLog{Key,Value}.json`
/// declare them in Kafka trunk at 1eb7644 (October 2024).
enum TransactionLogSchemas {
    typealias F = KafkaMessage.FieldSpec

    static let key = KafkaMessage.Schema("TransactionLogKey", validVersions: "0", flexibleVersions: "none", [
        F("TransactionalId", .string, versions: "0"),
    ])

    static let value = KafkaMessage.Schema("TransactionLogValue", validVersions: "0-1", flexibleVersions: "1+", [
        F("ProducerId", .int64, versions: "0+"),
        F("PreviousProducerId", .int64, taggedVersions: "1+", tag: 0, default: "-1"),
        F("NextProducerId", .int64, taggedVersions: "1+", tag: 1, default: "-1"),
        F("ProducerEpoch", .int16, versions: "0+"),
        F("TransactionTimeoutMs", .int32, versions: "0+"),
        F("TransactionStatus", .int8, versions: "0+"),
        F("TransactionPartitions", .array(.inline("PartitionsSchema", [
            F("Topic", .string, versions: "0+"),
            F("PartitionIds", .array(.int32), versions: "0+"),
        ])), versions: "0+", nullableVersions: "0+"),
        F("TransactionLastUpdateTimestampMs", .int64, versions: "0+"),
        F("TransactionStartTimestampMs", .int64, versions: "0+"),
        F("ClientTransactionVersion", .int16, taggedVersions: "1+", tag: 2, default: "0"),
    ])
}
