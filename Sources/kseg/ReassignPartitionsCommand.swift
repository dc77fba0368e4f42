import ArgumentParser
import KafkaLog
import KafkaReassign

/// `kseg reassign-partitions`: plans a partition reassignment offline and prints it the
/// way `kafka-reassign-partitions.sh --generate` does, so Kafka's own `--execute` and
/// `--verify` apply and check it.
struct ReassignPartitionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign-partitions",
        abstract: "Plan a minimal-movement partition reassignment that Kafka's --execute applies.",
        discussion: """
        Reads the current assignment (a reassignment JSON, or the text Kafka's --generate or \
        --execute printed), the target --broker-list, optional racks and partition sizes, and \
        prints Kafka's two blocks: "Current partition replica assignment" and "Proposed \
        partition reassignment configuration". A summary goes to standard error.
        Exit status: 0 plan made, 1 plan made but a hard constraint could not be met, \
        2 an input file unreadable or invalid (or an output unwritable, or no assignment possible), \
        64 usage error (the options and their values).
        """
    )

    enum Strategy: String, ExpressibleByArgument, CaseIterable {
        case minimal
        case kafka
    }

    @Option(name: .customLong("current-assignment"),
            help: ArgumentHelp("Current replica assignment: reassignment JSON, or Kafka's --generate/--execute output ('-' reads stdin).",
                               valueName: "file"))
    var currentAssignment: String

    @Option(name: .customLong("broker-list"),
            help: ArgumentHelp("Brokers that may hold replicas afterwards, e.g. 1,2,3. Replicas on other brokers move off them.",
                               valueName: "ids"))
    var brokerList: String

    @Option(name: .customLong("topics-to-move-json-file"),
            help: ArgumentHelp("Kafka's topics-to-move JSON; default: every topic in the current assignment.", valueName: "file"))
    var topicsToMove: String?

    @Option(name: .customLong("broker-racks"),
            help: ArgumentHelp("broker.rack of each broker, e.g. 1:a,2:a,3:b.", valueName: "id:rack,..."))
    var brokerRacks: String?

    @Flag(name: .customLong("disable-rack-aware"), help: "Ignore racks, as Kafka's option of the same name.")
    var disableRackAware = false

    @Option(name: .customLong("log-dirs-json-file"),
            help: ArgumentHelp("Partition sizes from `kafka-log-dirs.sh --describe` output (repeatable).", valueName: "file"))
    var logDirsJSONFiles: [String] = []

    @Option(name: .customLong("log-dir"),
            help: ArgumentHelp("Measure partition sizes in a broker log dir as Kafka does (its segments' .log files; repeatable); the broker id comes from meta.properties unless given.",
                               valueName: "[id:]path"))
    var logDirs: [String] = []

    @Option(name: .customLong("balance-bytes"),
            help: ArgumentHelp("Also even out disk use: swap replicas (extra data movement) until every broker's bytes are within this percentage of its share.",
                               valueName: "percent"))
    var balanceBytes: Double?

    @Option(help: "minimal (kseg's planner) or kafka (reproduce --generate).")
    var strategy: Strategy = .minimal

    // Unconditional, so that a negative seed (`--seed -42`) is taken as the value rather than as an option.
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Seed of the java.util.Random that --strategy kafka draws from (any 64-bit integer); default: a random one in 0...2^48-1, printed.",
                               valueName: "n"))
    var seed: Int64?

    @Option(help: ArgumentHelp("Replication throttle in bytes/s, for the transfer time estimate.", valueName: "bytes/s"))
    var throttle: Int64?

    @Option(help: ArgumentHelp("Write the proposed reassignment JSON (alone) to this file.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Write the rollback JSON (the current lists of the partitions in the proposal) to this file.",
                               valueName: "file"))
    var rollback: String?

    @Flag(help: "Print the plan and summary as one JSON document instead of Kafka's text blocks; nothing goes to standard error.")
    var json = false

    func validate() throws {
        if let throttle, throttle <= 0 { throw ValidationError("--throttle must be a positive number of bytes per second") }
        if seed != nil, strategy != .kafka { throw ValidationError("--seed applies to --strategy kafka only") }
        if let balanceBytes {
            guard balanceBytes >= 0, balanceBytes.isFinite else { throw ValidationError("--balance-bytes must be a percentage of 0 or more") }
            guard strategy == .minimal else { throw ValidationError("--balance-bytes applies to --strategy minimal only") }
            guard !logDirsJSONFiles.isEmpty || !logDirs.isEmpty else {
                throw ValidationError("--balance-bytes needs partition sizes (--log-dirs-json-file or --log-dir)")
            }
        }
    }

    func run() throws {
        do {
            let plan = try makePlan()
            if let output { try AtomicFile.write(Array((ReassignmentJSON.format(plan.proposed) + "\n").utf8), to: output) }
            if let rollback { try AtomicFile.write(Array((ReassignmentJSON.format(plan.rollback) + "\n").utf8), to: rollback) }
            if json {
                print(ReassignSummaryJSON.render(plan, throttle: throttle))
            } else {
                print("Current partition replica assignment")
                print(ReassignmentJSON.format(plan.current))
                print("")
                print("Proposed partition reassignment configuration")
                print(ReassignmentJSON.format(plan.proposed))
                printError(ReassignSummaryText.render(plan, throttle: throttle))
            }
            if !plan.findings.isEmpty { throw ExitCode(1) }
        } catch let error as ReassignError {
            printError("kseg reassign-partitions: \(error)")
            if case .invalidArgument = error { throw ExitCode(64) }
            throw ExitCode(ExitStatus.failure)
        } catch let error as LogError {
            // Unreadable inputs and unwritable outputs; even a corrupt file is an input the
            // plan cannot be made from, not a finding about the cluster.
            printError("kseg reassign-partitions: \(error)")
            throw ExitCode(ExitStatus.failure)
        }
    }

    private func makePlan() throws -> ReassignmentPlan {
        let names = ReassignmentRequest.InputNames(
            currentAssignment: Self.quoted("--current-assignment", currentAssignment),
            topicsToMove: Self.quoted("--topics-to-move-json-file", topicsToMove ?? ""),
            brokerRacks: brokerRacks)
        let current = try ReassignmentJSON.parse(try ReassignFiles.readAll(currentAssignment), source: names.currentAssignment)
        let brokers = try BrokerListArgument.parse(brokerList)
        let topics = try topicsToMove.map { try TopicsToMoveJSON.parse(try ReassignFiles.readAll($0), source: names.topicsToMove) }
        let racks = try brokerRacks.map { try BrokerRacksArgument.parse($0) } ?? [:]
        let sizes = try measureSizes(current: current)
        let request = ReassignmentRequest(current: current, topics: topics, brokers: brokers, racks: racks,
                                          rackAware: !disableRackAware, sizes: sizes,
                                          byteBalanceTolerance: balanceBytes.map { $0 / 100 }, names: names)
        switch strategy {
        case .minimal:
            return try ReassignmentPlanner.plan(request, strategy: .minimal)
        case .kafka:
            var system = SystemRandomNumberGenerator()
            let drawn = seed ?? JavaRandom.randomSeed(using: &system)
            return try ReassignmentPlanner.plan(request, strategy: .kafka(seed: drawn))
        }
    }

    /// Sizes from every source given, the largest figure per partition winning.
    private func measureSizes(current: ReplicaAssignment) throws -> PartitionSizes? {
        guard !logDirsJSONFiles.isEmpty || !logDirs.isEmpty else { return nil }
        var sizes = PartitionSizes()
        for file in logDirsJSONFiles {
            sizes.merge(try LogDirsDescribeJSON.parse(try ReassignFiles.readAll(file), source: Self.quoted("--log-dirs-json-file", file)))
        }
        var mismatches: [String] = []
        for argument in logDirs {
            var broker: BrokerId?
            var path = argument
            if let colon = argument.firstIndex(of: ":"), let id = BrokerId(argument[..<colon]), id >= 0 {
                broker = id
                path = String(argument[argument.index(after: colon)...])
            }
            let scan = try LogDirectorySizes.scan(path: path, broker: broker)
            for replica in scan.partitions {
                sizes.record(replica.topicPartition, bytes: replica.bytes)
                if let owner = scan.broker, let replicas = current.replicas(of: replica.topicPartition), !replicas.contains(owner) {
                    mismatches.append("\(replica.topicPartition) in \(path) (broker \(owner))")
                }
            }
        }
        if !mismatches.isEmpty {
            printError("warning: \(mismatches.count) replicas found in log dirs are not in the current assignment, which may be out of date: "
                + mismatches.prefix(5).joined(separator: ", ") + (mismatches.count > 5 ? ", ..." : ""))
        }
        return sizes
    }

    /// An option with its value as typed, the way error messages quote an input.
    private static func quoted(_ option: String, _ value: String) -> String { "\(option) '\(value)'" }
}
