import Foundation

/// Finds the line on which a key of a TOML document is written, so errors can say `file:line`.
///
/// TOMLKit reports lines for syntax errors only; this index covers the values it parsed. It understands
/// `[table]` and `[[array.of.tables]]` headers and `key = value` lines (bare, quoted and dotted keys).
public struct TOMLLineIndex: Sendable {
    private var lines: [String: Int] = [:]
    private var tables: [String: Int] = [:]

    public init(source: String) {
        var table = ""
        var arrayCounts: [String: Int] = [:]
        var lineNo = 0
        var inMultiline: String? = nil
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = Self.trimmed(raw)
            if let delim = inMultiline {
                if line.contains(delim) { inMultiline = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                let name = Self.keyPath(line.dropFirst(2).prefix { $0 != "]" })
                let n = arrayCounts[name, default: -1] + 1
                arrayCounts[name] = n
                table = "\(name)[\(n)]"
                tables[table] = lineNo
                continue
            }
            if line.hasPrefix("[") {
                table = Self.keyPath(line.dropFirst().prefix { $0 != "]" })
                tables[table] = lineNo
                continue
            }
            guard let eq = Self.assignmentIndex(line) else { continue }
            let key = Self.keyPath(line[..<eq])
            let full = table.isEmpty ? key : "\(table).\(key)"
            if lines[full] == nil { lines[full] = lineNo }
            let value = Self.trimmed(line[line.index(after: eq)...])
            for delim in ["\"\"\"", "'''"] where value.hasPrefix(delim) && value.dropFirst(3).range(of: delim) == nil {
                inMultiline = delim
            }
        }
    }

    /// Without spaces and tabs at either end (a plain scan: Foundation's trimming cost more than the rest of
    /// indexing a file, and themes are indexed at every start).
    static func trimmed(_ s: Substring) -> String {
        var start = s.startIndex, end = s.endIndex
        while start < end, s[start] == " " || s[start] == "\t" || s[start] == "\r" { start = s.index(after: start) }
        while end > start, case let c = s[s.index(before: end)], c == " " || c == "\t" || c == "\r" { end = s.index(before: end) }
        return String(s[start..<end])
    }

    static func trimmed(_ s: String) -> String { trimmed(Substring(s)) }

    /// The line of `key` in `table` (`"cloud_api"`, `"announcements.presets[0]"`), else of the table header.
    public func line(table: String, key: String?) -> Int? {
        if let key, let l = lines[table.isEmpty ? key : "\(table).\(key)"] { return l }
        return tables[table]
    }

    private static func assignmentIndex(_ line: String) -> String.Index? {
        var quote: Character? = nil
        for i in line.indices {
            let c = line[i]
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" || c == "'" { quote = c; continue }
            if c == "=" { return i }
        }
        return nil
    }

    private static func keyPath(_ s: some StringProtocol) -> String {
        s.split(separator: ".").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.joined(separator: ".")
    }
}
