#if canImport(Glibc)
import Glibc
#endif
import KafkaLog

/// Kafka's `SkimpyOffsetMap` (maintenance §2.3): key digest → latest offset, in one block of memory
/// of at most `log.cleaner.dedupe.buffer.size / log.cleaner.threads` bytes, 24 bytes per slot
/// (16-byte digest, 8-byte offset), open addressing with linear probing.
///
/// The map counts as full at `floor(slots × load factor)` distinct keys, as Kafka's does, so a round
/// ends where Kafka's would. The block is an anonymous mapping: untouched slots cost no memory, and
/// `clear` hands the pages back to the kernel.
final class OffsetMap {
    static let bytesPerSlot = 24

    let slots: Int
    /// Distinct keys the map takes before it counts as full.
    let capacity: Int
    private(set) var size = 0
    /// The last offset the map covers (`latestOffset`); −1 when empty.
    private(set) var latestOffset: Int64 = -1
    private let memory: UnsafeMutableRawPointer
    private let mappedBytes: Int
    private let table: UnsafeMutablePointer<UInt64>
    let hasher: KeyHasher

    /// `memory` bytes of map (already divided by the cleaner threads and capped at 2³¹ − 1).
    init(memory bytes: Int, loadFactor: Double, hasher: KeyHasher = .random()) throws {
        slots = bytes / Self.bytesPerSlot
        capacity = Int(Double(slots) * loadFactor)
        guard Double(slots) * loadFactor > 1 else {
            throw CompactionError.offsetMapTooSmall(bytes: bytes, slots: slots)
        }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        mappedBytes = (slots * Self.bytesPerSlot + page - 1) / page * page
        guard let address = mmap(nil, mappedBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              address != MAP_FAILED else {
            throw CompactionError.outOfMemory(bytes: mappedBytes)
        }
        memory = address
        // No MADV_HUGEPAGE: measured, the huge pages saved little probing time, and finding free 2 MiB
        // pages (direct compaction) sometimes cost more than the whole map-building pass.
        table = address.bindMemory(to: UInt64.self, capacity: slots * 3)
        self.hasher = hasher
    }

    deinit { munmap(memory, mappedBytes) }

    var isFull: Bool { size >= capacity }

    /// Fraction of the usable capacity in use.
    var utilization: Double { Double(size) / Double(slots) }

    @inline(__always)
    private func firstSlot(_ h1: UInt64) -> Int {
        Int(truncatingIfNeeded: h1.multipliedFullWidth(by: UInt64(slots)).high)
    }

    /// Stores `offset` as the latest for `key`. The caller checks `isFull` first, as Kafka's
    /// `buildOffsetMapForSegment` does before every insertion.
    @inline(__always)
    func put(_ key: UnsafeRawBufferPointer, offset: Int64) {
        let (h1, h2) = hasher.digest(key)
        put(digest: h1, h2, offset: offset)
    }

    /// `put` with a digest computed earlier (see `touch`).
    @inline(__always)
    func put(digest h1: UInt64, _ h2: UInt64, offset: Int64) {
        var slot = firstSlot(h1)
        while true {
            let entry = table + slot * 3
            let s1 = entry[0], s2 = entry[1]
            if s1 == 0 && s2 == 0 {
                entry[0] = h1
                entry[1] = h2
                entry[2] = UInt64(bitPattern: offset)
                size += 1
                break
            }
            if s1 == h1 && s2 == h2 {
                entry[2] = UInt64(bitPattern: offset)
                break
            }
            slot += 1
            if slot == slots { slot = 0 }
        }
        latestOffset = offset
    }

    /// Starts loading the slot a digest probes first, so that a run of later `put`s finds their slots
    /// in cache: the loads of a whole batch's keys overlap instead of waiting one after another.
    /// Returns a word to fold into a sink, so the load is not optimised away.
    @inline(__always)
    func touch(_ h1: UInt64) -> UInt64 { table[firstSlot(h1) * 3] }

    /// Calls `body` with every stored offset (in table order).
    func forEachOffset(_ body: (Int64) -> Void) {
        for slot in 0..<slots {
            let entry = table + slot * 3
            if entry[0] != 0 || entry[1] != 0 { body(Int64(bitPattern: entry[2])) }
        }
    }

    /// The latest offset stored for `key`, or −1.
    @inline(__always)
    func get(_ key: UnsafeRawBufferPointer) -> Int64 {
        let (h1, h2) = hasher.digest(key)
        var slot = firstSlot(h1)
        var probes = 0
        while probes < slots {
            let entry = table + slot * 3
            let s1 = entry[0], s2 = entry[1]
            if s1 == h1 && s2 == h2 { return Int64(bitPattern: entry[2]) }
            if s1 == 0 && s2 == 0 { return -1 }
            slot += 1
            if slot == slots { slot = 0 }
            probes += 1
        }
        return -1
    }

    /// Kafka's `updateLatestOffset`.
    func updateLatestOffset(_ offset: Int64) { latestOffset = offset }

    /// Empties the map and returns its pages to the kernel.
    func clear() {
        #if os(Linux)
        _ = madvise(memory, mappedBytes, MADV_DONTNEED)
        #else
        memset(memory, 0, mappedBytes)
        #endif
        size = 0
        latestOffset = -1
    }
}
