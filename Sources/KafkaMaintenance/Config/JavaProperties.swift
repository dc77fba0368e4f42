/// Reads Java `.properties` text as `java.util.Properties.load` does: `#`/`!` comment lines, `=`, `:`
/// or white space between key and value, backslash line continuation, and the escapes `\t \n \r \f
/// \uXXXX` (any other escaped character stands for itself). A later key replaces an earlier one.
public enum JavaProperties {
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in logicalLines(text) {
            let (key, value) = split(line)
            if !key.isEmpty || !value.isEmpty { result[unescape(key)] = unescape(value) }
        }
        return result
    }

    /// Joins continued lines (an odd number of trailing backslashes) and drops blank and comment lines.
    static func logicalLines(_ text: String) -> [String] {
        var lines: [String] = []
        var pending: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = Substring(raw)
            // Leading white space is dropped on every line, continuation lines included.
            while let c = line.first, c == " " || c == "\t" || c == "\u{0C}" { line.removeFirst() }
            if pending == nil, line.isEmpty || line.first == "#" || line.first == "!" { continue }
            let trailing = line.reversed().prefix(while: { $0 == "\\" }).count
            if trailing % 2 == 1 {
                pending = (pending ?? "") + line.dropLast()
                continue
            }
            lines.append((pending ?? "") + line)
            pending = nil
        }
        if let pending { lines.append(pending) }
        return lines
    }

    /// Splits at the first unescaped `=`, `:` or white space; white space around the separator is dropped.
    static func split(_ line: String) -> (String, String) {
        let chars = Array(line)
        var i = 0
        var key = ""
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count { key.append(c); key.append(chars[i + 1]); i += 2; continue }
            if c == "=" || c == ":" || c == " " || c == "\t" || c == "\u{0C}" { break }
            key.append(c)
            i += 1
        }
        while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{0C}" { i += 1 }
        if i < chars.count, chars[i] == "=" || chars[i] == ":" { i += 1 }
        while i < chars.count, chars[i] == " " || chars[i] == "\t" || chars[i] == "\u{0C}" { i += 1 }
        return (key, String(chars[i...]))
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = ""
        var chars = text.makeIterator()
        while let c = chars.next() {
            guard c == "\\", let e = chars.next() else { out.append(c); continue }
            switch e {
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "f": out.append("\u{0C}")
            case "u":
                var hex = ""
                for _ in 0..<4 { if let h = chars.next() { hex.append(h) } }
                if let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) { out.unicodeScalars.append(scalar) }
            default: out.append(e)
            }
        }
        return out
    }
}
