/// The fewest replica moves any valid plan needs, from counting alone.
///
/// Three things each force moves, and no move can serve two of them more than once:
/// every broker below its lower bound must receive the difference; every replica on a
/// leaving broker and every replica above a broker's upper bound must leave; and every
/// partition must gain the racks it lacks (keeping at most one replica per rack it
/// already has when it cannot use every rack). The bound is the largest of the three.
/// It is exact for almost every real cluster; the planner reports it beside its own
/// count so a user can see how close to optimal a plan is.
enum MoveLowerBound {
    static func compute(_ problem: PlacementProblem, lower: [Int], upper: [Int]) -> Int {
        let targets = problem.targetCount
        var count = [Int](repeating: 0, count: targets)
        var leaving = 0
        var rackForced = 0
        var racksSeen = [Bool](repeating: false, count: problem.rackCount)
        for partition in 0..<problem.partitionCount {
            var staying = 0
            var distinct = 0
            for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                let broker = Int(problem.original[slot])
                if broker < targets {
                    count[broker] += 1
                    staying += 1
                    let rack = Int(problem.rackOf[broker])
                    if !racksSeen[rack] {
                        racksSeen[rack] = true
                        distinct += 1
                    }
                } else {
                    leaving += 1
                }
            }
            for slot in problem.offsets[partition]..<problem.offsets[partition + 1] {
                let broker = Int(problem.original[slot])
                if broker < targets { racksSeen[Int(problem.rackOf[broker])] = false }
            }
            let replicationFactor = problem.replicationFactor(partition)
            rackForced += max(replicationFactor - staying, problem.requiredRacks(partition) - distinct)
        }
        var arrivals = 0
        var departures = leaving
        for broker in 0..<targets {
            arrivals += max(0, lower[broker] - count[broker])
            departures += max(0, count[broker] - upper[broker])
        }
        return max(arrivals, departures, rackForced)
    }
}
