"""The iteration order of the Scala 2.13 set that Kafka's transaction-log formatter prints.

TransactionLog.readTxnRecordValue (core/src/main/scala/kafka/coordinator/transaction/
TransactionLog.scala) creates `mutable.Set.empty[TopicPartition]` and, for every stored topic
entry, calls `addPartitions(ids.map(new TopicPartition(topic, _)).toSet)`, i.e.
`topicPartitions ++= <immutable set>`. The formatter prints the set with mkString, in the order
of its iterator. This module simulates that set step by step, as the Scala library source does
it (scala/scala 2.13.x, src/library/scala/collection/mutable/HashSet.scala and
immutable/Set.scala), with the table kept as a list of buckets, each a list of (key, hash):

  * mutable.HashSet(): initial capacity 16, load factor 0.75; threshold = (len * 0.75).toInt.
  * addAll(xs): sizeHint(xs.knownSize) first; then an immutable.HashSet (more than four
    distinct elements) is added with addElem directly, any other set (Set1..Set4) one `add`
    at a time, and `add` grows the table when size + 1 >= threshold (before looking for the
    element).
  * addElem keeps each bucket sorted by the improved hash (signed), equal hashes in insertion
    order; growTable splits every bucket, keeping the order.
"""


def i32(v):
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def java_string_hash(s):
    h = 0
    units = s.encode("utf-16-be")
    for i in range(0, len(units), 2):
        h = i32(31 * h + int.from_bytes(units[i:i + 2], "big"))
    return h


def topic_partition_hash(topic, partition):
    # org.apache.kafka.common.TopicPartition.hashCode
    return i32(31 * i32(31 + partition) + java_string_hash(topic))


def improve_hash(h):
    return i32(h ^ ((h & 0xFFFFFFFF) >> 16))


def highest_one_bit(n):
    return 1 << (n.bit_length() - 1) if n > 0 else 0


def table_size_for(capacity):
    return min(highest_one_bit(max(capacity - 1, 4)) * 2, 1 << 30)


class MutableHashSet:
    def __init__(self, initial_capacity=16, load_factor=0.75):
        self.load_factor = load_factor
        self.table = [[] for _ in range(table_size_for(initial_capacity))]
        self.threshold = int(len(self.table) * load_factor)
        self.size = 0

    def _grow(self, new_len):
        old_len = len(self.table)
        self.threshold = int(new_len * self.load_factor)
        self.table += [[] for _ in range(new_len - old_len)]
        while old_len < new_len:
            for i in range(old_len):
                bucket = self.table[i]
                self.table[i] = [n for n in bucket if n[1] & old_len == 0]
                self.table[i + old_len] = [n for n in bucket if n[1] & old_len != 0]
            old_len *= 2

    def size_hint(self, size):
        target = table_size_for(int((size + 1) / self.load_factor))
        if target > len(self.table):
            self._grow(target)

    def _add_elem(self, key, h):
        bucket = self.table[h & (len(self.table) - 1)]
        at = 0
        while at < len(bucket) and bucket[at][1] <= h:
            if bucket[at][1] == h and bucket[at][0] == key:
                return False
            at += 1
        bucket.insert(at, (key, h))
        self.size += 1
        return True

    def add(self, key, h):
        if self.size + 1 >= self.threshold:
            self._grow(len(self.table) * 2)
        return self._add_elem(key, improve_hash(h))

    def add_all(self, elements):
        """`++=` of an immutable Set built with `.toSet` from `elements` (in stored order)."""
        distinct = list(dict.fromkeys(elements))
        self.size_hint(len(distinct))
        if len(distinct) > 4:
            for key in distinct:  # immutable.HashSet.foreachWithHash: no growth check
                self._add_elem(key, improve_hash(topic_partition_hash(*key)))
        else:
            for key in distinct:  # Set1..Set4, in insertion order, through add()
                self.add(key, topic_partition_hash(*key))

    def __iter__(self):
        for bucket in self.table:
            for key, _ in bucket:
                yield key
