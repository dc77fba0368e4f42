#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// A one-line progress display on stderr (partitions and bytes done, rate, ETA), shown only when
/// stderr is a terminal so that cron mails and pipes stay clean. Thread-safe; redraws at most 5×/s.
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let totalItems: Int
    private let totalBytes: Int
    private let enabled: Bool
    private var items = 0
    private var bytes = 0
    private let start = DispatchTime.now()
    private var lastDraw: UInt64 = 0
    private let lock = DispatchSemaphore(value: 1)

    /// `totalBytes` is only evaluated when the display is shown (stderr is a terminal): sizing a
    /// large log directory costs a stat per segment.
    public init(label: String, totalItems: Int, totalBytes: @autoclosure () -> Int, enabled: Bool = isatty(2) != 0) {
        self.label = label
        self.totalItems = totalItems
        self.totalBytes = enabled ? totalBytes() : 0
        self.enabled = enabled
    }

    public func advance(items: Int = 1, bytes: Int) {
        guard enabled else { return }
        lock.wait()
        defer { lock.signal() }
        self.items += items
        self.bytes += bytes
        let now = DispatchTime.now().uptimeNanoseconds
        if now - lastDraw < 200_000_000 && self.items < totalItems { return }
        lastDraw = now
        let seconds = Double(now - start.uptimeNanoseconds) / 1e9
        let rate = seconds > 0 ? Double(self.bytes) / seconds : 0
        let eta = rate > 0 ? Double(totalBytes - self.bytes) / rate : 0
        let line = "\r\(label): \(self.items)/\(totalItems) partitions, \(Self.size(self.bytes))/\(Self.size(totalBytes)), \(Self.size(Int(rate)))/s, ETA \(Int(eta.rounded()))s   "
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// Clears the line.
    public func finish() {
        guard enabled else { return }
        let clear = "\r" + String(repeating: " ", count: 100) + "\r"
        _ = clear.withCString { write(2, $0, strlen($0)) }
    }

    static func size(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(Int(value * 10) / 10) + "." + String(Int(value * 10) % 10) + " " + units[unit]
    }
}
