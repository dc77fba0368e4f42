import Dispatch

/// Runs `count` independent work items on `jobs` threads, returning results in item order.
/// Items are handed out one at a time, so a large partition does not hold up the others.
public enum ParallelWork {
    public static func map<T>(count: Int, jobs: Int, _ body: @escaping (Int) -> T) -> [T] {
        let results = ResultSlots<T>(count: count)
        let next = Counter()
        let group = DispatchGroup()
        for _ in 0..<max(1, min(jobs, count)) {
            DispatchQueue.global().async(group: group) {
                while true {
                    let i = next.take()
                    if i >= count { return }
                    // Each slot is written by exactly one worker.
                    results.slots[i] = body(i)
                }
            }
        }
        group.wait()
        return (0..<count).map { results.slots[$0]! }
    }

    /// One slot per item; each slot is written by exactly one worker, and read only after all finished.
    final class ResultSlots<T>: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<T?>
        init(count: Int) {
            slots = .allocate(capacity: max(count, 1))
            slots.initialize(repeating: nil)
        }
        deinit {
            slots.deinitialize()
            slots.deallocate()
        }
    }

    /// A thread-safe counter handing out item numbers.
    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = DispatchSemaphore(value: 1)
        func take() -> Int {
            lock.wait()
            defer { value += 1; lock.signal() }
            return value
        }
    }
}

/// The number of online processors (the default for `--jobs`).
public func processorCount() -> Int {
    #if canImport(Glibc)
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
    return 1
    #endif
}

#if canImport(Glibc)
import Glibc
#endif
