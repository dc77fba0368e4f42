import KafkaLog

/// Collects what a plan needs, refusing as soon as the data forbids acting.
struct PlanBuilder {
    let directory: String
    let key: TopicPartitionKey
    let config: TopicConfig
    let options: RetentionOptions
    let rules: [RetentionRule]
    let policyNote: String?
    var segments: [SegmentMetadata] = []
    var snapshotOffsets: [Int64] = []
    var leftovers: [LeftoverRecovery.Action] = []
    var logStartOffset: Int64 = 0
    var logStartEntry: Int64?
    var logEnd: LogEndScan?
    var highWatermark: HighWatermark?
    var leaderEpochs: [EpochEntry]?
    var refusal: RetentionRefusal?
    var findings: [String] = []
    var pinnedLastSegment: KeepReason?

    init(directory: String, key: TopicPartitionKey, config: TopicConfig, options: RetentionOptions) {
        self.directory = directory
        self.key = key
        self.config = config
        self.options = options
        rules = RetentionRules.applicable(to: config, cleanerEnabled: options.configs.cleaner.enabled)
        policyNote = Self.policyNote(config, cleanerEnabled: options.configs.cleaner.enabled)
    }

    static func policyNote(_ config: TopicConfig, cleanerEnabled: Bool) -> String? {
        if config.compacts && !cleanerEnabled { return "log.cleaner.enable=false: Kafka applies no retention to topics whose cleanup.policy contains compact" }
        if config.deletes { return nil }
        return config.compacts ? "cleanup.policy=compact: only the log-start-offset rule applies"
                               : "cleanup.policy is empty: only the log-start-offset rule applies"
    }

    mutating func refuse(_ kind: RetentionRefusal.Kind, _ detail: String) {
        if refusal == nil { refusal = RetentionRefusal(kind: kind, detail: detail) }
    }

    mutating func read(checkpoints: RetentionCheckpoints) throws {
        let listing = try PartitionSegments(directory: directory)
        snapshotOffsets = listing.snapshotOffsets
        leftovers = try LeftoverRecovery.plan(partition: directory)
        if config.remoteStorageEnable {
            refuse(.tieredStorage, "remote.storage.enable=true: Kafka deletes only segments already copied to remote storage, which cannot be known offline")
        }
        guard let lastFiles = listing.segments.last else {
            refuse(.noSegments, "no segments (.log files)")
            return
        }
        for files in listing.segments {
            let metadata = try SegmentMetadata.read(files, isLast: files == lastFiles)
            if let invalid = metadata.invalidData {
                refuse(.corruptSegment, "\(files.log): at byte \(invalid.position): \(invalid.reason); the broker rebuilds this segment (it has no offset index) and truncates it there")
            }
            segments.append(metadata)
        }
        let scan = try LogEndScan.scan(lastFiles)
        logEnd = scan
        segments[segments.count - 1].include(scan)
        if let note = scan.note { segments[segments.count - 1].notes.append(note) }

        logStartEntry = checkpoints.logStartOffsets[key]
        logStartOffset = max(logStartEntry ?? .min, segments[0].baseOffset)

        if let invalid = scan.invalidTail {
            let where_ = "\(lastFiles.log): at byte \(invalid.position): \(invalid.reason)"
            if options.asRecovered {
                findings.append("\(where_); judged as Kafka's recovery would leave it (log end offset \(scan.nextOffset), \(scan.validBytes) bytes), the last segment kept")
                pinnedLastSegment = .logEndUnknown
                segments[segments.count - 1].size = Int64(scan.validBytes)
            } else {
                refuse(.logEndUnknown, "\(where_); the log end offset is unknown until the broker's recovery truncates the segment (--as-recovered applies retention to the older segments)")
            }
        }
        let logEndOffset = scan.nextOffset
        if logStartOffset > logEndOffset {
            refuse(.logStartAboveLogEnd, "log start offset \(logStartOffset) (log-start-offset-checkpoint) is above the log end offset \(logEndOffset); the broker deletes every segment of such a log at start-up")
        }

        let checkpointHW = checkpoints.highWatermarks[key]
        var hw: Int64
        let source: HighWatermark.Source
        if let checkpointHW {
            (hw, source) = (checkpointHW, .checkpoint)
        } else if options.missingHighWatermark == .logEndOffset {
            (hw, source) = (logEndOffset, .missingAsLogEnd)
        } else {
            (hw, source) = (logStartOffset, .missingAsLogStart)
        }
        // Kafka's `updateHighWatermark`: at least the log start offset, at most the log end offset.
        if hw < logStartOffset { hw = logStartOffset } else if hw > logEndOffset { hw = logEndOffset }
        highWatermark = HighWatermark(offset: hw, source: source, checkpointValue: checkpointHW)

        let epochPath = FileSystem.join(directory, LeaderEpochCheckpointFile.name)
        if FileSystem.exists(epochPath) {
            let bytes = try ReadOnlyFile(path: epochPath).readAll(limit: 64 << 20)
            do {
                leaderEpochs = try LeaderEpochCheckpointFile.parse(bytes)
            } catch let failure as CheckpointText.Failure {
                refuse(.leaderEpochCheckpoint, "\(epochPath): at byte \(CheckpointText.byteOffset(ofLine: failure.line, in: bytes)): \(failure)")
            }
        }
    }

    func plan() -> PartitionRetentionPlan {
        let logEndOffset = logEnd?.nextOffset ?? 0
        var outcome: RetentionOutcome
        if let refusal {
            let verdicts = segments.indices.map { i in
                SegmentVerdict(rule: nil, keepReason: .refused, detail: refusal.detail,
                               nextOffset: i + 1 < segments.count ? segments[i + 1].baseOffset : logEndOffset)
            }
            outcome = RetentionOutcome(verdicts: verdicts, logStartOffset: logStartOffset, rolledSegmentBaseOffset: nil)
        } else {
            var inputs = RetentionInputs(
                segments: segments.map { RetentionSegment(baseOffset: $0.baseOffset, size: $0.size, largestTimestamp: $0.largestTimestamp) },
                logStartOffset: logStartOffset, highWatermark: highWatermark!.offset, logEndOffset: logEndOffset, rules: rules,
                retentionMs: config.retentionMs, retentionBytes: config.retentionBytes, nowMs: options.nowMs,
                pinnedLastSegment: pinnedLastSegment, policyNote: policyNote)
            outcome = RetentionRules.evaluate(inputs)
            // Deleting every segment rolls a new one, and the broker snapshots producer state at its base.
            // Offline that snapshot must already exist (a clean shutdown writes it); without it, the last
            // segment stays so that the broker can rebuild producer state from it.
            if let rolled = outcome.rolledSegmentBaseOffset, !snapshotOffsets.contains(rolled) {
                inputs.pinnedLastSegment = .noProducerSnapshot
                outcome = RetentionRules.evaluate(inputs)
            }
        }
        let deleted = outcome.deletedCount
        let firstRemaining = outcome.rolledSegmentBaseOffset ?? (deleted < segments.count ? segments[deleted].baseOffset : logEndOffset)
        let newStart = outcome.logStartOffset
        var epochChange: ([EpochEntry], [EpochEntry])?
        if refusal == nil, let leaderEpochs {
            let truncated = LeaderEpochTruncation.truncatedFromStart(leaderEpochs, startOffset: newStart)
            if truncated != leaderEpochs { epochChange = (leaderEpochs, truncated) }
        }
        return PartitionRetentionPlan(
            directory: directory, topicPartition: key, config: config, rules: rules, policyNote: policyNote,
            segments: segments, snapshotOffsets: snapshotOffsets, verdicts: outcome.verdicts,
            logStartOffset: logStartOffset, logStartCheckpointEntry: logStartEntry, highWatermark: highWatermark, logEnd: logEnd,
            newLogStartOffset: newStart,
            newLogStartCheckpointEntry: refusal != nil ? logStartEntry : (newStart > firstRemaining ? newStart : nil),
            rolledSegmentBaseOffset: outcome.rolledSegmentBaseOffset, leaderEpochChange: epochChange, leftovers: leftovers,
            refusal: refusal, findings: findings)
    }
}
