/// Each broker's fair share of replicas (or of leaderships), as whole-number bounds.
///
/// Without other constraints every broker gets `⌊S/N⌋` or `⌈S/N⌉`. Racks can make that
/// impossible: a rack must hold at least one replica of every partition whose replication
/// factor reaches the rack count, and at most one of every partition whose factor does
/// not; a one-broker rack in a two-rack cluster with RF 2 must hold a replica of every
/// partition, whatever the average says. So shares are found by water-filling: groups
/// (racks, or single brokers for leaders) whose `[minimum, maximum]` cannot contain their
/// proportional total are pinned to the nearest limit, and the rest share what is left
/// evenly. The result is the fairest division the groups' own limits allow; when no group
/// is pinned it is exactly `⌊S/N⌋ … ⌈S/N⌉`. Limits that bind only sets of racks together
/// are beyond it: `RackTotals` checks its result and replaces it where those bind.
public enum FairShare {
    public struct Group: Equatable, Sendable {
        public var members: Int
        public var minimum: Int
        public var maximum: Int
        public init(members: Int, minimum: Int, maximum: Int) {
            self.members = members
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    public struct Bounds: Equatable, Sendable {
        /// Per member of the group: the least and most it should hold.
        public var lower: Int
        public var upper: Int
        /// True when the group's total was pinned by its own limits rather than the average.
        public var pinned: Bool
    }

    /// Bounds per group for dividing `total` units; nil if `total` lies outside
    /// `[Σ minimum, Σ maximum]`, i.e. no division satisfies the group limits.
    public static func divide(total: Int, among groups: [Group]) -> [Bounds]? {
        guard total >= groups.reduce(0, { $0 + $1.minimum }),
              total <= groups.reduce(0, { $0 + $1.maximum }) else { return nil }
        var pinnedTotal = [Int?](repeating: nil, count: groups.count)
        for (index, group) in groups.enumerated() where group.members == 0 {
            pinnedTotal[index] = 0
        }
        while true {
            var remaining = total
            var freeMembers = 0
            for (index, group) in groups.enumerated() {
                if let pinned = pinnedTotal[index] { remaining -= pinned } else { freeMembers += group.members }
            }
            guard freeMembers > 0 else { break }
            // A free group's proportional total is members × remaining / freeMembers;
            // compare by cross-multiplying to stay in integers.
            var overMinimum: [Int] = []
            var underMaximum: [Int] = []
            var excess = 0
            var shortfall = 0
            for (index, group) in groups.enumerated() where pinnedTotal[index] == nil {
                let share = group.members * remaining
                if group.minimum * freeMembers > share {
                    overMinimum.append(index)
                    excess += group.minimum * freeMembers - share
                } else if group.maximum * freeMembers < share {
                    underMaximum.append(index)
                    shortfall += share - group.maximum * freeMembers
                }
            }
            if overMinimum.isEmpty && underMaximum.isEmpty { break }
            // Pinning the side with the larger violation first is the classic rule that
            // keeps water-filling from pinning a group that would be free at the final level.
            if excess >= shortfall {
                for index in overMinimum { pinnedTotal[index] = groups[index].minimum }
            } else {
                for index in underMaximum { pinnedTotal[index] = groups[index].maximum }
            }
        }
        var remaining = total
        var freeMembers = 0
        for (index, group) in groups.enumerated() {
            if let pinned = pinnedTotal[index] { remaining -= pinned } else { freeMembers += group.members }
        }
        return groups.enumerated().map { index, group in
            if let pinned = pinnedTotal[index] {
                guard group.members > 0 else { return Bounds(lower: 0, upper: 0, pinned: true) }
                return Bounds(lower: pinned / group.members,
                              upper: (pinned + group.members - 1) / group.members, pinned: true)
            }
            return Bounds(lower: remaining / freeMembers,
                          upper: (remaining + freeMembers - 1) / freeMembers, pinned: false)
        }
    }
}
