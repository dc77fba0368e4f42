import KafkaLog
import KafkaRecords

/// Index look-ups for `--offset-start` / `--timestamp-start`: each returns a result or the reason the
/// index cannot be used (missing, failing its sanity check, pointing outside the log), in which case
/// the dump falls back to a scan and says so.
enum SeekIndex {
    enum Outcome<T> {
        case success(T)
        case failure(String)
    }

    static func offsetIndexPosition(path: String, base: Int64, offset: Int64, logSize: Int) -> Outcome<Int> {
        guard FileSystem.exists(path) else { return .failure("offset index is missing") }
        do {
            let file = try MappedFile(path: path)
            let bytes = try file.bytes(at: 0, count: file.size)
            let index = OffsetIndexView(bytes: bytes, baseOffset: base)
            if let failure = index.sanityCheckFailure(path: path) { return .failure(failure) }
            let entry = index.lookup(offset, entries: index.writtenEntryCount)
            guard entry.position >= 0, Int(entry.position) < logSize else {
                return .failure("entry for offset \(entry.offset) points at byte \(entry.position), outside the \(logSize)-byte log")
            }
            return .success(Int(entry.position))
        } catch {
            return .failure("\(error)")
        }
    }

    static func timeIndexOffset(path: String, base: Int64, timestamp: Int64) -> Outcome<Int64> {
        guard FileSystem.exists(path) else { return .failure("time index is missing") }
        do {
            let file = try MappedFile(path: path)
            let bytes = try file.bytes(at: 0, count: file.size)
            let index = TimeIndexView(bytes: bytes, baseOffset: base)
            let written = index.writtenEntryCount
            let trimmed = TimeIndexView(bytes: UnsafeRawBufferPointer(rebasing: bytes[0..<(written * TimeIndexView.entrySize)]), baseOffset: base)
            if bytes.count % TimeIndexView.entrySize != 0 { return .failure(index.sanityCheckFailure(path: path) ?? "bad size") }
            if let failure = trimmed.sanityCheckFailure(path: path) { return .failure(failure) }
            return .success(trimmed.lookup(timestamp).offset)
        } catch {
            return .failure("\(error)")
        }
    }
}
