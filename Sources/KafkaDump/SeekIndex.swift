import KafkaLog
import KafkaRecords

/// Index look-ups for `--offset-start` / `--timestamp-start`: each returns a result or the reason the
/// index cannot be used (missing, failing its sanity check, pointing outside the log), in which case
/// the dump falls back to a scan and says so. Indexes are read through a bounded window.
enum SeekIndex {
    enum Outcome<T> {
        case success(T)
        case failure(String)
    }

    static func offsetIndexPosition(path: String, base: Int64, offset: Int64, logSize: Int) -> Outcome<Int> {
        guard FileSystem.exists(path) else { return .failure("offset index is missing") }
        do {
            let index = try OffsetIndexFile(path: path, baseOffset: base)
            if let failure = try index.sanityCheckFailure(path: path) { return .failure(failure) }
            let entry = try index.lookup(offset, entries: try index.writtenEntryCount())
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
            let index = try TimeIndexFile(path: path, baseOffset: base)
            let written = try index.writtenEntryCount()
            if index.file.byteCount % TimeIndexView.entrySize != 0 { return .failure(try index.sanityCheckFailure(path: path) ?? "bad size") }
            // Checked and searched as the file of its written entries only.
            if let failure = try index.sanityCheckFailure(path: path, entries: written) { return .failure(failure) }
            return .success(try index.lookup(timestamp, entries: written).offset)
        } catch {
            return .failure("\(error)")
        }
    }
}
