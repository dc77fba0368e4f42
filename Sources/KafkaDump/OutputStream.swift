#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaRecords

/// A buffered writer to a file descriptor (stdout or stderr), or to memory for tests.
///
/// Text is built straight into `buffer` and written in large chunks: the dump's record lines are
/// produced at millions per second, where per-line `print` calls would dominate the run time.
public final class OutputStream {
    public var buffer = ByteBuffer(capacity: 1 << 17)
    private let descriptor: Int32?
    /// Everything written, when capturing (tests).
    public private(set) var captured: [UInt8] = []
    private let flushThreshold = 1 << 16
    /// Set when a write fails (e.g. EPIPE after `| head`): further output is dropped.
    public private(set) var failed = false

    public init(descriptor: Int32) { self.descriptor = descriptor }
    public init(capturing: Void = ()) { self.descriptor = nil }

    public static func standardOutput() -> OutputStream { OutputStream(descriptor: 1) }
    public static func standardError() -> OutputStream { OutputStream(descriptor: 2) }

    /// Writes out the buffer once it is large enough.
    @inline(__always)
    public func flushIfFull() {
        if buffer.count >= flushThreshold { flush() }
    }

    public func flush() { drain(&buffer) }

    /// Writes out and empties `local`, a buffer a hot loop has taken from `buffer` to work on without
    /// touching this object per line.
    public func drain(_ local: inout ByteBuffer) {
        defer { local.removeAll() }
        guard local.count > 0 else { return }
        guard let descriptor else {
            captured.append(contentsOf: local.bytes)
            return
        }
        if failed { return }
        var offset = 0
        while offset < local.count {
            let n = Glibc.write(descriptor, local.pointer + offset, local.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failed = true
                return
            }
            offset += n
        }
    }

    /// The size above which hot loops drain their local buffer.
    public static let drainThreshold = 1 << 16

    public func write(_ text: String) {
        buffer.appendString(text)
        flushIfFull()
    }

    public func writeLine(_ text: String) {
        buffer.appendString(text)
        buffer.append(0x0A)
        flushIfFull()
    }
}
