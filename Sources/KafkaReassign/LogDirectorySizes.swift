#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What one broker log directory says about partition sizes.
public struct LogDirectoryScan: Equatable, Sendable {
    public let path: String
    /// The broker the directory belongs to: given by the user, or `node.id` / `broker.id`
    /// from its `meta.properties`; nil when neither is known.
    public let broker: BrokerId?
    /// Live partition directories and their sizes, in Kafka's order.
    public let partitions: [PartitionReplicaSize]
}

public struct PartitionReplicaSize: Equatable, Sendable {
    public let topicPartition: TopicPartition
    public let bytes: Int64
}

/// Measures partition sizes directly from a broker's log directory, for users who have
/// the disks but no running cluster (or no `kafka-log-dirs.sh` output).
///
/// A partition's size is the sum of the regular files in its `<topic>-<partition>`
/// directory: what the broker stores and what a new replica will occupy once its indexes
/// are built. Files on their way out (`.deleted`, and `.cleaned`/`.swap` leftovers of an
/// interrupted compaction) are not part of the live log and are not counted. This is the
/// only I/O in KafkaReassign; it only reads.
public enum LogDirectorySizes {
    public static func scan(path: String, broker: BrokerId?) throws -> LogDirectoryScan {
        let owner: BrokerId?
        if let broker { owner = broker } else { owner = try brokerId(inLogDir: path) }
        var partitions: [PartitionReplicaSize] = []
        for name in try entries(of: path) {
            guard let topicPartition = PartitionDirectoryName.parse(name) else { continue }
            let directory = path + "/" + name
            guard try fileType(directory) == S_IFDIR else { continue }
            var total: Int64 = 0
            for file in try entries(of: directory) where !isLeftover(file) {
                var info = stat()
                guard lstat(directory + "/" + file, &info) == 0 else {
                    throw ReassignError.io(path: directory + "/" + file, operation: "lstat", errno: errno)
                }
                if info.st_mode & S_IFMT == S_IFREG { total += Int64(info.st_size) }
            }
            partitions.append(PartitionReplicaSize(topicPartition: topicPartition, bytes: total))
        }
        partitions.sort { $0.topicPartition < $1.topicPartition }
        return LogDirectoryScan(path: path, broker: owner, partitions: partitions)
    }

    /// `node.id` (KRaft) or `broker.id` (ZooKeeper mode) from `meta.properties`, if present.
    public static func brokerId(inLogDir path: String) throws -> BrokerId? {
        let file = path + "/meta.properties"
        guard let text = try readSmallFile(file) else { return nil }
        var found: BrokerId?
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("#") || line.hasPrefix("!") { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(inSet: " \t")
            let value = line[line.index(after: separator)...].trimmingCharacters(inSet: " \t")
            guard key == "node.id" || key == "broker.id" else { continue }
            guard let id = BrokerId(value), id >= 0 else {
                throw ReassignError.invalidDocument(source: file, path: key, reason: "'\(value)' is not a broker id")
            }
            if key == "node.id" || found == nil { found = id }
        }
        return found
    }

    private static func isLeftover(_ name: String) -> Bool {
        name.hasSuffix(".deleted") || name.hasSuffix(".cleaned") || name.hasSuffix(".swap")
    }

    private static func fileType(_ path: String) throws -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { throw ReassignError.io(path: path, operation: "stat", errno: errno) }
        return info.st_mode & S_IFMT
    }

    private static func entries(of path: String) throws -> [String] {
        guard let directory = opendir(path) else { throw ReassignError.io(path: path, operation: "opendir", errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        errno = 0
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) {
                    String(cString: $0)
                }
            }
            if name != ".", name != ".." { names.append(name) }
        }
        if errno != 0 { throw ReassignError.io(path: path, operation: "readdir", errno: errno) }
        return names.sorted()
    }

    /// Reads a file of at most 1 MiB; nil if it does not exist.
    private static func readSmallFile(_ path: String) throws -> String? {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            throw ReassignError.io(path: path, operation: "open", errno: errno)
        }
        defer { close(descriptor) }
        let limit = 1 << 20
        var bytes = [UInt8](repeating: 0, count: limit)
        var filled = 0
        while filled < limit {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, limit - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw ReassignError.io(path: path, operation: "read", errno: errno)
            }
            if got == 0 { break }
            filled += got
        }
        return String(decoding: bytes[0..<filled], as: UTF8.self)
    }
}

private extension Substring {
    func trimmingCharacters(inSet characters: String) -> String {
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
