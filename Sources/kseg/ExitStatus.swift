import ArgumentParser
import KafkaLog
#if canImport(Glibc)
import Glibc
#endif

/// The project-wide exit statuses (docs/ARCHITECTURE.md): 0 ok, 1 findings, 2 operational failure,
/// 64 usage (swift-argument-parser's validation errors).
enum ExitStatus {
    static let ok: Int32 = 0
    static let findings: Int32 = 1
    static let failure: Int32 = 2

    /// The status for an error that stopped a command: data problems are findings, the rest failures.
    static func status(for error: Error) -> Int32 {
        if let logError = error as? LogError, logError.isDataFinding { return findings }
        return failure
    }

    /// Prints `kseg: error: …` on stderr and exits with the matching status.
    static func fail(_ error: Error) -> ExitCode {
        printError("kseg: error: \(error)")
        return ExitCode(status(for: error))
    }
}

/// Writes a line to stderr (unbuffered, so it interleaves sensibly with progress output), after
/// flushing what `print` buffered for stdout, so the two keep their order in one file or terminal.
func printError(_ line: String) {
    fflush(stdout)
    var text = line + "\n"
    text.withUTF8 { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}
