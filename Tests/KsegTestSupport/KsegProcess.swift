import Foundation

/// Runs the built `kseg` executable (the real binary, as users run it).
public enum KsegProcess {
    public struct Result {
        public var stdout: Data
        public var stderr: Data
        /// The exit status; for a run ended by a signal, the signal number (as `Process` reports it).
        public var status: Int32
        /// The signal that ended the run (a trap is SIGILL or SIGTRAP), nil when it exited.
        public var signal: Int32? = nil
        /// Peak resident memory of the child in KiB (`ru_maxrss`), when measured (`runMeasuringMemory`).
        public var maxResidentKiB: Int? = nil
        public var out: String { String(decoding: stdout, as: UTF8.self) }
        public var err: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// A run that did not finish within its timeout: it was killed with SIGKILL.
    public struct TimedOut: Error, CustomStringConvertible {
        public var arguments: [String]
        public var seconds: Double
        public var stderr: Data
        public var description: String {
            "kseg \(arguments.joined(separator: " ")) did not finish within \(seconds) s and was killed; its stderr so far: "
                + String(decoding: stderr.suffix(2000), as: UTF8.self)
        }
    }

    /// `$KSEG_BINARY`, else the `kseg` built next to the test binary in `.build/<config>/`.
    public static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["KSEG_BINARY"] { return URL(fileURLWithPath: override) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("kseg").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("kseg")
    }

    /// Runs kseg to completion. `environment` entries are added to the test's own environment. With
    /// `stdin`, the child reads those bytes and then end of file (without, it inherits the test's
    /// stdin). A run still going after `timeout` seconds is killed and reported by throwing `TimedOut`.
    public static func run(_ arguments: [String], currentDirectory: String? = nil, environment: [String: String] = [:],
                           stdin: Data? = nil, timeout: TimeInterval = 120) throws -> Result {
        try run(executable: executable, arguments, currentDirectory: currentDirectory, environment: environment,
                stdin: stdin, timeout: timeout)
    }

    /// Runs another program (a Python reader, a generator) the same way.
    public static func run(executable: URL, _ arguments: [String], currentDirectory: String? = nil,
                           environment: [String: String] = [:], stdin: Data? = nil, timeout: TimeInterval = 120) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = stdin.map { _ in Pipe() }
        if let inPipe { process.standardInput = inPipe }
        try process.run()
        if let inPipe, let stdin {
            inPipe.fileHandleForWriting.write(stdin)
            inPipe.fileHandleForWriting.closeFile()
        }
        let killer = Killer(pid: process.processIdentifier)
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
            if process.isRunning { killer.kill() }
        }
        // Drain both pipes concurrently so a large output cannot block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let errBox = Box()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errBox.data = errPipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        killer.disarm()
        if killer.fired { throw TimedOut(arguments: arguments, seconds: timeout, stderr: errBox.data) }
        return Result(stdout: outData, stderr: errBox.data, status: process.terminationStatus,
                      signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil)
    }

    /// Sends SIGKILL once, unless disarmed first (after the child was reaped, its pid may be reused).
    private final class Killer: @unchecked Sendable {
        private let pid: Int32
        private let lock = NSLock()
        private var armed = true
        private(set) var fired = false
        init(pid: Int32) { self.pid = pid }
        func kill() {
            lock.lock(); defer { lock.unlock() }
            guard armed else { return }
            fired = true
            _ = Foundation.kill(pid, SIGKILL)
        }
        func disarm() { lock.lock(); armed = false; lock.unlock() }
    }

    /// Runs kseg as `run` does, with stdout and stderr collected through files, and also reports the
    /// child's peak resident memory (`ru_maxrss` from `wait4`, which `Process` does not expose).
    public static func runMeasuringMemory(_ arguments: [String], timeout: TimeInterval = 120) throws -> Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-rss-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outPath = dir.appendingPathComponent("stdout").path, errPath = dir.appendingPathComponent("stderr").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        var status: Int32 = 0
        var usage = rusage()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            if Date() > deadline && !timedOut {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(5_000)
        }
        let stderr = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        if timedOut { throw TimedOut(arguments: arguments, seconds: timeout, stderr: stderr) }
        let signal = status & 0x7f
        return Result(stdout: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(), stderr: stderr,
                      status: signal == 0 ? (status >> 8) & 0xff : signal, signal: signal == 0 ? nil : signal,
                      maxResidentKiB: usage.ru_maxrss)
    }
}

extension KsegProcess {
    /// Starts kseg with its output discarded, sends `signal` (SIGKILL unless told) after
    /// `microseconds`, and waits for it.
    /// Returns true when the kill interrupted the run (false: it had already finished), so crash
    /// loops can assert that they interrupted something.
    public static func runAndKill(_ arguments: [String], afterMicroseconds microseconds: UInt32,
                                  environment: [String: String] = [:], signal: Int32 = SIGKILL) throws -> Bool {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(microseconds)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }
}

/// Paths of the repository and its fixtures, for tests.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let fixtures = root.appendingPathComponent("Fixtures")

    /// A fresh, writable copy of `Fixtures/<relative>` in a new temporary directory; returns the copy's path.
    public static func temporaryCopy(of relative: String, into logDirName: String = "logdir") throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kseg-test-\(UUID().uuidString)").appendingPathComponent(logDirName)
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        let source = fixtures.appendingPathComponent(relative)
        let destination = base.appendingPathComponent(source.lastPathComponent)
        try FileManager.default.copyItem(at: source, to: destination)
        // Fixture files may be read-only; copies must be writable. Drop the readers' listings.
        for name in try FileManager.default.contentsOfDirectory(atPath: destination.path) {
            let path = destination.appendingPathComponent(name).path
            if name.hasSuffix(".json") { try FileManager.default.removeItem(atPath: path); continue }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            try FileManager.default.setAttributes([.posixPermissions: isDirectory.boolValue ? 0o755 : 0o644], ofItemAtPath: path)
        }
        return destination
    }
}
