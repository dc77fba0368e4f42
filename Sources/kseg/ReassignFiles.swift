#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import KafkaReassign

/// Reading the planner's input files and writing its JSON outputs, with errors carrying
/// the path and `errno`. Outputs are written to a temporary sibling and renamed, so a
/// reassignment file is either complete or absent, never half-written.
enum ReassignFiles {
    /// Reads a whole file; "-" reads standard input.
    static func readAll(_ path: String) throws -> [UInt8] {
        let descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReassignError.io(path: path, operation: "open", errno: errno) }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw ReassignError.io(path: path, operation: "read", errno: errno)
            }
            if got == 0 { return result }
            result.append(contentsOf: chunk[0..<got])
        }
    }

    /// Writes `text` plus a newline to `path` atomically (temporary file, fsync, rename).
    static func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw ReassignError.io(path: temporary, operation: "open", errno: errno) }
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        var written = 0
        while written < bytes.count {
            let done = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if done < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw ReassignError.io(path: temporary, operation: "write", errno: code)
            }
            written += done
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw ReassignError.io(path: temporary, operation: "fsync", errno: code)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw ReassignError.io(path: path, operation: "rename", errno: code)
        }
    }

    /// Writes a line to standard error after flushing standard output, so the two streams
    /// interleave in the order they were written when both go to one terminal or file.
    static func printError(_ text: String) {
        fflush(stdout)
        fputs(text + "\n", stderr)
    }
}
