import KafkaLog
import KafkaRecords

/// `kseg dump-log-segments`: Kafka's `kafka-dump-log.sh`, line for line, plus JSON, seeking, and
/// directories and checkpoint files (see man/kseg-dump-log-segments.1).
public enum DumpLogSegments {
    /// Dumps `files` in order and returns the exit status: 0 as Kafka (also when it reports invalid
    /// CRCs, trailing bytes or index mismatches), 1 where Kafka would abort on corrupt data, 2 when a
    /// file cannot be opened or read.
    public static func run(files: [String], options: DumpOptions, stdout: OutputStream, stderr: OutputStream) -> Int32 {
        let run = DumpRun(options: options, out: stdout, err: stderr)
        for file in files { run.dumpFile(file) }
        run.finish()
        return run.exitStatus
    }

    /// Expands positional paths (files, partition directories, log directories) into files.
    public static func expand(paths: [String]) throws -> [String] {
        try paths.flatMap { try LogDirectoryLayout.expand($0) }
    }
}

/// The state of one dump run: options, output streams, end-of-run findings, exit status.
final class DumpRun {
    let options: DumpOptions
    let out: OutputStream
    let err: OutputStream
    let findings = DumpFindings()
    var exitStatus: Int32 = 0
    let workingDirectory = FileSystem.currentDirectory()
    /// Decompression scratch, reused for every batch.
    var scratch = ByteBuffer(capacity: 1 << 16)

    init(options: DumpOptions, out: OutputStream, err: OutputStream) {
        self.options = options
        self.out = out
        self.err = err
    }

    /// Kafka normalises paths as `java.io.File` does: repeated `/` collapse, a trailing `/` goes.
    static func normalize(_ path: String) -> String {
        var result = ""
        var previousSlash = false
        for c in path {
            if c == "/" {
                if previousSlash { continue }
                previousSlash = true
            } else {
                previousSlash = false
            }
            result.append(c)
        }
        if result.count > 1 && result.hasSuffix("/") { result.removeLast() }
        return result
    }

    /// The absolute form used by Kafka's end-of-run sections (no `.`/`..` resolution).
    func absolute(_ normalized: String) -> String {
        normalized.hasPrefix("/") ? normalized : FileSystem.join(workingDirectory, normalized)
    }

    // MARK: - Reporting

    /// A problem Kafka's tool would abort on (corrupt data): reported, and the run goes on.
    func reportCorruption(_ message: String, file: String) {
        exitStatus = max(exitStatus, 1)
        report(kind: "corruption", message: message, file: file)
    }

    /// A failure to run: a file that cannot be opened or read.
    func reportFailure(_ message: String, file: String) {
        exitStatus = 2
        report(kind: "error", message: message, file: file)
    }

    func report(_ error: Error, file: String) {
        if let logError = error as? LogError, !logError.isDataFinding {
            reportFailure(logError.description, file: file)
        } else {
            reportCorruption("\(error)", file: file)
        }
    }

    private func report(kind: StaticString, message: String, file: String) {
        if options.json {
            var w = JSONObjectWriter(type: "finding", into: &out.buffer)
            w.fieldStatic("finding", kind, &out.buffer)
            w.field("file", file, &out.buffer)
            w.field("message", message, &out.buffer)
            w.close(&out.buffer)
        }
        out.flush()
        err.writeLine("kseg: \(kind): \(message)")
        err.flush()
    }

    /// A note that is not a finding (e.g. a seek falling back to a scan).
    func note(_ message: String) {
        out.flush()
        err.writeLine("kseg: note: \(message)")
        err.flush()
    }

    // MARK: - Dispatch

    func dumpFile(_ given: String) {
        let path = DumpRun.normalize(given)
        let name = LogFileName.fileName(of: path)
        if options.json {
            var w = JSONObjectWriter(type: "file", into: &out.buffer)
            w.field("path", path, &out.buffer)
            w.close(&out.buffer)
        } else {
            out.writeLine("Dumping \(path)")
        }
        if given.isEmpty {
            reportFailure("empty file name in the file list", file: given)
            return
        }
        // kseg's additions: checkpoint and metadata files, known by their whole names.
        if MetadataFileDump.handles(name) {
            MetadataFileDump(run: self).dump(path: path, name: name)
            return
        }
        switch LogFileName.dispatchSuffix(of: path) {
        case ".log", ".checkpoint": LogFileDump(run: self).dump(path: path, name: name)
        case ".index": IndexFileDump(run: self).dumpOffsetIndex(path: path, name: name)
        case ".timeindex": IndexFileDump(run: self).dumpTimeIndex(path: path, name: name)
        case ".txnindex": MetadataFileDump(run: self).dumpTransactionIndex(path: path, name: name)
        case ".snapshot": MetadataFileDump(run: self).dumpProducerSnapshot(path: path)
        case nil:
            reportCorruption("\(path): the file name has no suffix, which Kafka's tool aborts on (StringIndexOutOfBoundsException)", file: path)
        default:
            if options.json {
                var w = JSONObjectWriter(type: "finding", into: &out.buffer)
                w.fieldStatic("finding", "unknownFile", &out.buffer)
                w.field("file", path, &out.buffer)
                w.close(&out.buffer)
            }
            out.flush()
            err.writeLine("Ignoring unknown file \(path)")
            err.flush()
        }
        out.flushIfFull()
    }

    func finish() {
        out.flush()
        if !options.json && !findings.isEmpty {
            findings.render(into: err)
        }
        err.flush()
        out.flush()
    }

    /// The sibling file with the same base-offset prefix and another suffix.
    static func sibling(of path: String, suffix: String) -> String {
        let directory = LogFileName.directory(of: path)
        let name = LogFileName.fileName(of: path)
        let stem = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        return path.contains("/") ? FileSystem.join(directory, stem + suffix) : stem + suffix
    }
}
