import KafkaReassign

/// `kseg reassign-partitions --json`: the plan and its summary as one JSON document on
/// standard output, for scripts. The `current`, `proposed` and `rollback` members are
/// Kafka reassignment documents, exactly as in the text output.
enum ReassignSummaryJSON {
    static func render(_ plan: ReassignmentPlan, throttle: Int64?) -> String {
        let summary = plan.summary
        func optionalInteger(_ value: Int64?) -> JSONValue { value.map { .integer($0) } ?? .null }
        func range(_ value: ClosedRange<Int>?) -> JSONValue {
            guard let value else { return .null }
            return .array([.integer(Int64(value.lowerBound)), .integer(Int64(value.upperBound))])
        }
        let sizesKnown = summary.bytesMoved != nil
        let brokers: [JSONValue] = summary.brokers.map { load in
            .object([
                JSONMember("broker", .integer(Int64(load.broker))),
                JSONMember("rack", load.rack.map { .string($0) } ?? .null),
                JSONMember("inBrokerList", .bool(load.isTarget)),
                JSONMember("replicasBefore", .integer(Int64(load.replicasBefore))),
                JSONMember("replicasAfter", .integer(Int64(load.replicasAfter))),
                JSONMember("replicaShare", range(load.replicaShare)),
                JSONMember("leadersBefore", .integer(Int64(load.leadersBefore))),
                JSONMember("leadersAfter", .integer(Int64(load.leadersAfter))),
                JSONMember("leaderShare", range(load.leaderShare)),
                JSONMember("bytesBefore", sizesKnown ? .integer(load.bytesBefore) : .null),
                JSONMember("bytesAfter", sizesKnown ? .integer(load.bytesAfter) : .null),
                JSONMember("bytesIn", sizesKnown ? .integer(load.bytesIn) : .null),
                JSONMember("bytesOut", sizesKnown ? .integer(load.bytesOut) : .null),
            ])
        }
        var seconds: JSONValue = .null
        if let throttle, let value = summary.transferSeconds(throttle: throttle) { seconds = .number(value) }
        let root: JSONValue = .object([
            JSONMember("version", .integer(1)),
            JSONMember("strategy", .string(summary.strategy)),
            JSONMember("seed", optionalInteger(plan.seed)),
            JSONMember("summary", .object([
                JSONMember("partitions", .integer(Int64(summary.partitions))),
                JSONMember("partitionsChanged", .integer(Int64(summary.partitionsChanged))),
                JSONMember("replicasMoved", .integer(Int64(summary.replicasMoved))),
                JSONMember("replicasMovedLowerBound", .integer(Int64(summary.lowerBound))),
                JSONMember("bytesMoved", optionalInteger(summary.bytesMoved)),
                JSONMember("estimatedSizes", .integer(Int64(summary.estimatedSizes))),
                JSONMember("leaderChanges", .integer(Int64(summary.leaderChanges))),
                JSONMember("throttle", optionalInteger(throttle)),
                JSONMember("estimatedTransferSeconds", seconds),
                JSONMember("brokers", .array(brokers)),
            ])),
            JSONMember("findings", .array(plan.findings.map { .string($0) })),
            JSONMember("notes", .array(plan.notes.map { .string($0) })),
            JSONMember("current", ReassignmentJSON.document(plan.current)),
            JSONMember("proposed", ReassignmentJSON.document(plan.proposed)),
            JSONMember("rollback", ReassignmentJSON.document(plan.rollback)),
        ])
        return JSONWriter.compact(root)
    }
}
