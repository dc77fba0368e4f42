import ArgumentParser

/// Partition directories or whole log directories to work on.
struct LogPathArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("Partition directories or log directories.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one partition directory or log directory.") }
    }
}

/// Segment files, partition directories or whole log directories (the index commands work per segment).
struct SegmentPathArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("Segment files (.log or its indexes), partition directories or log directories.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Give at least one segment file, partition directory or log directory.") }
    }
}

/// Commands that change data are dry runs unless told otherwise.
struct ExecutionOptions: ParsableArguments {
    @Flag(name: .customLong("execute"), help: "Carry out the plan (default: print it only; nothing is written).")
    var execute = false

    @Flag(name: .customLong("dry-run"), help: "Print the plan without changing anything (the default).")
    var dryRun = false

    func validate() throws {
        if execute && dryRun { throw ValidationError("--execute and --dry-run exclude each other.") }
    }
}

/// Machine-readable output.
struct OutputOptions: ParsableArguments {
    @Flag(name: .customLong("json"), help: "One JSON object per line instead of text.")
    var json = false
}

/// Parallelism over partitions.
struct ParallelOptions: ParsableArguments {
    @Option(name: .customLong("jobs"), help: "Partitions processed in parallel (default: the number of cores).")
    var jobs: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
    }
}
