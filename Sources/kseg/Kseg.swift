import ArgumentParser

/// The `kseg` root command: one executable, one subcommand per job.
/// Each subcommand lives in its own file and calls one library entry point.
@main
struct Kseg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kseg",
        abstract: "Native tools for Apache Kafka log directories.",
        discussion: """
        Reads and maintains the directories that Kafka brokers own, writing only bytes Kafka accepts.
        Exit status: 0 ok, 1 findings, 2 operational failure, 64 usage error.
        """,
        version: KsegVersion.string,
        subcommands: [
            DumpLogSegmentsCommand.self,
            VerifyIndexCommand.self,
            RebuildIndexCommand.self,
            RetentionCommand.self,
            CompactCommand.self,
            ReassignPartitionsCommand.self,
        ]
    )
}

enum KsegVersion {
    static let string = "0.1.0"
}
