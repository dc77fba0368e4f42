import ArgumentParser
import KafkaDump
import KafkaLog

/// `kseg dump-log-segments`: a drop-in for Kafka's `kafka-dump-log.sh`.
struct DumpLogSegmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-log-segments",
        abstract: "Print what is in Kafka log segments, indexes, snapshots and checkpoints (kafka-dump-log.sh, line for line).",
        discussion: """
        Output matches Apache Kafka 4.0's kafka-dump-log.sh byte for byte. Paths may also be given as \
        arguments and may be partition directories or whole log directories (segments in offset order, \
        partitions in name order). Exit status: 0 as Kafka (also after reporting invalid CRCs, trailing \
        bytes or index mismatches), 1 for corrupt data Kafka's tool would abort on, 2 when a file cannot \
        be read, 64 for usage errors. See man/kseg-dump-log-segments.1.
        """
    )

    @Option(name: [.customLong("files")], help: ArgumentHelp("Comma-separated list of data and index files to dump.", valueName: "file1,file2,..."))
    var files: String?

    @Argument(help: ArgumentHelp("Files, partition directories or log directories to dump (after any --files).", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .customLong("print-data-log"), help: "Print each record's key and payload (implies --deep-iteration).")
    var printDataLog = false

    @Flag(name: .customLong("deep-iteration"), help: "Print one line per record after each batch.")
    var deepIteration = false

    @Flag(name: .customLong("verify-index-only"), help: "For .index/.timeindex: verify against the log without printing entries.")
    var verifyIndexOnly = false

    @Flag(name: .customLong("index-sanity-check"), help: "For .index/.timeindex: run Kafka's index sanity check only.")
    var indexSanityCheck = false

    @Option(name: .customLong("max-bytes"), help: ArgumentHelp("Only dump batches lying entirely within the first n bytes of each .log; a smaller n also hides the \"invalid bytes\" line, as in Kafka.", valueName: "n"))
    var maxBytes: Int = Int(Int32.max)

    @Option(name: .customLong("max-message-size"), help: ArgumentHelp("Size of the window of the .log read at each .index entry during verification.", valueName: "n"))
    var maxMessageSize: Int = 5_242_880

    @Flag(name: .customLong("skip-record-metadata"), help: "Omit the metadata part of record lines.")
    var skipRecordMetadata = false

    @Flag(name: .customLong("offsets-decoder"), help: "Decode records as __consumer_offsets data (implies --print-data-log).")
    var offsetsDecoder = false

    @Flag(name: .customLong("transaction-log-decoder"), help: "Decode records as __transaction_state data (implies --print-data-log).")
    var transactionLogDecoder = false

    @Option(name: .customLong("key-decoder-class"), help: ArgumentHelp("Key decoder: string (default; also Kafka's StringDecoder class names), hex or base64. Implies --print-data-log.", valueName: "decoder"))
    var keyDecoder: String?

    @Option(name: .customLong("value-decoder-class"), help: ArgumentHelp("Value decoder: string, hex or base64. Implies --print-data-log.", valueName: "decoder"))
    var valueDecoder: String?

    @Flag(name: .customLong("json"), help: "One JSON object per line (schema in the man page) instead of Kafka's text.")
    var json = false

    @Option(name: .customLong("offset-start"), help: ArgumentHelp("Only batches whose last offset is at least this, starting where the offset index points.", valueName: "offset"))
    var offsetStart: Int64?

    @Option(name: .customLong("offset-end"), help: ArgumentHelp("Only batches whose first offset is at most this (the one holding it is printed whole); segments beyond it are not read.", valueName: "offset"))
    var offsetEnd: Int64?

    @Option(name: .customLong("timestamp-start"), help: ArgumentHelp("Start at the first batch whose max timestamp is at least this, found through the time index.", valueName: "ms"))
    var timestampStart: Int64?

    @Option(name: .customLong("max-decompressed-bytes"), help: ArgumentHelp("Largest decompressed records section accepted; a larger one is reported as corruption.", valueName: "n"))
    var maxDecompressedBytes: Int = 256 << 20

    func validate() throws {
        if files == nil && paths.isEmpty { throw ValidationError("Missing required argument: --files or at least one path.") }
        // Kafka's options are Java ints; so are the sizes of the buffers its readers decompress into.
        for (name, value, least) in [("--max-bytes", maxBytes, 0), ("--max-message-size", maxMessageSize, 0),
                                     ("--max-decompressed-bytes", maxDecompressedBytes, 1)] where !(least...Int(Int32.max)).contains(value) {
            throw ValidationError("Invalid \(name) \(value): must be from \(least) to 2147483647.")
        }
        if let start = offsetStart, let end = offsetEnd, start > end {
            throw ValidationError("--offset-start \(start) is beyond --offset-end \(end): no offset lies in that range.")
        }
        for (name, value) in [("--key-decoder-class", keyDecoder), ("--value-decoder-class", valueDecoder)] {
            if let value, PayloadDecoder(kafkaName: value) == nil {
                throw ValidationError("Unknown decoder '\(value)' for \(name): use string, hex or base64.")
            }
        }
        if let files, Self.splitFiles(files).contains("") {
            throw ValidationError("--files contains an empty item: '\(files)'.")
        }
    }

    /// Java `String.split(",")`: empty items are kept except at the end.
    static func splitFiles(_ list: String) -> [String] {
        var items = list.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        while let last = items.last, last.isEmpty { items.removeLast() }
        return items
    }

    func run() throws {
        var options = DumpOptions()
        options.printDataLog = printDataLog || keyDecoder != nil || valueDecoder != nil
        options.deepIteration = deepIteration
        options.verifyIndexOnly = verifyIndexOnly
        options.indexSanityCheck = indexSanityCheck
        options.maxBytes = maxBytes
        options.maxMessageSize = maxMessageSize
        options.skipRecordMetadata = skipRecordMetadata
        options.topicDecoder = offsetsDecoder ? .consumerOffsets : (transactionLogDecoder ? .transactionLog : nil)
        options.keyDecoder = keyDecoder.flatMap(PayloadDecoder.init(kafkaName:)) ?? .string
        options.valueDecoder = valueDecoder.flatMap(PayloadDecoder.init(kafkaName:)) ?? .string
        options.json = json
        options.offsetStart = offsetStart
        options.offsetEnd = offsetEnd
        options.timestampStart = timestampStart
        options.decompressionLimits = .init(maxOutputBytes: maxDecompressedBytes)

        let stdout = OutputStream.standardOutput()
        let stderr = OutputStream.standardError()
        var list = files.map(Self.splitFiles) ?? []
        do {
            list += try DumpLogSegments.expand(paths: paths)
        } catch {
            stderr.writeLine("kseg: error: \(error)")
            stderr.flush()
            throw ExitCode(2)
        }
        let status = DumpLogSegments.run(files: list, options: options, stdout: stdout, stderr: stderr)
        if status != 0 { throw ExitCode(status) }
    }
}
