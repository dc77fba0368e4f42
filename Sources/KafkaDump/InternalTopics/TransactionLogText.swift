/// `--transaction-log-decoder` (dump-and-index §4.12.3): a `__transaction_state` record as
/// `TransactionLog.formatRecordKeyAndValue` prints it (`core/src/main/scala/kafka/coordinator/
/// transaction/TransactionLog.scala`, with `TransactionMetadata.scala` for the states).
///
/// Kafka catches nothing here: every failure, including a value it cannot read, aborts its run.
/// They are thrown as the Java exception Kafka dies with.
enum TransactionLogText {
    /// `TransactionState.fromId`, by id.
    static let states = ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead", "PrepareEpochFence"]

    static func render(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws(JavaException) -> (key: String?, payload: String?) {
        // readTxnRecordKey: `buffer.getShort` on a null key.
        guard let key else { throw .nullPointer }
        var k = KafkaMessageReader(key)
        let keyVersion = try k.readInt16()
        guard TransactionLogSchemas.key.validVersions.contains(keyVersion) else { return ("unknown::version=\(keyVersion)", nil) }
        let keyValue = try TransactionLogSchemas.key.read(&k, version: keyVersion)
        guard case .string(let transactionalId) = keyValue["TransactionalId", of: TransactionLogSchemas.key.root] else {
            throw .nullPointer
        }
        let keyText = "transaction_metadata::transactionalId=\(transactionalId)"
        guard let value else { return (keyText, "<DELETE>") }
        return (keyText, try payload(value))
    }

    /// `readTxnRecordValue`, then the fields the formatter prints.
    static func payload(_ value: UnsafeRawBufferPointer) throws(JavaException) -> String {
        var r = KafkaMessageReader(value)
        let version = try r.readInt16()
        let schema = TransactionLogSchemas.value
        guard schema.validVersions.contains(version) else {
            throw JavaException("java.lang.IllegalStateException", "Unknown version \(version) from the transaction log message value")
        }
        let v = try schema.read(&r, version: version)
        let root = schema.root
        // The TransactionMetadata constructor's arguments, in order: the state, then the version.
        let status = v.int("TransactionStatus", of: root)
        guard status >= 0 && Int(status) < states.count else {
            throw JavaException("java.lang.IllegalStateException", "Unknown transaction state id \(status) from the transaction status message")
        }
        // TransactionVersion.fromFeatureLevel: levels 0 to 2 exist.
        let clientTransactionVersion = v.int("ClientTransactionVersion", of: root)
        guard (0...2).contains(clientTransactionVersion) else {
            throw JavaException("java.lang.IllegalArgumentException", "No feature:transaction.version with feature level \(clientTransactionVersion)")
        }
        var partitions = ScalaTopicPartitionSetOrder()
        if status != 0 {
            // The partitions of an Empty transaction are not read; for the others a null list is
            // a NullPointerException (`value.transactionPartitions.forEach`).
            guard case .array(let entries) = v["TransactionPartitions", of: root],
                  case .structure(let entryStruct) = partitionsKind else { throw .nullPointer }
            for case .structure(let entry) in entries {
                guard case .string(let topic) = entry["Topic", of: entryStruct],
                      case .array(let ids) = entry["PartitionIds", of: entryStruct] else { continue }
                partitions.addAll(topic: topic, partitions: ids.compactMap { if case .int(let p) = $0 { Int32(truncatingIfNeeded: p) } else { nil } })
            }
        }
        let listed = partitions.elements.map { "\($0.topic)-\($0.partition)" }.joined(separator: ",")
        return "producerId:\(v.int("ProducerId", of: root)),producerEpoch:\(v.int("ProducerEpoch", of: root)),"
            + "state=\(states[Int(status)]),partitions=[\(listed)],"
            + "txnLastUpdateTimestamp=\(v.int("TransactionLastUpdateTimestampMs", of: root)),"
            + "txnTimeoutMs=\(v.int("TransactionTimeoutMs", of: root))"
    }

    /// The element struct of TransactionPartitions.
    static let partitionsKind: KafkaMessage.Kind = {
        let field = TransactionLogSchemas.value.root.fields[TransactionLogSchemas.value.root.index(of: "TransactionPartitions")]
        guard case .array(let element) = field.kind else { preconditionFailure("TransactionPartitions is an array") }
        return element
    }()
}
