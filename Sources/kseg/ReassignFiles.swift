#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaLog

/// Reading the planner's input files. Unlike the engine's `ReadOnlyFile`, which maps or
/// `pread`s regular files of known size, this streams, so that `-` (standard input) and
/// process substitution (`--current-assignment <(kafka-reassign-partitions.sh ...)`) work.
/// Outputs are written with the engine's `AtomicFile`, so a plan is complete or absent.
enum ReassignFiles {
    /// Reads a whole file, pipe or, for "-", standard input.
    static func readAll(_ path: String) throws -> [UInt8] {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw LogError.io(path: path, operation: "open", errno: errno) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw LogError.io(path: path, operation: "read", errno: errno)
            }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0..<got])
        }
    }
}
