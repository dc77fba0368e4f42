/// The price of a change to the assignment, compared bytes first, then replicas.
///
/// Kept as a pair rather than one weighted integer so that neither an exabyte cluster nor
/// a million replicas can overflow it, and so that "fewest bytes, then fewest replicas" is
/// exact. With unknown sizes every byte figure is zero and only replicas count.
struct MoveCost: Comparable {
    var bytes: Int64
    var replicas: Int

    static let zero = MoveCost(bytes: 0, replicas: 0)

    static func + (lhs: MoveCost, rhs: MoveCost) -> MoveCost {
        MoveCost(bytes: lhs.bytes + rhs.bytes, replicas: lhs.replicas + rhs.replicas)
    }

    static func - (lhs: MoveCost, rhs: MoveCost) -> MoveCost {
        MoveCost(bytes: lhs.bytes - rhs.bytes, replicas: lhs.replicas - rhs.replicas)
    }

    static func < (lhs: MoveCost, rhs: MoveCost) -> Bool {
        lhs.bytes != rhs.bytes ? lhs.bytes < rhs.bytes : lhs.replicas < rhs.replicas
    }
}
