#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// A test hook for crash safety: with `KSEG_TEST_KILL_AT_STEP=N` in the environment, the process
/// kills itself with SIGKILL when it reaches the N-th durable step of `compact --execute` (a file
/// completed, renamed, removed, a checkpoint written). Tests run N = 1, 2, … until a run completes,
/// so every intermediate state is produced once; without the variable this does nothing.
enum CrashPoint {
    nonisolated(unsafe) private static let target: Int? = getenv("KSEG_TEST_KILL_AT_STEP").flatMap { Int(String(cString: $0)) }
    nonisolated(unsafe) private static var count = 0
    private static let lock = DispatchSemaphore(value: 1)

    static func reached() {
        guard let target else { return }
        lock.wait()
        count += 1
        let now = count
        lock.signal()
        if now == target { kill(getpid(), SIGKILL) }
    }
}
