import KafkaReassign

/// The human-readable plan summary `kseg reassign-partitions` prints on standard error,
/// keeping standard output exactly Kafka's two JSON blocks.
enum ReassignSummaryText {
    static func render(_ plan: ReassignmentPlan, throttle: Int64?) -> String {
        let summary = plan.summary
        var lines: [String] = []
        var headline = "Plan (strategy \(summary.strategy)"
        if let seed = plan.seed { headline += ", seed \(seed)" }
        headline += "): \(summary.partitionsChanged) of \(summary.partitions) partitions change; "
        headline += "\(summary.replicasMoved) replica moves (lower bound \(summary.lowerBound))"
        if let bytes = summary.bytesMoved { headline += ", \(formatBytes(bytes)) to copy" }
        headline += "; \(summary.leaderChanges) preferred leaders change."
        lines.append(headline)
        if let throttle {
            if let seconds = summary.transferSeconds(throttle: throttle) {
                lines.append("Estimated transfer time at --throttle \(throttle) B/s: \(formatDuration(seconds)) (busiest broker), plus catch-up of data produced meanwhile.")
            } else {
                lines.append("No transfer estimate: partition sizes are unknown (give --log-dirs-json-file or --log-dir).")
            }
        }
        let sizes = summary.bytesMoved != nil
        var header = ["broker", "rack", "replicas", "share", "leaders", "share"]
        if sizes { header += ["bytes before", "bytes after", "in", "out"] }
        var rows = [header]
        for load in summary.brokers {
            var row = [
                String(load.broker) + (load.isTarget ? "" : " (leaving)"),
                load.rack ?? "-",
                "\(load.replicasBefore) -> \(load.replicasAfter)",
                load.replicaShare.map(formatRange) ?? "-",
                "\(load.leadersBefore) -> \(load.leadersAfter)",
                load.leaderShare.map(formatRange) ?? "-",
            ]
            if sizes {
                row += [formatBytes(load.bytesBefore), formatBytes(load.bytesAfter),
                        formatBytes(load.bytesIn), formatBytes(load.bytesOut)]
            }
            rows.append(row)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                column == 0 || column >= 2 ? String(repeating: " ", count: widths[column] - cell.count) + cell
                    : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            lines.append(cells.joined(separator: "  "))
        }
        for note in plan.notes { lines.append("note: " + note) }
        for finding in plan.findings { lines.append("finding: " + finding) }
        if plan.proposed.isEmpty {
            lines.append("Nothing to move: the current assignment already meets every constraint.")
        }
        return lines.joined(separator: "\n")
    }

    static func formatRange(_ range: ClosedRange<Int>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
    }

    /// Binary units with one decimal, as `du -h` users read them.
    static func formatBytes(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = Double(bytes)
        var unit = 0
        while abs(value) >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) B" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    static func formatDuration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let hours = total / 3600
        let minutes = (total % 3600) / 60
        let rest = total % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if hours > 0 { return "\(hours)h \(two(minutes))m \(two(rest))s" }
        if minutes > 0 { return "\(minutes)m \(two(rest))s" }
        return "\(rest)s"
    }
}
