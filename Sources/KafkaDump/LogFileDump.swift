import KafkaLog
import KafkaRecords

/// Dumps a `.log` segment or KRaft `.checkpoint` snapshot (dump-and-index §4).
struct LogFileDump {
    let run: DumpRun
    var options: DumpOptions { run.options }

    func dump(path: String, name: String) {
        guard let header = headerLine(name: name) else {
            run.reportCorruption("\(path): file name does not start with a base offset (expected <20-digit offset>.log)", file: path)
            return
        }
        if run.options.json {
            var w = JSONObjectWriter(type: "segment", into: &run.out.buffer)
            w.field("file", path, &run.out.buffer)
            w.field("header", header, &run.out.buffer)
            w.close(&run.out.buffer)
        } else {
            run.out.writeLine(header)
        }
        if let end = options.offsetEnd, name.hasSuffix(LogFileName.logSuffix),
           let base = LogFileName.offset(fromFileName: name), base > end {
            // Every offset of a segment is at least its base offset: nothing in it is in range.
            return
        }
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { run.report(error, file: path); return }
        let viewEnd = min(file.size, options.maxBytes)
        let start = seekStart(file: file, path: path)
        var iterator = LogBatchIterator(file: file, start: start, end: viewEnd)
        var lastOffsetSeen: Int64 = -1
        let absolutePath = run.absolute(path)
        do {
            while let batch = try iterator.next() {
                if let from = options.offsetStart, batch.lastOffset < from { continue }
                if let from = options.timestampStart, batch.maxTimestamp < from { continue }
                if let end = options.offsetEnd, batch.lastOffset > end, firstOffset(of: batch) > end { return }
                printBatch(batch)
                if options.isDeep {
                    printRecords(of: batch, path: path, absolutePath: absolutePath, lastOffset: &lastOffsetSeen)
                }
                run.out.flushIfFull()
                if let end = options.offsetEnd, batch.lastOffset >= end { return }
            }
        } catch {
            run.reportCorruption("\(error)", file: path)
            return
        }
        if options.maxBytes == Int(Int32.max) {
            let trailing = iterator.trailingBytes
            if trailing > 0 {
                if options.json {
                    var w = JSONObjectWriter(type: "finding", into: &run.out.buffer)
                    w.fieldStatic("finding", "invalidBytes", &run.out.buffer)
                    w.field("file", path, &run.out.buffer)
                    w.field("position", iterator.position, &run.out.buffer)
                    w.field("bytes", trailing, &run.out.buffer)
                    w.close(&run.out.buffer)
                } else {
                    run.out.writeLine("Found \(trailing) invalid bytes at the end of \(name)")
                }
                if !options.json, case .truncatedBatch(let declared, let available)? = iterator.stop {
                    run.note("\(path): the batch at byte \(iterator.position) declares \(declared) bytes but only \(available) remain (truncated segment or garbage tail)")
                }
            }
        }
    }

    /// `Log starting offset: N`, or the KRaft snapshot headers (§4.1).
    func headerLine(name: String) -> String? {
        if name.hasSuffix(".checkpoint") {
            if name == "bootstrap.checkpoint" { return "KRaft bootstrap snapshot" }
            let chars = Array(name)
            guard chars.count >= 31, let offset = LogFileName.parseJavaLong(String(chars[0..<20])),
                  let epoch = LogFileName.parseJavaInt(String(chars[21..<31])) else { return nil }
            return "Snapshot end offset: \(offset), epoch: \(epoch)"
        }
        guard let offset = LogFileName.offset(fromFileName: name) else { return nil }
        return "Log starting offset: \(offset)"
    }

    // MARK: - Seek

    /// Where to start reading: 0, or the position the offset and time indexes give for the seek
    /// options (binary search in the index, then a bounded forward scan by the caller).
    func seekStart(file: MappedFile, path: String) -> Int {
        guard options.offsetStart != nil || options.timestampStart != nil else { return 0 }
        guard let base = LogFileName.offset(fromFileName: LogFileName.fileName(of: path)) else { return 0 }
        var target = options.offsetStart ?? base
        if let timestamp = options.timestampStart {
            let timeIndexPath = DumpRun.sibling(of: path, suffix: ".timeindex")
            switch SeekIndex.timeIndexOffset(path: timeIndexPath, base: base, timestamp: timestamp) {
            case .success(let offset): target = max(target, offset)
            case .failure(let reason):
                run.note("\(timeIndexPath): \(reason); scanning \(path) from the start")
                return 0
            }
        }
        let indexPath = DumpRun.sibling(of: path, suffix: ".index")
        switch SeekIndex.offsetIndexPosition(path: indexPath, base: base, offset: target, logSize: file.size) {
        case .success(let position):
            // The index must point at a batch boundary; otherwise it cannot be trusted.
            if position > 0 {
                var probe = LogBatchIterator(file: file, start: position)
                if (try? probe.next()).flatMap({ $0 }) == nil {
                    run.note("\(indexPath): entry points at byte \(position), which is not a batch start; scanning \(path) from the start")
                    return 0
                }
            }
            return position
        case .failure(let reason):
            run.note("\(indexPath): \(reason); scanning \(path) from the start")
            return 0
        }
    }

    /// The first offset of a batch, for `--offset-end`. A legacy wrapper that does not decompress
    /// has none; it is printed then, and its corruption reported where its records are decoded.
    func firstOffset(of batch: FileBatch) -> Int64 {
        (try? batch.firstOffset(scratch: &run.scratch, limits: options.decompressionLimits)) ?? .min
    }

    // MARK: - Batch lines

    func printBatch(_ batch: FileBatch) {
        if options.json { printBatchJSON(batch); return }
        var out = run.out.buffer
        defer { run.out.buffer = out }
        if batch.magic >= 2 && batch.sizeInBytes >= RecordFormat.recordBatchOverhead {
            let b = RecordBatch(bytes: batch.bytes)
            out.append("baseOffset: "); out.appendDecimal(b.baseOffset)
            out.append(" lastOffset: "); out.appendDecimal(b.lastOffset)
            out.append(" count: "); out.appendDecimal(b.recordsCount)
            out.append(" baseSequence: "); out.appendDecimal(b.baseSequence)
            out.append(" lastSequence: "); out.appendDecimal(b.lastSequence)
            out.append(" producerId: "); out.appendDecimal(b.producerId)
            out.append(" producerEpoch: "); out.appendDecimal(b.producerEpoch)
            out.append(" partitionLeaderEpoch: "); out.appendDecimal(b.partitionLeaderEpoch)
            out.append(" isTransactional: "); out.appendBool(b.isTransactional)
            out.append(" isControl: "); out.appendBool(b.isControl)
            out.append(" deleteHorizonMs: ")
            if let horizon = b.deleteHorizonMs {
                out.append("OptionalLong["); out.appendDecimal(horizon); out.append("]")
            } else {
                out.append("OptionalLong.empty")
            }
            out.append(" position: "); out.appendDecimal(batch.position)
            out.append(" "); out.append(b.timestampType.name); out.append(": "); out.appendDecimal(b.maxTimestamp)
            out.append(" size: "); out.appendDecimal(b.sizeInBytes)
            out.append(" magic: "); out.appendDecimal(Int64(b.magic))
            out.append(" compresscodec: "); appendCodec(b.compressionCodecId, &out)
            out.append(" crc: "); out.appendDecimal(b.storedCRC)
            out.append(" isvalid: "); out.appendBool(b.isValid)
            out.append(0x0A)
        } else if batch.magic >= 2 {
            // Shorter than a v2 header: Kafka cannot read it either; say so in the batch's place.
            out.append("baseOffset: "); out.appendDecimal(batch.offsetField)
            out.append(" position: "); out.appendDecimal(batch.position)
            out.append(" size: "); out.appendDecimal(batch.sizeInBytes)
            out.append(" magic: "); out.appendDecimal(Int64(batch.magic))
            out.append(" isvalid: false\n")
        } else {
            let e = LegacyEntry(bytes: batch.bytes)
            out.append("offset: "); out.appendDecimal(e.offset)
            out.append(" position: "); out.appendDecimal(batch.position)
            out.append(" "); out.append(e.timestampType.name); out.append(": "); out.appendDecimal(e.timestamp)
            out.append(" size: "); out.appendDecimal(e.sizeInBytes)
            out.append(" magic: "); out.appendDecimal(Int64(e.magic))
            out.append(" compresscodec: "); appendCodec(e.compressionCodecId, &out)
            out.append(" crc: "); out.appendDecimal(e.storedCRC)
            out.append(" isvalid: "); out.appendBool(e.isValid)
            out.append(0x0A)
        }
    }

    func appendCodec(_ id: UInt8, _ out: inout ByteBuffer) {
        if let codec = CompressionCodec(rawValue: id) { out.append(codec.name) } else { out.append("unknown("); out.appendDecimal(Int64(id)); out.append(")") }
    }

    func printBatchJSON(_ batch: FileBatch) {
        var out = run.out.buffer
        defer { run.out.buffer = out }
        var w = JSONObjectWriter(type: "batch", into: &out)
        w.field("position", batch.position, &out)
        w.field("size", batch.sizeInBytes, &out)
        w.field("magic", Int32(batch.magic), &out)
        if batch.magic >= 2 && batch.sizeInBytes >= RecordFormat.recordBatchOverhead {
            let b = RecordBatch(bytes: batch.bytes)
            w.field("baseOffset", b.baseOffset, &out)
            w.field("lastOffset", b.lastOffset, &out)
            w.field("count", b.recordsCount, &out)
            w.field("baseSequence", b.baseSequence, &out)
            w.field("lastSequence", b.lastSequence, &out)
            w.field("producerId", b.producerId, &out)
            w.field("producerEpoch", b.producerEpoch, &out)
            w.field("partitionLeaderEpoch", b.partitionLeaderEpoch, &out)
            w.field("isTransactional", b.isTransactional, &out)
            w.field("isControl", b.isControl, &out)
            w.fieldOptional("deleteHorizonMs", b.deleteHorizonMs, &out)
            w.fieldStatic("timestampType", b.timestampType.name, &out)
            w.field("maxTimestamp", b.maxTimestamp, &out)
            w.key("compressCodec", &out); out.append("\""); appendCodec(b.compressionCodecId, &out); out.append("\"")
            w.field("crc", b.storedCRC, &out)
            w.field("isValid", b.isValid, &out)
        } else if batch.magic >= 2 {
            w.field("baseOffset", batch.offsetField, &out)
            w.field("isValid", false, &out)
        } else {
            let e = LegacyEntry(bytes: batch.bytes)
            w.field("offset", e.offset, &out)
            w.fieldStatic("timestampType", e.timestampType.name, &out)
            w.field("timestamp", e.timestamp, &out)
            w.key("compressCodec", &out); out.append("\""); appendCodec(e.compressionCodecId, &out); out.append("\"")
            w.field("crc", e.storedCRC, &out)
            w.field("isValid", e.isValid, &out)
        }
        w.close(&out)
    }

    // MARK: - Record lines

    /// What a record line needs to know, fixed per batch (kept out of the per-record path).
    struct RecordLineFormat {
        var isV2: Bool
        var isControl: Bool
        var typeName: StaticString
        var skipMetadata: Bool
        var printsData: Bool
        var keyDecoder: PayloadDecoder
        var valueDecoder: PayloadDecoder
        var topicDecoder: TopicDecoder?
    }

    func printRecords(of batch: FileBatch, path: String, absolutePath: String, lastOffset: inout Int64) {
        let isV2 = batch.magic >= 2
        let isControl = isV2 && batch.sizeInBytes >= RecordFormat.recordBatchOverhead && RecordBatch(bytes: batch.bytes).isControl
        let typeName: StaticString
        if isV2 {
            typeName = batch.sizeInBytes >= RecordFormat.recordBatchOverhead ? RecordBatch(bytes: batch.bytes).timestampType.name : "CreateTime"
        } else {
            typeName = LegacyEntry(bytes: batch.bytes).timestampType.name
        }
        let options = self.options
        let format = RecordLineFormat(isV2: isV2, isControl: isControl, typeName: typeName, skipMetadata: options.skipRecordMetadata,
                                      printsData: options.printsData, keyDecoder: options.keyDecoder,
                                      valueDecoder: options.valueDecoder, topicDecoder: options.topicDecoder)
        let out = run.out
        let findings = run.findings
        let json = options.json
        let offsetStart = options.offsetStart, offsetEnd = options.offsetEnd
        // The loop works on a local buffer: no class property access per record.
        var buffer = out.buffer
        defer { out.buffer = buffer }
        var previous = lastOffset
        defer { lastOffset = previous }
        // Where the record being printed starts in `buffer`, to deal with a line cut short.
        var recordStart = buffer.count
        do {
            try batch.forEachRecord(scratch: &run.scratch, limits: options.decompressionLimits) { record in
                if let from = offsetStart, record.offset < from { return }
                if let end = offsetEnd, record.offset > end { return }
                if previous != -1 && record.offset != previous &+ 1 {
                    if json {
                        var w = JSONObjectWriter(type: "finding", into: &buffer)
                        w.fieldStatic("finding", "nonConsecutiveOffsets", &buffer)
                        w.field("file", path, &buffer)
                        w.field("previousOffset", previous, &buffer)
                        w.field("offset", record.offset, &buffer)
                        w.close(&buffer)
                    } else {
                        findings.nonConsecutiveOffsets.record(absolutePath, (previous, record.offset))
                    }
                }
                previous = record.offset
                recordStart = buffer.count
                if json {
                    try printRecordJSON(record, format: format, into: &buffer)
                } else {
                    try Self.appendRecordLine(record, format, into: &buffer)
                }
                if buffer.count >= OutputStream.drainThreshold { out.drain(&buffer) }
                recordStart = buffer.count
            }
        } catch {
            // A record that failed half-way: Kafka prints its line up to there and dies. kseg goes
            // on, so it ends the text line there (or drops the unfinished JSON object).
            if recordStart < buffer.count {
                if json { buffer.count = recordStart } else { buffer.append(0x0A) }
            }
            out.buffer = buffer
            run.reportCorruption("\(path): in the batch at byte \(batch.position) (offsets up to \(batch.lastOffset)): \(error)", file: path)
            buffer = out.buffer
        }
    }

    /// One record line, exactly as Kafka's tool prints it (§4.5–§4.8).
    @inline(__always)
    static func appendRecordLine(_ record: borrowing Record, _ format: RecordLineFormat, into out: inout ByteBuffer) throws {
        var prefixIsBar = true
        if !format.skipMetadata {
            out.append("| offset: "); out.appendDecimal(record.offset)
            out.append(" "); out.append(format.typeName); out.append(": "); out.appendDecimal(record.timestamp)
            out.append(" keySize: "); out.appendDecimal(record.keySize)
            out.append(" valueSize: "); out.appendDecimal(record.valueSize)
            prefixIsBar = false
            if format.isV2 {
                out.append(" sequence: "); out.appendDecimal(record.sequence)
                if record.headerCount == 0 {
                    out.append(" headerKeys: []")
                } else {
                    out.append(" headerKeys: [")
                    var first = true
                    record.forEachHeader { key, _ in
                        if !first { out.append(",") }
                        first = false
                        JavaText.appendDecodedUTF8(key, to: &out)
                    }
                    out.append("]")
                }
            } else {
                out.append(" isValid: "); out.appendBool(record.legacyIsValid)
                out.append(" crc: "); out.appendDecimal(record.legacyCRC ?? 0); out.append("}")
            }
            if format.isControl {
                out.appendString(try ControlRecordText.suffix(offset: record.offset, key: record.key, value: record.value))
            }
        }
        if format.printsData && !format.isControl {
            if let topicDecoder = format.topicDecoder {
                let (key, payload) = try InternalTopicText.render(record: record, decoder: topicDecoder)
                if let key { out.append(prefixIsBar ? "| key: " : " key: "); out.appendString(key); prefixIsBar = false }
                if let payload { out.append(" payload: "); out.appendString(payload) }
            } else {
                if let key = record.key {
                    out.append(prefixIsBar ? "| key: " : " key: ")
                    PayloadText.append(key, decoder: format.keyDecoder, to: &out)
                }
                if let value = record.value {
                    out.append(" payload: ")
                    PayloadText.append(value, decoder: format.valueDecoder, to: &out)
                }
            }
        }
        out.append(0x0A)
    }

    func printRecordJSON(_ record: borrowing Record, format: RecordLineFormat, into out: inout ByteBuffer) throws {
        let isV2 = format.isV2, isControl = format.isControl, typeName = format.typeName
        var w = JSONObjectWriter(type: "record", into: &out)
        w.field("offset", record.offset, &out)
        w.fieldStatic("timestampType", typeName, &out)
        w.field("timestamp", record.timestamp, &out)
        w.field("keySize", record.keySize, &out)
        w.field("valueSize", record.valueSize, &out)
        if isV2 {
            w.field("sequence", record.sequence, &out)
            w.key("headers", &out)
            out.append("[")
            var first = true
            record.forEachHeader { key, value in
                out.append(first ? "{\"key\":" : ",{\"key\":")
                first = false
                appendJSONPayload(key, decoder: .string, &out)
                out.append(",\"value\":")
                if let value { appendJSONPayload(value, decoder: options.valueDecoder, &out) } else { out.append("null") }
                out.append("}")
            }
            out.append("]")
        } else {
            w.field("isValid", record.legacyIsValid, &out)
            w.field("crc", record.legacyCRC ?? 0, &out)
        }
        if isControl {
            let type = try ControlRecordType.parse(key: record.key)
            w.key("control", &out)
            out.append("{\"type\":\""); out.append(type.name); out.append("\",\"id\":"); out.appendDecimal(type.id)
            if type == .commit || type == .abort {
                let marker = try EndTransactionMarker.parse(type: type, value: record.value)
                out.append(",\"coordinatorEpoch\":"); out.appendDecimal(marker.coordinatorEpoch)
            }
            out.append("}")
        } else if options.printsData {
            if let topicDecoder = options.topicDecoder {
                let (key, payload) = try InternalTopicText.render(record: record, decoder: topicDecoder)
                w.key("key", &out); if let key { JSON.appendString(key, to: &out) } else { out.append("null") }
                w.key("payload", &out); if let payload { JSON.appendString(payload, to: &out) } else { out.append("null") }
            } else {
                w.key("key", &out)
                if let key = record.key { appendJSONPayload(key, decoder: options.keyDecoder, &out) } else { out.append("null") }
                w.key("payload", &out)
                if let value = record.value { appendJSONPayload(value, decoder: options.valueDecoder, &out) } else { out.append("null") }
            }
        }
        w.close(&out)
    }

    func appendJSONPayload(_ bytes: UnsafeRawBufferPointer, decoder: PayloadDecoder, _ out: inout ByteBuffer) {
        var text = ByteBuffer(capacity: bytes.count * 2 + 8)
        PayloadText.append(bytes, decoder: decoder, to: &text)
        JSON.appendString(text.bytes, to: &out)
    }
}
