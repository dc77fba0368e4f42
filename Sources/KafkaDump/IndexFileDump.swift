import KafkaLog
import KafkaRecords

/// Dumps and verifies `.index` and `.timeindex` files exactly as Kafka's tool does (§5, §6, §10).
struct IndexFileDump {
    let run: DumpRun
    var options: DumpOptions { run.options }

    /// Opens the sibling `.log` and the index, reporting a clear error when either is missing.
    private func open(path: String, name: String) -> (base: Int64, log: MappedFile)? {
        guard let base = LogFileName.offset(fromFileName: name) else {
            run.reportCorruption("\(path): file name does not start with a base offset", file: path)
            return nil
        }
        let logPath = DumpRun.sibling(of: path, suffix: ".log")
        do {
            return (base, try MappedFile(path: logPath))
        } catch {
            run.reportFailure("\(path): cannot verify the index without its log segment: \(error)", file: path)
            return nil
        }
    }

    /// The index is read entry by entry through a bounded window: a preallocated or damaged index
    /// may be gigabytes, and the dump usually stops at its first zero slot.
    func dumpOffsetIndex(path: String, name: String) {
        guard let (base, log) = open(path: path, name: name) else { return }
        let index: OffsetIndexFile
        do { index = try OffsetIndexFile(path: path, baseOffset: base) } catch { run.report(error, file: path); return }
        if index.count == 0 {
            emitLine("\(path) is empty.", path: path, status: "empty")
            return
        }
        do {
            if options.indexSanityCheck {
                reportSanityCheck(try index.sanityCheckFailure(path: run.absolute(path)), path: path)
                return
            }
            let absolutePath = run.absolute(path)
            for i in 0..<index.count {
                let entry = try index.entry(i)
                if i > 0 && entry.offset == base { break }
                // Verify: the first complete batch at the entry's position must end at the entry's offset.
                let position = Int(entry.position)
                guard position >= 0, position <= log.size else {
                    run.reportCorruption("\(path): entry \(i) (offset \(entry.offset)) points at byte \(entry.position), beyond the end of the \(log.size)-byte log", file: path)
                    return
                }
                var iterator = LogBatchIterator(file: log, start: position, end: min(log.size, position + options.maxMessageSize))
                let batch: FileBatch?
                do { batch = try iterator.next() } catch {
                    run.reportCorruption("\(path): entry \(i) (offset \(entry.offset)): \(error)", file: path)
                    return
                }
                guard let batch else {
                    run.reportCorruption("\(path): entry \(i) (offset \(entry.offset)): no complete batch at byte \(position) within --max-message-size \(options.maxMessageSize) bytes", file: path)
                    return
                }
                if batch.lastOffset != entry.offset {
                    if options.json {
                        emitFinding("offsetIndexMismatch", path: path, ["entry": Int64(i), "indexOffset": entry.offset, "logOffset": batch.lastOffset])
                    } else {
                        run.findings.offsetIndexMismatches.record(absolutePath, (entry.offset, batch.lastOffset))
                    }
                }
                if !options.verifyIndexOnly {
                    emitEntry("offsetIndexEntry", entry: i, ("offset", entry.offset), ("position", Int64(entry.position)))
                }
            }
        } catch {
            run.report(error, file: path)
        }
    }

    func dumpTimeIndex(path: String, name: String) {
        guard let (base, log) = open(path: path, name: name) else { return }
        let offsetIndexPath = DumpRun.sibling(of: path, suffix: ".index")
        let index: TimeIndexFile, offsetIndex: OffsetIndexFile
        do {
            offsetIndex = try OffsetIndexFile(path: offsetIndexPath, baseOffset: base)
        } catch {
            run.reportFailure("\(path): cannot verify the time index without its offset index: \(error)", file: path)
            return
        }
        do { index = try TimeIndexFile(path: path, baseOffset: base) } catch { run.report(error, file: path); return }
        do {
            if options.indexSanityCheck {
                reportSanityCheck(try index.sanityCheckFailure(path: run.absolute(path)), path: path)
                return
            }
            try verifyTimeIndex(index, offsetIndex: offsetIndex, offsetIndexPath: offsetIndexPath, log: log, path: path)
        } catch {
            run.report(error, file: path)
        }
    }

    private func verifyTimeIndex(_ index: TimeIndexFile, offsetIndex: OffsetIndexFile, offsetIndexPath: String, log: MappedFile, path: String) throws {
        let absolutePath = run.absolute(path)
        var previous: Int64 = -1
        for i in 0..<index.count {
            let entry = try index.entry(i)
            if i > 0 && entry.offset == index.baseOffset { break }
            let start = try offsetIndex.lookup(entry.offset)
            guard start.position >= 0, Int(start.position) <= log.size else {
                run.reportCorruption("\(offsetIndexPath): entry for offset \(start.offset) points at byte \(start.position), beyond the end of the \(log.size)-byte log", file: path)
                return
            }
            var iterator = LogBatchIterator(file: log, start: Int(start.position))
            var found: FileBatch?
            do {
                while let batch = try iterator.next() {
                    if batch.lastOffset >= entry.offset { found = batch; break }
                }
            } catch {
                run.reportCorruption("\(path): entry \(i): \(error)", file: path)
                return
            }
            if let batch = found, batch.lastOffset == entry.offset {
                var maxTimestamp: Int64 = -1
                do {
                    try batch.forEachRecord(scratch: &run.scratch, limits: options.decompressionLimits) { record in
                        if record.timestamp > maxTimestamp { maxTimestamp = record.timestamp }
                    }
                } catch {
                    run.reportCorruption("\(path): entry \(i): the batch at byte \(batch.position): \(error)", file: path)
                    return
                }
                if maxTimestamp != entry.timestamp {
                    if options.json {
                        emitFinding("timestampMismatch", path: path, ["entry": Int64(i), "indexTimestamp": entry.timestamp, "logTimestamp": maxTimestamp])
                    } else {
                        run.findings.timestampMismatches.record(absolutePath, (entry.timestamp, maxTimestamp))
                    }
                }
                if previous >= entry.timestamp {
                    if options.json {
                        emitFinding("outOfOrderTimestamp", path: path, ["entry": Int64(i), "indexTimestamp": entry.timestamp, "previousTimestamp": previous])
                    } else {
                        run.findings.outOfOrderTimestamps.record(absolutePath, (entry.timestamp, previous))
                    }
                }
            } else {
                let foundOffset = found?.lastOffset ?? -1
                if options.json {
                    emitFinding("indexedOffsetNotFound", path: path, ["entry": Int64(i), "indexOffset": entry.offset, "logOffset": foundOffset])
                } else {
                    run.findings.offsetsNotFound.record(absolutePath, (entry.offset, foundOffset))
                }
            }
            if !options.verifyIndexOnly {
                emitEntry("timeIndexEntry", entry: i, ("timestamp", entry.timestamp), ("offset", entry.offset))
            }
            previous = entry.timestamp
        }
    }

    /// One index entry: Kafka's `<name>: <value> <name>: <value>` line, or a JSON object.
    private func emitEntry(_ type: StaticString, entry: Int, _ first: (StaticString, Int64), _ second: (StaticString, Int64)) {
        if options.json {
            var w = JSONObjectWriter(type: type, into: &run.out.buffer)
            w.field("entry", entry, &run.out.buffer)
            w.field(first.0, first.1, &run.out.buffer)
            w.field(second.0, second.1, &run.out.buffer)
            w.close(&run.out.buffer)
        } else {
            run.out.buffer.append(first.0); run.out.buffer.append(": "); run.out.buffer.appendDecimal(first.1)
            run.out.buffer.append(" "); run.out.buffer.append(second.0); run.out.buffer.append(": "); run.out.buffer.appendDecimal(second.1)
            run.out.buffer.append(0x0A)
        }
        run.out.flushIfFull()
    }

    /// `--index-sanity-check`: Kafka's exception (corruption here) or its "passed" line.
    private func reportSanityCheck(_ failure: String?, path: String) {
        if let failure {
            run.reportCorruption(failure, file: path)
        } else {
            emitLine("\(path) passed sanity check.", path: path, status: "passed")
        }
    }

    private func emitLine(_ text: String, path: String, status: StaticString) {
        if options.json {
            var w = JSONObjectWriter(type: "indexStatus", into: &run.out.buffer)
            w.field("file", path, &run.out.buffer)
            w.fieldStatic("status", status, &run.out.buffer)
            w.close(&run.out.buffer)
        } else {
            run.out.writeLine(text)
        }
    }

    private func emitFinding(_ kind: StaticString, path: String, _ fields: KeyValuePairs<StaticString, Int64>) {
        var w = JSONObjectWriter(type: "finding", into: &run.out.buffer)
        w.fieldStatic("finding", kind, &run.out.buffer)
        w.field("file", path, &run.out.buffer)
        for (key, value) in fields { w.field(key, value, &run.out.buffer) }
        w.close(&run.out.buffer)
    }
}
