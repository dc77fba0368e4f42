import KafkaRecords

/// Kafka's `--offsets-decoder` and `--transaction-log-decoder` parsers (dump-and-index §4.12).
enum InternalTopicText {
    /// The key text and payload text for one record; nil parts are not printed.
    static func render(record: borrowing Record, decoder: TopicDecoder) throws -> (key: String?, payload: String?) {
        switch decoder {
        case .consumerOffsets: return try ConsumerOffsetsText.render(offset: record.offset, key: record.key, value: record.value)
        case .transactionLog: return try TransactionLogText.render(offset: record.offset, key: record.key, value: record.value)
        }
    }
}

/// `--transaction-log-decoder` (dump-and-index §4.12.3): `TransactionLog.formatRecordKeyAndValue`.
/// Kafka catches nothing here, so every failure aborts the run (thrown as the run's corruption error,
/// with the Java exception's `toString()` as the message).
enum TransactionLogText {
    static let states = ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead", "PrepareEpochFence"]

    static let keySchema = KafkaMessage.Schema(
        root: KafkaMessage.Struct("TransactionLogKey", versions: .init(0...0), parent: .init(0...0), [
            KafkaMessage.Field("TransactionalId", .string, .init(0...0)),
        ]), flexible: nil)

    static let valueSchema: KafkaMessage.Schema = {
        typealias F = KafkaMessage.Field
        let all = KafkaMessage.Versions(0...Int16.max), v1 = KafkaMessage.Versions(1...Int16.max)
        let partitions = KafkaMessage.Struct("PartitionsSchema", versions: all, parent: .init(0...1), [
            F("Topic", .string, all), F("PartitionIds", .array(.int32), all),
        ])
        return KafkaMessage.Schema(root: KafkaMessage.Struct("TransactionLogValue", versions: .init(0...1), parent: .init(0...1), [
            F("ProducerId", .int64, all),
            F("PreviousProducerId", .int64, v1, tag: 0, default: .int(-1)),
            F("NextProducerId", .int64, v1, tag: 1, default: .int(-1)),
            F("ProducerEpoch", .int16, all),
            F("TransactionTimeoutMs", .int32, all),
            F("TransactionStatus", .int8, all),
            F("TransactionPartitions", .array(.structure(partitions)), all, nullable: all),
            F("TransactionLastUpdateTimestampMs", .int64, all),
            F("TransactionStartTimestampMs", .int64, all),
            F("ClientTransactionVersion", .int16, v1, tag: 2, default: .int(0)),
        ]), flexible: v1)
    }()

    static func render(offset: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws -> (key: String?, payload: String?) {
        do {
            return try format(key: key, value: value)
        } catch let error as KafkaMessage.JavaException {
            throw RecordsError.invalid(error.javaDescription, at: 0)
        }
    }

    static func format(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws -> (key: String?, payload: String?) {
        // readTxnRecordKey: `buffer.getShort` on a null key is a NullPointerException.
        guard let key else { throw KafkaMessage.JavaException(nil, "java.lang.NullPointerException") }
        var k = KafkaMessage.Reader(key)
        let keyVersion = try k.int16()
        guard keyVersion == 0 else { return ("unknown::version=\(keyVersion)", nil) }
        let keyFields = try KafkaMessage.readMessage(keySchema, &k, version: keyVersion)
        guard case .string(let transactionalId)? = keyFields.first?.node else { return (nil, nil) }
        let keyText = "transaction_metadata::transactionalId=\(transactionalId)"
        guard let value else { return (keyText, "<DELETE>") }

        var v = KafkaMessage.Reader(value)
        let version = try v.int16()
        guard version == 0 || version == 1 else {
            throw KafkaMessage.JavaException("Unknown version \(version) from the transaction log message value", "java.lang.IllegalStateException")
        }
        let fields = try KafkaMessage.readMessage(valueSchema, &v, version: version)
        func node(_ name: String) -> KafkaMessage.Node? { fields.first(where: { $0.name == name })?.node }
        func int(_ name: String, default d: Int64 = 0) -> Int64 {
            if case .int(let x)? = node(name) { return x }
            return d
        }
        let status = int("transactionStatus")
        guard status >= 0 && Int(status) < states.count else {
            throw KafkaMessage.JavaException("Unknown transaction state id \(status) from the transaction status message", "java.lang.IllegalStateException")
        }
        let clientTransactionVersion = int("clientTransactionVersion", default: 0)
        guard (0...2).contains(clientTransactionVersion) else {
            throw KafkaMessage.JavaException("No feature:transaction.version with feature level \(clientTransactionVersion)", "java.lang.IllegalArgumentException")
        }
        var groups: [[(topic: String, partition: Int32)]] = []
        if status != 0 {
            guard case .array(let entries)? = node("transactionPartitions") else {
                throw KafkaMessage.JavaException(nil, "java.lang.NullPointerException")
            }
            for case .object(let entry) in entries {
                var topic = ""
                var ids: [Int32] = []
                for member in entry {
                    if member.name == "topic", case .string(let t) = member.node { topic = t }
                    if member.name == "partitionIds", case .array(let items) = member.node {
                        for case .int(let id) in items { ids.append(Int32(truncatingIfNeeded: id)) }
                    }
                }
                groups.append(ids.map { (topic: topic, partition: $0) })
            }
        }
        let partitions = ScalaTopicPartitionSetOrder.order(groups).map { "\($0.topic)-\($0.partition)" }.joined(separator: ",")
        let payload = "producerId:\(int("producerId")),producerEpoch:\(int("producerEpoch")),state=\(states[Int(status)])," +
            "partitions=[\(partitions)],txnLastUpdateTimestamp=\(int("transactionLastUpdateTimestampMs")),txnTimeoutMs=\(int("transactionTimeoutMs"))"
        return (keyText, payload)
    }
}

/// Iteration order of the Scala 2.13 `mutable.HashSet[TopicPartition]` that
/// `TransactionMetadata.addPartitions` fills with `topicPartitions ++= partitions`, once per stored
/// topic entry, each entry first made an immutable `Set` (dump-and-index §4.12.3).
///
/// - `++=` first calls `sizeHint(k)` (k = the entry's distinct partitions): the table grows to
///   `tableSizeFor(⌊(k + 1) / 0.75⌋)` (power of two ≥ that, minimum 8) if that is larger.
/// - An entry of ≤ 4 elements is a `Set1`…`Set4`, added one `add` at a time; each `add` first doubles
///   the table when `size + 1 ≥ ⌊0.75 · capacity⌋` (also for an element already present). A larger
///   entry is an `immutable.HashSet`, added without that check.
/// - Iteration: bucket `g & (capacity − 1)` ascending, then `g` (signed) ascending within a bucket,
///   ties in insertion order, where `g = h ^ (h >>> 16)` and `h = TopicPartition.hashCode()` =
///   `31 · (31 + partition) + topic.hashCode()`.
enum ScalaTopicPartitionSetOrder {
    static func order(_ groups: [[(topic: String, partition: Int32)]]) -> [(topic: String, partition: Int32)] {
        var capacity = 16
        var elements: [(topic: String, partition: Int32)] = []
        var seen = Set<String>()
        for group in groups {
            var distinct: [(topic: String, partition: Int32)] = []
            var inGroup = Set<Int32>()
            for element in group where inGroup.insert(element.partition).inserted { distinct.append(element) }
            let k = distinct.count
            let wanted = tableSizeFor(Int(Double(k + 1) / 0.75))
            if wanted > capacity { capacity = wanted }
            for element in distinct {
                if k <= 4 && elements.count + 1 >= capacity * 3 / 4 { capacity *= 2 }
                if seen.insert("\(element.partition)\u{0}\(element.topic)").inserted { elements.append(element) }
            }
        }
        let mask = Int32(capacity - 1)
        return elements.enumerated().map { (hash: improvedHash($0.element), index: $0.offset, element: $0.element) }
            .sorted { a, b in
                if a.hash & mask != b.hash & mask { return a.hash & mask < b.hash & mask }
                if a.hash != b.hash { return a.hash < b.hash }
                return a.index < b.index
            }
            .map { $0.element }
    }

    /// `mutable.HashSet.tableSizeFor`: `highestOneBit(max(n − 1, 4)) · 2`.
    static func tableSizeFor(_ n: Int) -> Int {
        var size = 8
        while size < n { size *= 2 }
        return min(size, 1 << 30)
    }

    static func improvedHash(_ tp: (topic: String, partition: Int32)) -> Int32 {
        var topicHash: Int32 = 0
        for unit in tp.topic.utf16 { topicHash = topicHash &* 31 &+ Int32(unit) }
        let h = 31 &* (31 &+ tp.partition) &+ topicHash
        let u = UInt32(bitPattern: h)
        return Int32(bitPattern: u ^ (u >> 16))
    }
}
