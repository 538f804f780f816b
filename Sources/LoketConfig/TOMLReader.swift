import Foundation
import TOMLKit

/// Reads typed values out of one TOML table, turning every mistake into a ``ConfigError`` with the
/// file, line and key; keys nobody asked for are reported as unknown by ``finish()``.
public final class TOMLReader {
    let file: String
    let index: TOMLLineIndex
    let table: TOMLTable
    /// `"server"`, `"announcements.presets[1]"`, or `""` for the document.
    let path: String
    private var seen: Set<String> = []

    /// Parses `source`; a syntax error becomes a ``ConfigError`` with TOML's own line.
    public convenience init(source: String, file: String) throws(ConfigError) {
        let table: TOMLTable
        do { table = try TOMLTable(string: source) }
        catch let e as TOMLParseError {
            throw ConfigError(file: file, line: e.source.begin.line, key: nil, problem: e.description)
        } catch { throw ConfigError(file: file, line: nil, key: nil, problem: "\(error)") }
        self.init(table: table, path: "", file: file, index: TOMLLineIndex(source: source))
    }

    init(table: TOMLTable, path: String, file: String, index: TOMLLineIndex) {
        self.table = table; self.path = path; self.file = file; self.index = index
    }

    /// The dotted name of a key for messages: `[server] port`.
    func label(_ key: String) -> String {
        let display = path.replacingOccurrences(of: #"\[\d+\]"#, with: "", options: .regularExpression)
        return display.isEmpty ? key : "[\(display)] \(key)"
    }

    public func error(_ key: String?, _ problem: String) -> ConfigError {
        ConfigError(file: file, line: index.line(table: path, key: key), key: key.map(label), problem: problem)
    }

    private func value(_ key: String) -> (any TOMLValueConvertible)? {
        seen.insert(key)
        return table[key]
    }

    public func string(_ key: String) throws(ConfigError) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.string else { throw error(key, "must be a string, got \(v.type)") }
        return s
    }

    public func string(_ key: String, default d: String) throws(ConfigError) -> String { try string(key) ?? d }

    /// A string or a whole number, as text (theme colours may be `"red"`, `"#1c2541"` or `24`).
    public func stringOrNumber(_ key: String) throws(ConfigError) -> String? {
        guard let v = value(key) else { return nil }
        if let s = v.string { return s }
        if let i = v.int { return String(i) }
        throw error(key, "must be a string or a number, got \(v.type)")
    }

    public func bool(_ key: String, default d: Bool) throws(ConfigError) -> Bool {
        guard let v = value(key) else { return d }
        guard let b = v.bool else { throw error(key, "must be true or false, got \(v.type)") }
        return b
    }

    public func int(_ key: String, default d: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let v = value(key) else { return d }
        guard let i = v.int else { throw error(key, "must be a whole number, got \(v.type)") }
        guard range.contains(i) else { throw error(key, "must be \(range.lowerBound)-\(range.upperBound), got \(i)") }
        return i
    }

    public func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let v = value(key) else { return nil }
        guard let a = v.array else { throw error(key, "must be an array of strings, got \(v.type)") }
        var out: [String] = []
        for item in a {
            guard let s = item.string else { throw error(key, "must be an array of strings") }
            out.append(s)
        }
        return out
    }

    /// A sub-table (`[server]`), or nil when absent.
    public func table(_ key: String) throws(ConfigError) -> TOMLReader? {
        guard let v = value(key) else { return nil }
        guard let t = v.table else { throw error(key, "must be a table, got \(v.type)") }
        return TOMLReader(table: t, path: path.isEmpty ? key : "\(path).\(key)", file: file, index: index)
    }

    /// An array of tables (`[[announcements.presets]]`).
    public func tables(_ key: String) throws(ConfigError) -> [TOMLReader] {
        guard let v = value(key) else { return [] }
        guard let a = v.array else { throw error(key, "must be an array of tables, got \(v.type)") }
        var out: [TOMLReader] = []
        for (i, item) in a.enumerated() {
            guard let t = item.table else { throw error(key, "must be an array of tables") }
            out.append(TOMLReader(table: t, path: "\(path.isEmpty ? key : "\(path).\(key)")[\(i)]", file: file, index: index))
        }
        return out
    }

    /// True when the file has an explicit `[table]` header for this table.
    public var hasHeader: Bool { !path.isEmpty && index.line(table: path, key: nil) != nil }

    /// The keys of this table, in file order where TOMLKit keeps it.
    public var keys: [String] { table.keys }

    /// A sub-table, or nil when the key is absent or not a table (the caller decides what that means).
    public func tableIfPresent(_ key: String) throws(ConfigError) -> TOMLReader? {
        guard let v = value(key), let t = v.table else { return nil }
        return TOMLReader(table: t, path: path.isEmpty ? key : "\(path).\(key)", file: file, index: index)
    }

    /// A string, or an array of strings.
    public func stringOrStrings(_ key: String) throws(ConfigError) -> [String]? {
        guard let v = table[key] else { seen.insert(key); return nil }
        if let s = v.string { seen.insert(key); return [s] }
        return try strings(key)
    }

    /// Reports the first key that was never read as unknown.
    public func finish() throws(ConfigError) {
        for key in table.keys.sorted() where !seen.contains(key) {
            throw error(key, "unknown key")
        }
    }
}
