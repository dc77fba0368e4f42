import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import KafkaDump
import KafkaLog
import KafkaMaintenance

/// `kseg retention`: Kafka's retention, offline, with a dry run first.
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Delete the segments Kafka's retention would delete (log start offset, retention.bytes, retention.ms); a dry run unless --execute.",
        discussion: """
        Applies exactly Kafka's retention rules, in Kafka's order, to stopped brokers' partitions: per \
        partition, every segment with its size, largest timestamp (and whether it came from the time \
        index, the batches or the .log mtime) and the rule that deletes it or the reason it stays. The \
        high watermark comes from replication-offset-checkpoint (a partition without one keeps \
        everything above its log start offset unless --missing-high-watermark log-end), the log start \
        offset from log-start-offset-checkpoint. --execute takes the log directory's .lock (refusing \
        while a broker holds it), runs Kafka's start-up recovery of leftovers, rolls a new empty segment \
        when every segment goes, renames the segments and their producer snapshots to .deleted and \
        removes them, and rewrites leader-epoch-checkpoint and log-start-offset-checkpoint as Kafka \
        would. Exit status: 0 done (or nothing to do), 1 partitions refused or corrupt (their data is \
        kept), 2 failure (e.g. a broker holds the lock), 64 usage. See man/kseg-retention.1.
        """
    )

    @OptionGroup var paths: LogPathArguments
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var parallel: ParallelOptions

    @OptionGroup var missingHighWatermark: MissingHighWatermarkOption

    @Flag(name: .customLong("as-recovered"),
          help: "For a partition whose last segment ends in a torn or corrupt batch: judge it as Kafka's recovery would leave it and apply retention to the older segments (the last segment is kept). Without it such partitions are left alone.")
    var asRecovered = false

    @Option(name: .customLong("log.cleaner.enable"),
            help: ArgumentHelp("The broker's log.cleaner.enable: false means no retention at all for topics whose cleanup.policy contains compact (default true).", valueName: "true|false"))
    var logCleanerEnable: String?

    @Flag(name: .customLong("changes-only"),
          help: "Report only partitions with something to delete or rewrite, refused ones and ones with findings (the summary still counts all).")
    var changesOnly = false

    @OptionGroup(title: "Topic settings (Kafka's names; they apply to every topic unless --topic-config says otherwise)")
    var topics: TopicConfigOptions

    func validate() throws {
        if let logCleanerEnable, !["true", "false"].contains(logCleanerEnable.lowercased()) {
            throw ValidationError("Invalid value \(logCleanerEnable) for configuration log.cleaner.enable: Expected value to be either true or false")
        }
    }

    func run() throws {
        // `kseg retention --execute … | head` must not die between two steps: a closed pipe only
        // silences the report (OutputStream drops output after EPIPE).
        signal(SIGPIPE, SIG_IGN)
        let targets: [MaintenanceTarget]
        let options: RetentionOptions
        do {
            targets = try MaintenanceTarget.resolve(paths: paths.paths)
            var configs = try topics.configSet()
            if let logCleanerEnable { configs.cleaner = try configs.cleaner.applying(["log.cleaner.enable": logCleanerEnable]) }
            options = RetentionOptions(configs: configs, nowMs: topics.nowMs, missingHighWatermark: missingHighWatermark.value, asRecovered: asRecovered)
        } catch {
            throw ExitStatus.fail(error)
        }
        let report = RetentionReport(out: OutputStream.standardOutput(), json: output.json, execute: execution.execute)
        let jobs = parallel.jobs ?? processorCount()
        var run = RetentionRun(report: report, changesOnly: changesOnly)
        for target in targets {
            if execution.execute {
                run.execute(target, options: options, jobs: jobs)
            } else {
                run.dryRun(target, options: options, jobs: jobs)
            }
        }
        report.summary(run.totals)
        report.out.flush()
        if run.status != ExitStatus.ok { throw ExitCode(run.status) }
    }
}

/// One run over the targets: prints as it goes and keeps the exit status.
struct RetentionRun {
    let report: RetentionReport
    let changesOnly: Bool
    var totals = RetentionReport.Totals()
    var status = ExitStatus.ok

    mutating func dryRun(_ target: MaintenanceTarget, options: RetentionOptions, jobs: Int) {
        let checkpoints: RetentionCheckpoints
        do { checkpoints = try RetentionCheckpoints.read(logDirectory: target.logDirectory) } catch {
            fail(target.logDirectory, error, partitions: target.partitions.count)
            return
        }
        let plans = ParallelWork.map(count: target.partitions.count, jobs: jobs) { i in
            Result { try PartitionRetentionPlan.make(partition: target.partitions[i], checkpoints: checkpoints, options: options) }
        }
        for (directory, result) in zip(target.partitions, plans) {
            switch result {
            case .success(let plan): show(plan, visible: shows(plan))
            case .failure(let error): fail(directory, error)
            }
        }
    }

    mutating func execute(_ target: MaintenanceTarget, options: RetentionOptions, jobs: Int) {
        typealias Done = (plan: PartitionRetentionPlan, preparation: RetentionExecution.Preparation, report: RetentionExecution.Report, error: Error?)
        do {
            try target.withLock {
                let checkpoints = try RetentionCheckpoints.read(logDirectory: target.logDirectory)
                let results = ParallelWork.map(count: target.partitions.count, jobs: jobs) { i -> Result<Done, Error> in
                    Result {
                        // A refused partition is left exactly as it is, leftovers included; the others are
                        // brought to the state the broker would load, then planned again from that state.
                        let directory = target.partitions[i]
                        var plan = try PartitionRetentionPlan.make(partition: directory, checkpoints: checkpoints, options: options)
                        var preparation = RetentionExecution.Preparation()
                        if plan.refusal == nil {
                            preparation = try RetentionExecution.prepare(partition: directory)
                            if !preparation.isEmpty {
                                plan = try PartitionRetentionPlan.make(partition: directory, checkpoints: checkpoints, options: options)
                            }
                        }
                        var done = RetentionExecution.Report()
                        do {
                            try RetentionExecution.execute(plan, into: &done)
                            return (plan, preparation, done, nil)
                        } catch {
                            return (plan, preparation, done, error)
                        }
                    }
                }
                var executed: [PartitionRetentionPlan] = []
                for (directory, result) in zip(target.partitions, results) {
                    switch result {
                    case .failure(let error):
                        fail(directory, error)
                    case .success(let done):
                        let visible = shows(done.plan, done.preparation)
                        show(done.plan, visible: visible, deleted: (done.report.segmentsDeleted, done.report.bytesDeleted))
                        if visible || done.error != nil { report.executed(done.plan, done.preparation, done.report) }
                        if let error = done.error { fail(directory, error) } else { executed.append(done.plan) }
                    }
                }
                let changed = executed.filter { $0.refusal == nil && $0.logStartCheckpointChanges }.count
                if try RetentionExecution.writeLogStartCheckpoint(checkpoints, plans: executed) {
                    report.checkpointWritten(FileSystem.join(target.logDirectory, OffsetCheckpointFile.logStartOffset), entries: changed)
                }
            }
        } catch {
            fail(target.logDirectory, error, partitions: 0)
        }
    }

    /// Whether `--changes-only` lets the partition through.
    private func shows(_ plan: PartitionRetentionPlan, _ preparation: RetentionExecution.Preparation? = nil) -> Bool {
        !changesOnly || plan.hasChanges || plan.refusal != nil || !plan.findings.isEmpty || !plan.leftovers.isEmpty
            || !(preparation?.isEmpty ?? true)
    }

    private mutating func show(_ plan: PartitionRetentionPlan, visible: Bool, deleted: (segments: Int, bytes: Int64)? = nil) {
        if visible { report.plan(plan) }
        totals.add(plan, deleted: deleted)
        if let refusal = plan.refusal {
            report.out.flush()
            printError("kseg: refused \(plan.directory) (\(refusal.kind.rawValue)): \(refusal.detail)")
            status = max(status, ExitStatus.findings)
        }
        for finding in plan.findings {
            report.out.flush()
            printError("kseg: finding: \(plan.directory): \(finding)")
            status = max(status, ExitStatus.findings)
        }
    }

    private mutating func fail(_ path: String, _ error: Error, partitions: Int = 1) {
        report.out.flush()
        let message = "\(error)"
        printError("kseg: error: \(message.hasPrefix(path) ? message : "\(path): \(message)")")
        report.error(path, message)
        totals.failed += max(partitions, 1)
        status = max(status, ExitStatus.status(for: error))
    }
}
