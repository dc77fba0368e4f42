/// `--strategy kafka`: what `kafka-reassign-partitions.sh --generate` would propose.
///
/// As Kafka's `calculateAssignment` does, every topic is placed from scratch and
/// independently, for partition ids `0..<n`, with the replication factor of one of its
/// partitions, by `KafkaReplicaAssignor` drawing a start index and a shift from a
/// `java.util.Random`. Differences that cannot be avoided offline, and are documented:
/// Kafka's generator is unseeded and visits topics in hash-map order (kseg: seeded, topic
/// name order); Kafka takes brokers in the order the cluster lists them (kseg: ascending
/// id, which is that order on clusters whose metadata map iterates ids ascending) and
/// silently drops ids the cluster does not know (kseg cannot tell); Kafka takes the
/// replication factor of an arbitrary partition (kseg: the lowest-numbered).
enum KafkaGenerateStrategy {
    static func plan(_ scope: PlanningScope, seed: Int64) throws -> (final: [[BrokerId]], proposed: ReplicaAssignment) {
        let brokers = scope.targets.map { KafkaReplicaAssignor.BrokerMetadata(id: $0, rack: scope.racks?[$0]) }
        var random = JavaRandom(seed: seed)
        let entries = scope.current.partitions
        var final: [[BrokerId]] = []
        final.reserveCapacity(entries.count)
        var start = 0
        while start < entries.count {
            let topic = entries[start].topicPartition.topic
            var end = start
            while end < entries.count, entries[end].topicPartition.topic == topic { end += 1 }
            for (offset, index) in (start..<end).enumerated() where entries[index].topicPartition.partition != Int32(offset) {
                throw ReassignError.invalidDocument(
                    source: scope.names.currentAssignment, path: "partitions",
                    reason: "topic \(topic) lacks partition \(offset): --strategy kafka places partitions 0...\(end - start - 1) and needs every one of them")
            }
            let placement = try KafkaReplicaAssignor.assignReplicasToBrokers(
                brokers, partitionCount: end - start, replicationFactor: entries[start].replicas.count, random: &random)
            final.append(contentsOf: placement)
            start = end
        }
        let proposed = ReplicaAssignment(sortedUnique: zip(entries, final).map {
            PartitionReplicas($0.topicPartition, replicas: $1)
        })
        return (final, proposed)
    }
}
