/// The checked, normalised form of a request that both strategies plan from: the
/// partitions in scope, the target brokers in ascending id order, the racks if rack
/// awareness applies, and a size for every partition.
///
/// The checks are `--generate`'s: every named topic must exist, and either every target
/// broker has a rack or none has (Kafka refuses a partial rack map rather than guess).
struct PlanningScope {
    let current: ReplicaAssignment
    let targets: [BrokerId]
    /// Rack per target broker, or nil when planning without racks.
    let racks: [BrokerId: String]?
    /// Bytes per in-scope partition (index as in `current.partitions`); nil when no sizes were given.
    let sizes: [Int64]?
    /// Partitions whose size was missing and estimated as their topic's mean.
    let estimatedSizes: Int
    /// Sizes were given but none belongs to a partition in scope (wrong cluster or topics?).
    let sizesUnmatched: Bool
    /// How the user named the inputs, for errors found while planning.
    let names: ReassignmentRequest.InputNames

    init(_ request: ReassignmentRequest) throws {
        guard !request.brokers.isEmpty else {
            throw ReassignError.invalidArgument(option: "--broker-list", value: "",
                                                reason: "no brokers given; expected broker ids such as 1,2,3")
        }
        names = request.names
        if let topics = request.topics {
            let known = request.current.topics
            let knownSet = Set(known)
            for (index, topic) in topics.enumerated() where !knownSet.contains(topic) {
                let listed = known.prefix(5).joined(separator: ", ") + (known.count > 5 ? ", ..." : "")
                throw ReassignError.invalidDocument(
                    source: request.names.topicsToMove, path: "topics[\(index)].topic",
                    reason: "topic '\(topic)' is not in \(request.names.currentAssignment); expected one of its topics (\(listed))")
            }
            guard !topics.isEmpty else {
                throw ReassignError.invalidDocument(
                    source: request.names.topicsToMove, path: "topics",
                    reason: "no topics listed; expected at least one, e.g. {\"topic\":\"\(known.first ?? "orders")\"}")
            }
            current = request.current.restricted(to: Set(topics))
        } else {
            current = request.current
        }
        guard !current.isEmpty else {
            throw ReassignError.invalidDocument(source: request.names.currentAssignment, path: "partitions",
                                                reason: "no partitions to reassign; expected at least one")
        }
        targets = request.brokers.sorted()
        if request.rackAware, !request.racks.isEmpty {
            let withRack = targets.filter { request.racks[$0] != nil }
            if withRack.isEmpty {
                racks = nil
            } else if withRack.count != targets.count {
                let missing = targets.filter { request.racks[$0] == nil }
                let given = request.names.brokerRacks
                    ?? request.racks.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: ",")
                let who = missing.count == 1 ? "broker \(missing[0]) (in --broker-list) has"
                    : "brokers \(missing.map(String.init).joined(separator: ", ")) (in --broker-list) have"
                throw ReassignError.invalidArgument(
                    option: "--broker-racks", value: given,
                    reason: "\(who) no rack; give every broker a rack or none (or add --disable-rack-aware to ignore racks)")
            } else {
                var map: [BrokerId: String] = [:]
                for broker in targets { map[broker] = request.racks[broker] }
                racks = map
            }
        } else {
            racks = nil
        }
        for entry in current.partitions where entry.replicas.count > targets.count {
            throw ReassignError.infeasible(
                reason: "partition \(entry.topicPartition) has replication factor \(entry.replicas.count) but only \(targets.count) brokers are listed")
        }
        if let given = request.sizes {
            var values = [Int64](repeating: 0, count: current.count)
            var known = [Bool](repeating: false, count: current.count)
            var estimated = 0
            var topicStart = 0
            var knownTotal: Int64 = 0
            var knownCount: Int64 = 0
            // Mean of the known sizes per topic; topics with none known use the overall mean.
            var pending: [Range<Int>] = []
            var topicMeans: [Int64?] = []
            while topicStart < current.count {
                var topicEnd = topicStart
                let topic = current.partitions[topicStart].topicPartition.topic
                var sum: Int64 = 0
                var count: Int64 = 0
                while topicEnd < current.count, current.partitions[topicEnd].topicPartition.topic == topic {
                    if let size = given[current.partitions[topicEnd].topicPartition] {
                        values[topicEnd] = size
                        known[topicEnd] = true
                        sum += size
                        count += 1
                    }
                    topicEnd += 1
                }
                knownTotal += sum
                knownCount += count
                pending.append(topicStart..<topicEnd)
                topicMeans.append(count > 0 ? sum / count : nil)
                topicStart = topicEnd
            }
            guard knownCount > 0 else {
                sizes = nil
                estimatedSizes = 0
                sizesUnmatched = true
                return
            }
            let overallMean = knownTotal / knownCount
            for (range, mean) in zip(pending, topicMeans) {
                for index in range where !known[index] {
                    values[index] = mean ?? overallMean
                    estimated += 1
                }
            }
            sizes = values
            estimatedSizes = estimated
            sizesUnmatched = false
        } else {
            sizes = nil
            estimatedSizes = 0
            sizesUnmatched = false
        }
    }

    var rackAware: Bool { racks != nil }
}
