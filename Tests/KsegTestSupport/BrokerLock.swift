import Foundation

/// Another process holding a log directory's `.lock` as a Kafka broker does: a POSIX record lock
/// (Java's `FileChannel.tryLock`), taken by a small Python child through `fcntl.lockf`.
public final class BrokerLock {
    private let process = Process()
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Returns once the lock is held.
    public init(logDirectory: URL) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import fcntl,sys,time; f=open(sys.argv[1],'w'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)",
                             logDirectory.appendingPathComponent(".lock").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        _ = pipe.fileHandleForReading.availableData // waits for "locked"
    }

    public func release() {
        process.terminate()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { release() } }
}
