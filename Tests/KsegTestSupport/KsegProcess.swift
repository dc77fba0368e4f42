import Foundation

/// Runs the built `kseg` executable (the real binary, as users run it).
public enum KsegProcess {
    public struct Result {
        public var stdout: Data
        public var stderr: Data
        public var status: Int32
        public var out: String { String(decoding: stdout, as: UTF8.self) }
        public var err: String { String(decoding: stderr, as: UTF8.self) }
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

    /// Runs kseg to completion. `environment` entries are added to the test's own environment.
    public static func run(_ arguments: [String], currentDirectory: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try run(executable: executable, arguments, currentDirectory: currentDirectory, environment: environment)
    }

    /// Runs another program (a Python reader, a generator) to completion, the same way.
    public static func run(executable: URL, _ arguments: [String], currentDirectory: String? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let outPipe = Pipe(), errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        try process.run()
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
        return Result(stdout: outData, stderr: errBox.data, status: process.terminationStatus)
    }
}

extension KsegProcess {
    /// Starts kseg with its output discarded, sends SIGKILL after `microseconds`, and waits for it.
    /// Returns true when the kill interrupted the run (false: it had already finished), so crash
    /// loops can assert that they interrupted something.
    public static func runAndKill(_ arguments: [String], afterMicroseconds microseconds: UInt32,
                                  environment: [String: String] = [:]) throws -> Bool {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(microseconds)
        kill(process.processIdentifier, SIGKILL)
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
