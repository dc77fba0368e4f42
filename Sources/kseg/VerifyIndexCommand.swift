import ArgumentParser
import KafkaDump
import KafkaLog
import KafkaMaintenance

/// `kseg verify-index`: offline index checking.
struct VerifyIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-index",
        abstract: "Check every .index, .timeindex and .txnindex against its .log (read-only).",
        discussion: """
        Runs Kafka's own index checks and the ones Kafka lacks: entries on batch starts, strictly \
        increasing, within the log; the time index's last entry; aborted transactions matching the \
        markers; the log's CRCs, offset order and tail. Paths are segment files, partition directories \
        or log directories (verified in parallel). Exit status: 0 clean, 1 findings, 2 failure. \
        See man/kseg-verify-index.1.
        """
    )

    @OptionGroup var paths: SegmentPathArguments
    @OptionGroup var output: OutputOptions
    @OptionGroup var parallel: ParallelOptions

    @Flag(name: .customLong("show-notes"), help: "List index entries that are valid but not in Kafka's canonical form (entries covering several batches).")
    var showNotes = false

    func run() throws {
        let items: [IndexWorkItem]
        do { items = try IndexWorkItem.resolve(paths.paths) } catch { throw ExitStatus.fail(error) }
        let progress = ProgressReporter(label: "verify-index", totalItems: items.count, totalBytes: items.reduce(0) { $0 + $1.logBytes })
        let results = ParallelWork.map(count: items.count, jobs: parallel.jobs ?? processorCount()) { i -> PartitionIndexVerification in
            let result = PartitionIndexVerification.verify(items[i])
            progress.advance(bytes: result.bytesRead)
            return result
        }
        progress.finish()

        let out = OutputStream.standardOutput()
        var findings = 0, notes = 0, segments = 0, bytes = 0, unreadable = 0
        for result in results {
            segments += result.segmentCount
            bytes += result.bytesRead
            notes += result.notes.count
            for finding in result.findings {
                findings += 1
                if finding.check == .unreadable { unreadable += 1 }
                if output.json {
                    out.writeLine(JSONLine.object(["type": .string("finding"), "file": .string(finding.file), "check": .string(finding.check.rawValue),
                                                   "entry": finding.entry.map { .int(Int64($0)) } ?? .null,
                                                   "position": finding.position.map { .int(Int64($0)) } ?? .null,
                                                   "expected": .string(finding.expected), "found": .string(finding.found)]))
                } else {
                    out.writeLine(finding.text)
                }
            }
            if showNotes {
                for note in result.notes {
                    if output.json {
                        out.writeLine(JSONLine.object(["type": .string("note"), "file": .string(note.file), "entry": .int(Int64(note.entry)), "message": .string(note.message)]))
                    } else {
                        out.writeLine("\(note.file): entry \(note.entry): note: \(note.message)")
                    }
                }
            }
        }
        if output.json {
            out.writeLine(JSONLine.object(["type": .string("summary"), "partitions": .int(Int64(items.count)), "segments": .int(Int64(segments)),
                                           "logBytes": .int(Int64(bytes)), "findings": .int(Int64(findings)), "notes": .int(Int64(notes))]))
        } else {
            var line = "verify-index: \(items.count) partition\(items.count == 1 ? "" : "s"), \(segments) segment\(segments == 1 ? "" : "s"), \(bytes) bytes of log checked: \(findings) finding\(findings == 1 ? "" : "s")"
            if notes > 0 && !showNotes { line += " (\(notes) valid non-canonical entries; --show-notes lists them)" }
            out.writeLine(line)
        }
        out.flush()
        if unreadable > 0 && unreadable == findings { throw ExitCode(ExitStatus.failure) }
        if findings > 0 { throw ExitCode(ExitStatus.findings) }
    }
}
