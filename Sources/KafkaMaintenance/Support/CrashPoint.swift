#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// A fail point for crash-safety tests. With `KSEG_CRASH_AFTER=N` in the environment the process
/// dies on reaching its (N+1)-th crash point, with `_exit(137)`: no buffers flushed, no cleanup, as
/// after SIGKILL. Executors mark every step between two durable states, so a test can stop a run at
/// each of them in turn. Without the variable a crash point costs one load.
public enum CrashPoint {
    public static let environmentVariable = "KSEG_CRASH_AFTER"
    static let limit: Int? = getenv(environmentVariable).flatMap { Int(String(cString: $0)) }
    nonisolated(unsafe) static var reached = 0
    static let lock = DispatchSemaphore(value: 1)

    /// Called before each mutating step.
    @inline(__always)
    public static func step() {
        guard let limit else { return }
        lock.wait()
        defer { lock.signal() }
        if reached >= limit { _exit(137) }
        reached += 1
    }
}
