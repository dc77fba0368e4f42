/// A minimal min-cost max-flow network (successive shortest paths, Bellman-Ford) for the
/// test oracles. Slow and simple on purpose: it referees, it is not refereed.
struct FlowNetwork {
    struct Edge {
        let to: Int
        var capacity: Int
        let cost: Int64
    }

    var edges: [Edge] = []
    var adjacency: [[Int]]

    init(nodes: Int) { adjacency = [[Int]](repeating: [], count: nodes) }

    mutating func add(_ from: Int, _ to: Int, capacity: Int, cost: Int64) {
        adjacency[from].append(edges.count)
        edges.append(Edge(to: to, capacity: capacity, cost: cost))
        adjacency[to].append(edges.count)
        edges.append(Edge(to: from, capacity: 0, cost: -cost))
    }

    /// Successive shortest paths; returns (flow, cost).
    mutating func minCostMaxFlow(source: Int, sink: Int) -> (Int, Int64) {
        var flow = 0
        var cost: Int64 = 0
        let nodes = adjacency.count
        while true {
            var distance = [Int64?](repeating: nil, count: nodes)
            var via = [Int](repeating: -1, count: nodes)
            distance[source] = 0
            var changed = true
            var rounds = 0
            while changed && rounds < nodes {
                changed = false
                rounds += 1
                for node in 0..<nodes {
                    guard let base = distance[node] else { continue }
                    for edgeIndex in adjacency[node] where edges[edgeIndex].capacity > 0 {
                        let edge = edges[edgeIndex]
                        if distance[edge.to] == nil || base + edge.cost < distance[edge.to]! {
                            distance[edge.to] = base + edge.cost
                            via[edge.to] = edgeIndex
                            changed = true
                        }
                    }
                }
            }
            guard let total = distance[sink] else { return (flow, cost) }
            var bottleneck = Int.max
            var node = sink
            while node != source {
                let edgeIndex = via[node]
                bottleneck = min(bottleneck, edges[edgeIndex].capacity)
                node = edges[edgeIndex ^ 1].to
            }
            node = sink
            while node != source {
                let edgeIndex = via[node]
                edges[edgeIndex].capacity -= bottleneck
                edges[edgeIndex ^ 1].capacity += bottleneck
                node = edges[edgeIndex ^ 1].to
            }
            flow += bottleneck
            cost += total * Int64(bottleneck)
        }
    }
}

