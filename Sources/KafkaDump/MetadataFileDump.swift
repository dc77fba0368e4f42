import KafkaLog
import KafkaRecords

/// Dumps the small files: `.txnindex` and `.snapshot` as Kafka's tool does (§7, §8), and — kseg's
/// addition — the checkpoint files, `partition.metadata` and `meta.properties`.
struct MetadataFileDump {
    let run: DumpRun
    var options: DumpOptions { run.options }
    var out: OutputStream { run.out }

    static func handles(_ name: String) -> Bool {
        name == LeaderEpochCheckpointFile.name || name == PartitionMetadata.fileName || name == MetaProperties.fileName
            || OffsetCheckpointFile.names.contains(name)
    }

    func dump(path: String, name: String) {
        let bytes: [UInt8]
        do { bytes = try ReadOnlyFile(path: path).readAll(limit: 256 << 20) } catch { run.report(error, file: path); return }
        do {
            if name == LeaderEpochCheckpointFile.name {
                let entries = try LeaderEpochCheckpointFile.parse(bytes)
                header(version: 0, entries: entries.count, path: path)
                for e in entries {
                    if options.json {
                        var w = JSONObjectWriter(type: "leaderEpochEntry", into: &out.buffer)
                        w.field("leaderEpoch", e.epoch, &out.buffer)
                        w.field("startOffset", e.startOffset, &out.buffer)
                        w.close(&out.buffer)
                    } else {
                        out.writeLine("leaderEpoch: \(e.epoch) startOffset: \(e.startOffset)")
                    }
                }
            } else if name == PartitionMetadata.fileName {
                let metadata = try PartitionMetadata.parse(bytes)
                if options.json {
                    var w = JSONObjectWriter(type: "partitionMetadata", into: &out.buffer)
                    w.field("version", metadata.version, &out.buffer)
                    w.field("topicId", metadata.topicId, &out.buffer)
                    w.close(&out.buffer)
                } else {
                    out.writeLine("version: \(metadata.version) topicId: \(metadata.topicId)")
                }
            } else if name == MetaProperties.fileName {
                for (key, value) in MetaProperties.parse(bytes).entries {
                    if options.json {
                        var w = JSONObjectWriter(type: "property", into: &out.buffer)
                        w.field("key", key, &out.buffer)
                        w.field("value", value, &out.buffer)
                        w.close(&out.buffer)
                    } else {
                        out.writeLine("\(key): \(value)")
                    }
                }
            } else {
                let entries = try OffsetCheckpointFile.parse(bytes)
                header(version: 0, entries: entries.count, path: path)
                for e in entries {
                    if options.json {
                        var w = JSONObjectWriter(type: "checkpointEntry", into: &out.buffer)
                        w.field("topic", e.topic, &out.buffer)
                        w.field("partition", e.partition, &out.buffer)
                        w.field("offset", e.offset, &out.buffer)
                        w.close(&out.buffer)
                    } else {
                        out.writeLine("topic: \(e.topic) partition: \(e.partition) offset: \(e.offset)")
                    }
                }
            }
        } catch {
            run.reportCorruption("\(path): \(error)", file: path)
        }
    }

    private func header(version: Int, entries: Int, path: String) {
        if options.json {
            var w = JSONObjectWriter(type: "checkpoint", into: &out.buffer)
            w.field("file", path, &out.buffer)
            w.field("version", version, &out.buffer)
            w.field("entries", entries, &out.buffer)
            w.close(&out.buffer)
        } else {
            out.writeLine("version: \(version) entries: \(entries)")
        }
    }

    func dumpTransactionIndex(path: String, name: String) {
        guard LogFileName.offset(fromFileName: name) != nil else {
            run.reportCorruption("\(path): file name does not start with a base offset", file: path)
            return
        }
        // Kafka prints nothing for a missing transaction index (and creates no file).
        guard FileSystem.exists(path) else { return }
        do {
            let file = try IndexFile(path: path)
            // Kafka reads every entry before it prints any: an entry of a newer version prints none.
            var newer: Int8?
            try TransactionIndexReader.forEachEntry(in: file) { e in
                if e.version > 0 { newer = e.version }
                return newer == nil
            }
            if let newer {
                run.reportCorruption("Unexpected aborted transaction version \(newer) in transaction index \(run.absolute(path)), current version is 0", file: path)
                return
            }
            try TransactionIndexReader.forEachEntry(in: file) { e in
                printAbortedTransaction(e)
                return true
            }
        } catch {
            run.report(error, file: path)
        }
    }

    private func printAbortedTransaction(_ e: AbortedTransaction) {
        if options.json {
            var w = JSONObjectWriter(type: "abortedTransaction", into: &out.buffer)
            w.field("version", Int32(e.version), &out.buffer)
            w.field("producerId", e.producerId, &out.buffer)
            w.field("firstOffset", e.firstOffset, &out.buffer)
            w.field("lastOffset", e.lastOffset, &out.buffer)
            w.field("lastStableOffset", e.lastStableOffset, &out.buffer)
            w.close(&out.buffer)
            out.flushIfFull()
        } else {
            out.writeLine("version: \(e.version) producerId: \(e.producerId) firstOffset: \(e.firstOffset) lastOffset: \(e.lastOffset) lastStableOffset: \(e.lastStableOffset)")
        }
    }

    func dumpProducerSnapshot(path: String) {
        let bytes: [UInt8]
        do { bytes = try ReadOnlyFile(path: path).readAll(limit: 1 << 30) } catch { run.report(error, file: path); return }
        let snapshot: ProducerSnapshot
        do {
            snapshot = try bytes.withUnsafeBytes { raw throws(ProducerSnapshot.Failure) in try ProducerSnapshot.parse(raw) }
        } catch let error as ProducerSnapshot.Failure {
            // Kafka prints the reason on stderr and carries on with the next file.
            if options.json {
                var w = JSONObjectWriter(type: "finding", into: &out.buffer)
                w.fieldStatic("finding", "corruptSnapshot", &out.buffer)
                w.field("file", path, &out.buffer)
                w.field("message", error.description, &out.buffer)
                w.close(&out.buffer)
            }
            out.flush()
            run.err.writeLine(error.description)
            run.err.flush()
            return
        } catch {
            run.report(error, file: path)
            return
        }
        for e in snapshot.entries {
            if options.json {
                var w = JSONObjectWriter(type: "producerEntry", into: &out.buffer)
                w.field("producerId", e.producerId, &out.buffer)
                w.field("producerEpoch", e.epoch, &out.buffer)
                w.field("coordinatorEpoch", e.coordinatorEpoch, &out.buffer)
                w.fieldOptional("currentTxnFirstOffset", e.currentTxnFirstOffset >= 0 ? e.currentTxnFirstOffset : nil, &out.buffer)
                w.field("lastTimestamp", e.timestamp, &out.buffer)
                if e.lastOffset >= 0 {
                    w.field("firstSequence", RecordFormat.decrementSequence(e.lastSequence, by: e.offsetDelta), &out.buffer)
                    w.field("lastSequence", e.lastSequence, &out.buffer)
                    w.field("lastOffset", e.lastOffset, &out.buffer)
                    w.field("offsetDelta", e.offsetDelta, &out.buffer)
                }
                w.close(&out.buffer)
                continue
            }
            var line = "producerId: \(e.producerId) producerEpoch: \(e.epoch) coordinatorEpoch: \(e.coordinatorEpoch) currentTxnFirstOffset: "
            line += e.currentTxnFirstOffset >= 0 ? "OptionalLong[\(e.currentTxnFirstOffset)]" : "OptionalLong.empty"
            line += " lastTimestamp: \(e.timestamp) "
            if e.lastOffset >= 0 {
                line += "firstSequence: \(RecordFormat.decrementSequence(e.lastSequence, by: e.offsetDelta)) lastSequence: \(e.lastSequence) lastOffset: \(e.lastOffset) offsetDelta: \(e.offsetDelta) timestamp: \(e.timestamp)"
            }
            out.writeLine(line)
        }
    }
}
