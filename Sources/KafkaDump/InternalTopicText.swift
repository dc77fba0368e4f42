import KafkaRecords

/// Kafka's `--offsets-decoder` and `--transaction-log-decoder` parsers (dump-and-index §4.12).
enum InternalTopicText {
    /// The key text and payload text for one record; nil parts are not printed.
    static func render(record: borrowing Record, decoder: TopicDecoder) throws -> (key: String?, payload: String?) {
        switch decoder {
        case .consumerOffsets: return try ConsumerOffsetsText.render(offset: record.offset, key: record.key, value: record.value)
        case .transactionLog: return try TransactionLogText.render(key: record.key, value: record.value)
        }
    }
}

/// `--transaction-log-decoder` (dump-and-index §4.12.3).
enum TransactionLogText {
    static let states = ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead", "PrepareEpochFence"]

    static func render(key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?) throws -> (key: String?, payload: String?) {
        guard let key else { return (nil, nil) }
        var keyReader = GeneratedMessageReader(key)
        let keyVersion = try keyReader.int16()
        guard keyVersion == 0 else { return ("unknown::version=\(keyVersion)", nil) }
        let transactionalId = try keyReader.string(flexible: false) ?? ""
        let keyText = "transaction_metadata::transactionalId=\(transactionalId)"
        guard let value else { return (keyText, "<DELETE>") }
        var r = GeneratedMessageReader(value)
        let version = try r.int16()
        guard version == 0 || version == 1 else {
            throw RecordsError.invalid("Unknown version \(version) from the transaction log message value", at: 0)
        }
        let flexible = version >= 1
        let producerId = try r.int64()
        let producerEpoch = try r.int16()
        let timeoutMs = try r.int32()
        let status = try r.int8()
        guard status >= 0 && Int(status) < states.count else {
            throw RecordsError.invalid("Unknown transaction state id \(status) from the transaction status message", at: 0)
        }
        var partitions: [(topic: String, partition: Int32)] = []
        var topicGroups: [[(String, Int32)]] = []
        if let count = try r.arrayCount(flexible: flexible) {
            for _ in 0..<count {
                let topic = try r.string(flexible: flexible) ?? ""
                var ids: [(String, Int32)] = []
                if let n = try r.arrayCount(flexible: flexible) {
                    for _ in 0..<n { ids.append((topic, try r.int32())) }
                }
                if flexible { try r.skipTaggedFields() }
                topicGroups.append(ids)
                partitions += ids.map { (topic: $0.0, partition: $0.1) }
            }
        }
        let lastUpdate = try r.int64()
        _ = try r.int64() // start timestamp (not printed)
        if flexible { try r.skipTaggedFields() }
        let ordered = ScalaTopicPartitionSetOrder.order(topicGroups)
        let partitionText = ordered.map { "\($0.0)-\($0.1)" }.joined(separator: ",")
        _ = partitions
        return (keyText, "producerId:\(producerId),producerEpoch:\(producerEpoch),state=\(states[Int(status)]),partitions=[\(partitionText)],txnLastUpdateTimestamp=\(lastUpdate),txnTimeoutMs=\(timeoutMs)")
    }
}

/// Iteration order of a Scala 2.13 `mutable.HashSet[TopicPartition]` filled topic by topic
/// (dump-and-index §4.12.3).
enum ScalaTopicPartitionSetOrder {
    static func order(_ groups: [[(String, Int32)]]) -> [(String, Int32)] {
        var capacity = 16
        var elements: [(String, Int32)] = []
        var seen = Set<String>()
        for group in groups {
            let k = group.count
            let wanted = tableSizeFor(Int(Double(k + 1) / 0.75))
            if wanted > capacity { capacity = wanted }
            for element in group {
                let id = "\(element.0)\u{0}\(element.1)"
                if k <= 4 && elements.count + 1 >= capacity * 3 / 4 { capacity *= 2 }
                if seen.insert(id).inserted { elements.append(element) }
            }
        }
        let mask = Int32(capacity - 1)
        return elements.enumerated().sorted { a, b in
            let ha = improvedHash(a.element), hb = improvedHash(b.element)
            if ha & mask != hb & mask { return ha & mask < hb & mask }
            if ha != hb { return ha < hb }
            return a.offset < b.offset
        }.map { $0.element }
    }

    static func tableSizeFor(_ n: Int) -> Int {
        var size = 8
        while size < n { size *= 2 }
        return size
    }

    static func improvedHash(_ tp: (String, Int32)) -> Int32 {
        var topicHash: Int32 = 0
        for unit in tp.0.utf16 { topicHash = topicHash &* 31 &+ Int32(unit) }
        let h = 31 &* (31 &+ tp.1) &+ topicHash
        let u = UInt32(bitPattern: h)
        return Int32(bitPattern: u ^ (u >> 16))
    }
}
