/// The end-of-run sections Kafka's dump tool prints on stderr (dump-and-index §9), collected per file
/// and printed in Kafka's order, with Scala's `mutable.HashMap` iteration order across files.
final class DumpFindings {
    var offsetIndexMismatches = ScalaHashMapOrder<[(Int64, Int64)]>(putPerPair: true)
    var timestampMismatches = ScalaHashMapOrder<[(Int64, Int64)]>(putPerPair: false)
    var outOfOrderTimestamps = ScalaHashMapOrder<[(Int64, Int64)]>(putPerPair: false)
    var offsetsNotFound = ScalaHashMapOrder<[(Int64, Int64)]>(putPerPair: false)
    var nonConsecutiveOffsets = ScalaHashMapOrder<[(Int64, Int64)]>(putPerPair: true)

    var isEmpty: Bool {
        offsetIndexMismatches.isEmpty && timestampMismatches.isEmpty && outOfOrderTimestamps.isEmpty
            && offsetsNotFound.isEmpty && nonConsecutiveOffsets.isEmpty
    }

    func render(into out: OutputStream) {
        for (path, pairs) in offsetIndexMismatches.inIterationOrder() {
            out.writeLine("Mismatches in :\(path)")
            for (index, log) in pairs.reversed() { out.writeLine("  Index offset: \(index), log offset: \(log)") }
        }
        for (path, pairs) in timestampMismatches.inIterationOrder() {
            out.writeLine("Found timestamp mismatch in :\(path)")
            for (index, log) in pairs { out.writeLine("  Index timestamp: \(index), log timestamp: \(log)") }
        }
        for (path, pairs) in outOfOrderTimestamps.inIterationOrder() {
            out.writeLine("Found out of order timestamp in :\(path)")
            for (index, previous) in pairs { out.writeLine("  Index timestamp: \(index), Previously indexed timestamp: \(previous)") }
        }
        for (_, pairs) in offsetsNotFound.inIterationOrder() {
            out.writeLine("The following indexed offsets are not found in the log.")
            for (indexed, found) in pairs { out.writeLine("Indexed offset: \(indexed), found log offset: \(found)") }
        }
        for (path, pairs) in nonConsecutiveOffsets.inIterationOrder() {
            out.writeLine("Non-consecutive offsets in \(path)")
            for (previous, offset) in pairs.reversed() { out.writeLine("  \(previous) is followed by \(offset)") }
        }
    }
}

/// Reproduces the iteration order of a Scala 2.13 `mutable.HashMap[String, _]` keyed by file path
/// (dump-and-index §9.6): capacity doubles on `put` when `size + 1 ≥ 0.75·capacity`; iteration runs by
/// bucket index, then by improved hash (signed), then by first insertion.
struct ScalaHashMapOrder<Value> {
    /// Kafka calls `put` for every recorded pair in some maps, once per file in others.
    let putPerPair: Bool
    private(set) var capacity = 16
    private var keys: [String] = []
    private var values: [String: [(Int64, Int64)]] = [:]

    init(putPerPair: Bool) { self.putPerPair = putPerPair }

    var isEmpty: Bool { keys.isEmpty }

    mutating func record(_ key: String, _ pair: (Int64, Int64)) {
        let isNew = values[key] == nil
        // Scala checks `size + 1 >= threshold` on every put, before looking at the key.
        if (putPerPair || isNew) && keys.count + 1 >= capacity * 3 / 4 { capacity *= 2 }
        if isNew { keys.append(key) }
        values[key, default: []].append(pair)
    }

    func inIterationOrder() -> [(String, [(Int64, Int64)])] {
        let mask = Int32(capacity - 1)
        let ordered = keys.enumerated().sorted { a, b in
            let ha = Self.improvedHash(a.element), hb = Self.improvedHash(b.element)
            let ba = ha & mask, bb = hb & mask
            if ba != bb { return ba < bb }
            if ha != hb { return ha < hb }
            return a.offset < b.offset
        }
        return ordered.map { ($0.element, values[$0.element]!) }
    }

    static func improvedHash(_ key: String) -> Int32 {
        var h: Int32 = 0
        for unit in key.utf16 { h = h &* 31 &+ Int32(unit) }
        let u = UInt32(bitPattern: h)
        return Int32(bitPattern: u ^ (u >> 16))
    }
}
