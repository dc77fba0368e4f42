import Foundation
import KsegTestSupport
import XCTest

/// `dump-log-segments --help` and man/kseg-dump-log-segments.1 describe the same options with the
/// same defaults, and `--help` states each default once.
final class HelpAndManPageTests: XCTestCase {
    /// Option name → its whole help text, from the OPTIONS section of `--help`.
    func helpOptions() throws -> [String: String] {
        let help = try KsegProcess.run(["dump-log-segments", "--help"])
        XCTAssertEqual(help.status, 0)
        var options: [String: String] = [:]
        var current: String?
        for line in help.out.split(separator: "\n").drop(while: { $0 != "OPTIONS:" }).dropFirst() {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("-") && line.hasPrefix("  -") && !line.hasPrefix("   ") {
                // `--name <value>` or `-h, --help`.
                let names = trimmed.split(separator: " ").prefix { $0.hasPrefix("-") }.map { String($0.filter { $0 != "," }) }
                current = names.first { $0.hasPrefix("--") }
                if let current { options[current] = String(trimmed) }
            } else if let current {
                options[current]! += " " + trimmed
            }
        }
        return options
    }

    /// Option name → its paragraph, from every `.TP` entry of the man page's OPTIONS sections.
    func manOptions() throws -> [String: String] {
        let man = try String(contentsOf: Repository.root.appendingPathComponent("man/kseg-dump-log-segments.1"), encoding: .utf8)
        var options: [String: String] = [:]
        var inOptions = false
        var entry: [Substring] = []
        func flush() {
            guard let first = entry.first else { return }
            let text = entry.joined(separator: " ").replacingOccurrences(of: "\\-", with: "-")
            for word in first.replacingOccurrences(of: "\\-", with: "-").split(whereSeparator: { $0 == " " || $0 == "\"" })
            where word.hasPrefix("--") { options[String(word)] = text }
            entry = []
        }
        for line in man.split(separator: "\n") {
            if line.hasPrefix(".SH") { flush(); inOptions = line.contains("OPTIONS"); continue }
            guard inOptions else { continue }
            if line == ".TP" || line == ".PP" { flush(); if line == ".PP" { entry = [] }; continue }
            entry.append(line)
        }
        flush()
        return options
    }

    func testHelpStatesEachDefaultOnce() throws {
        for (name, text) in try helpOptions() {
            XCTAssertLessThanOrEqual(text.components(separatedBy: "default").count - 1, 1, "\(name): \(text)")
        }
    }

    func testManPageAndHelpDescribeTheSameOptionsAndDefaults() throws {
        let help = try helpOptions(), man = try manOptions()
        XCTAssertEqual(Set(help.keys), Set(man.keys), "options in --help vs the man page")
        for (name, text) in help {
            guard let range = text.range(of: "(default: ") else { continue }
            let value = text[range.upperBound...].prefix { $0 != ")" }
            XCTAssertTrue(man[name]?.contains(value) ?? false, "\(name): the man page does not give the default \(value): \(man[name] ?? "")")
        }
    }
}
