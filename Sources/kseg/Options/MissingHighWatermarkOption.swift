import ArgumentParser
import KafkaMaintenance

/// `--missing-high-watermark`, shared by `compact` and `retention`.
struct MissingHighWatermarkOption: ParsableArguments {
    @Option(name: .customLong("missing-high-watermark"),
            help: ArgumentHelp("High watermark of a partition missing from replication-offset-checkpoint: log-start (Kafka's start-up value: compact finds nothing cleanable, retention deletes nothing above the log start offset) or log-end (every offset counts as committed).",
                               valueName: "log-start|log-end"))
    var value: MissingHighWatermark = .logStartOffset
}

extension MissingHighWatermark: ExpressibleByArgument {}
