/// The order in which Kafka's transaction-log formatter lists a transaction's partitions: the
/// iteration order of the Scala 2.13 `mutable.HashSet[TopicPartition]` it fills
/// (dump-and-index §4.12.3).
///
/// `TransactionLog.readTxnRecordValue` starts from `mutable.Set.empty` and, for each stored topic
/// entry in order, adds `ids.map(new TopicPartition(topic, _)).toSet` with `++=`. This type replays
/// that on a model of the set's table, step for step as the Scala library does it
/// (`scala/collection/mutable/HashSet.scala`, `scala/collection/immutable/Set.scala`, 2.13.x):
///
/// - The table starts with 16 buckets, load factor 0.75 (threshold = ⌊0.75 · buckets⌋).
/// - `addAll` first calls `sizeHint(k)` for the k distinct elements added: the table grows to
///   `tableSizeFor(⌊(k + 1) / 0.75⌋)` buckets if that is more.
/// - Up to four distinct elements `toSet` makes a `Set1`…`Set4`, added one `add` at a time in stored
///   order; `add` doubles the table first when `size + 1 ≥ threshold`, even for an element already
///   present. More make an `immutable.HashSet`, added with `addElem` directly: no further growth.
/// - A bucket is a list sorted by the improved hash `g = h ^ (h >>> 16)` (signed), equal hashes in
///   insertion order; growing splits each list in order. `h` is `TopicPartition.hashCode()`,
///   `31 · (31 + partition) + topic.hashCode()`.
/// - Iteration: bucket by bucket, each list in order.
struct ScalaTopicPartitionSetOrder {
    struct Node {
        let topic: String
        let partition: Int32
        let hash: Int32
    }

    private(set) var table: [[Node]] = Array(repeating: [], count: 16)
    private var threshold = 12
    private(set) var count = 0

    /// `topicPartitions ++= ids.map(new TopicPartition(topic, _)).toSet`.
    mutating func addAll(topic: String, partitions: [Int32]) {
        var seen = Set<Int32>()
        let distinct = partitions.filter { seen.insert($0).inserted }
        sizeHint(distinct.count)
        let topicHash = Self.javaHashCode(topic)
        for partition in distinct {
            let hash = Self.improve(31 &* (31 &+ partition) &+ topicHash)
            if distinct.count <= 4 && count + 1 >= threshold { grow(to: table.count * 2) }
            addElem(Node(topic: topic, partition: partition, hash: hash))
        }
    }

    /// The elements in iteration order.
    var elements: [(topic: String, partition: Int32)] {
        table.flatMap { bucket in bucket.map { (topic: $0.topic, partition: $0.partition) } }
    }

    private mutating func sizeHint(_ size: Int) {
        let target = Self.tableSizeFor(Int(Double(size + 1) / 0.75))
        if target > table.count { grow(to: target) }
    }

    private mutating func addElem(_ node: Node) {
        let index = Int(node.hash) & (table.count - 1)
        var at = 0
        while at < table[index].count && table[index][at].hash <= node.hash {
            let other = table[index][at]
            // TopicPartition.equals: the partition and the topic's UTF-16 code units.
            if other.hash == node.hash && other.partition == node.partition && other.topic.utf16.elementsEqual(node.topic.utf16) { return }
            at += 1
        }
        table[index].insert(node, at: at)
        count += 1
    }

    private mutating func grow(to newLength: Int) {
        threshold = Int(Double(newLength) * 0.75)
        var oldLength = table.count
        table += Array(repeating: [], count: newLength - oldLength)
        while oldLength < newLength {
            for i in 0..<oldLength where !table[i].isEmpty {
                let bucket = table[i]
                table[i] = bucket.filter { Int($0.hash) & oldLength == 0 }
                table[i + oldLength] = bucket.filter { Int($0.hash) & oldLength != 0 }
            }
            oldLength *= 2
        }
    }

    /// `mutable.HashSet.tableSizeFor`: `highestOneBit(max(n − 1, 4)) · 2`, at most 2^30.
    static func tableSizeFor(_ n: Int) -> Int {
        let m = max(n - 1, 4)
        return min((1 << (Int.bitWidth - 1 - m.leadingZeroBitCount)) * 2, 1 << 30)
    }

    /// `mutable.HashSet.improveHash`.
    static func improve(_ h: Int32) -> Int32 {
        Int32(bitPattern: UInt32(bitPattern: h) ^ (UInt32(bitPattern: h) >> 16))
    }

    /// `String.hashCode()`: over UTF-16 code units.
    static func javaHashCode(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
        return h
    }
}
