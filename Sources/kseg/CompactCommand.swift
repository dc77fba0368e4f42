import ArgumentParser
import Dispatch
import KafkaDump
import KafkaLog
import KafkaMaintenance

/// `kseg compact`: offline log compaction with the broker's cleaner semantics.
struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact partitions offline exactly as Kafka's log cleaner does (dry run by default).",
        discussion: """
        For each partition whose cleanup.policy includes compact, shows the cleanable range and why it \
        ends where it does, the keys in the offset map, the records and bytes that would go (superseded \
        values, tombstones and transaction markers past their delete horizon, aborted transactional \
        data, records without a key), and which segments would be grouped into which cleaned segment. \
        --execute cleans under the log directory's .lock: new segments are written as .cleaned files, \
        fsynced, swapped in through .swap as the broker does, and cleaner-offset-checkpoint is updated. \
        Topic settings are Kafka's property names (flags, --config FILE, --topic-config TOPIC=FILE); \
        defaults are Kafka's. Exit status: 0 ok, 1 partitions refused because their data is corrupt, \
        2 failure (e.g. a broker holds the lock), 64 usage error. See man/kseg-compact.1.
        """
    )

    @OptionGroup var paths: LogPathArguments
    @OptionGroup var execution: ExecutionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var topicConfig: TopicConfigOptions

    @OptionGroup var missingHighWatermark: MissingHighWatermarkOption

    @Flag(name: .customLong("only-eligible"),
          help: "Skip partitions the broker's cleaner would not pick now (dirty ratio not above min.cleanable.dirty.ratio and not past max.compaction.lag.ms).")
    var onlyEligible = false

    func run() throws {
        let configs: TopicConfigSet
        let targets: [MaintenanceTarget]
        do {
            configs = try topicConfig.configSet()
            targets = try MaintenanceTarget.resolve(paths: paths.paths)
        } catch {
            throw ExitStatus.fail(error)
        }
        var options = Compactor.Options()
        options.execute = execution.execute
        options.missingHighWatermark = missingHighWatermark.value
        options.onlyEligible = onlyEligible
        let now = topicConfig.nowMs
        let workers = max(1, configs.cleaner.threads)
        let pool: CompactorPool
        do {
            pool = try CompactorPool(count: workers) { try Compactor(configs: configs, now: now, options: options) }
        } catch {
            throw ExitStatus.fail(error)
        }

        let out = OutputStream.standardOutput()
        let report = CompactReport(json: output.json, execute: execution.execute, now: now)
        var status = ExitStatus.ok
        var results: [PartitionCompaction] = []
        let progress = ProgressReporter(label: "compact", totalItems: targets.reduce(0) { $0 + $1.partitions.count },
                                        totalBytes: targets.reduce(0) { $0 + $1.partitions.reduce(0) { $0 + IndexWorkItem.partition($1).logBytes } })
        for target in targets {
            let compactTarget = { () -> [PartitionCompaction] in
                ParallelWork.map(count: target.partitions.count, jobs: workers) { i in
                    let result = pool.withCompactor { $0.compact(partition: target.partitions[i]) }
                    progress.advance(bytes: Int(result.totals.bytesRead))
                    return result
                }
            }
            let done: [PartitionCompaction]
            do {
                // Reading needs no lock; changing a log directory needs the broker's.
                done = execution.execute ? try target.withLock(compactTarget) : compactTarget()
            } catch {
                progress.finish()
                out.flush()
                printError("kseg: error: \(error)")
                status = max(status, ExitStatus.failure)
                continue
            }
            progress.finish()
            for result in done {
                report.write(result, to: out)
                if result.status == .refused { status = max(status, result.isDataFinding ? ExitStatus.findings : ExitStatus.failure) }
                if result.status == .failed { status = max(status, ExitStatus.failure) }
            }
            out.flush()
            results += done
        }
        report.writeSummary(results, to: out)
        out.flush()
        if status != ExitStatus.ok { throw ExitCode(status) }
    }
}

/// One compactor (and offset map) per worker, handed out to whichever worker needs one.
final class CompactorPool: @unchecked Sendable {
    private var free: [Compactor]
    private let lock = DispatchSemaphore(value: 1)

    init(count: Int, make: () throws -> Compactor) throws {
        free = try (0..<count).map { _ in try make() }
    }

    func withCompactor<T>(_ body: (Compactor) -> T) -> T {
        lock.wait()
        let compactor = free.removeLast()
        lock.signal()
        defer {
            lock.wait()
            free.append(compactor)
            lock.signal()
        }
        return body(compactor)
    }
}
