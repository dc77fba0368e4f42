/// Kafka's `--broker-list` syntax: comma-separated broker ids, e.g. `1,2,3`.
///
/// As in `kafka-reassign-partitions.sh`, a broker named twice is an error rather than
/// being silently merged: a typo in a broker list is how replicas end up on the wrong host.
public enum BrokerListArgument {
    public static func parse(_ text: String, option: String = "--broker-list") throws -> [BrokerId] {
        var brokers: [BrokerId] = []
        var duplicates: [BrokerId] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let token = piece.trimmingSpaces()
            guard let id = BrokerId(token), id >= 0 else {
                throw ReassignError.invalidArgument(option: option, value: text, reason: "'\(token)' is not a broker id; expected comma-separated ids (integers 0 or more), e.g. 1,2,3")
            }
            if brokers.contains(id) {
                if !duplicates.contains(id) { duplicates.append(id) }
            } else {
                brokers.append(id)
            }
        }
        guard duplicates.isEmpty else {
            throw ReassignError.invalidArgument(
                option: option, value: text,
                reason: "Broker list contains duplicate entries: \(duplicates.map(String.init).joined(separator: ",")); expected each broker once")
        }
        return brokers
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
