/// `--broker-racks 1:a,2:a,3:b`: the `broker.rack` of each broker.
///
/// Offline there is no cluster metadata to ask, so racks come from the user; the syntax
/// mirrors `--broker-list` with a `:rack` suffix. A broker given two different racks is an error.
public enum BrokerRacksArgument {
    public static func parse(_ text: String, option: String = "--broker-racks") throws -> [BrokerId: String] {
        var racks: [BrokerId: String] = [:]
        for piece in text.split(separator: ",") {
            let token = piece.trimmingSpaces()
            guard let colon = token.firstIndex(of: ":") else {
                throw ReassignError.invalidArgument(option: option, value: text, reason: "'\(token)' is not of the form <broker>:<rack>; expected e.g. 1:a,2:b")
            }
            let idText = token[..<colon].trimmingSpaces()
            let rack = token[token.index(after: colon)...].trimmingSpaces()
            guard let id = BrokerId(idText), id >= 0 else {
                throw ReassignError.invalidArgument(option: option, value: text, reason: "'\(idText)' is not a broker id; expected <broker>:<rack> with an integer id of 0 or more")
            }
            guard !rack.isEmpty else {
                throw ReassignError.invalidArgument(option: option, value: text, reason: "broker \(id) has an empty rack name; expected <broker>:<rack> with a rack name")
            }
            if let known = racks[id], known != rack {
                throw ReassignError.invalidArgument(option: option, value: text, reason: "broker \(id) is given racks '\(known)' and '\(rack)'; expected one rack per broker")
            }
            racks[id] = rack
        }
        return racks
    }
}
