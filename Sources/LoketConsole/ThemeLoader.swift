public import Foundation
public import LoketConfig
import TermCore

/// Reads `themes/NAME.toml`: tables named by style (`[queue.selected]`) with `fg`, `bg` and `attrs`.
/// Missing keys fall back to the default theme; an unknown style name or a bad value is a ``ConfigError``
/// with the file and line.
public enum ThemeLoader {
    public static let builtInNames = ["default", "light", "high-contrast", "mono"]

    /// Folders searched for `NAME.toml`, in order, before the themes bundled with Loket.
    public static func searchPaths(environment: [String: String]) -> [String] {
        var paths = ["themes"]
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.config"
        paths.append("\(config)/loket/themes")
        return paths
    }

    /// The bundled default theme (the fallback for every other theme).
    public static func defaultTheme() -> Theme {
        guard let url = Bundle.module.url(forResource: "themes/default", withExtension: "toml"),
              let text = try? String(contentsOf: url, encoding: .utf8),
              let theme = try? parse(text, file: "default.toml", name: "default", base: nil) else {
            return Theme(name: "default", styles: ["default": .plain, "queue.selected": Style(attrs: .reverse)])
        }
        return theme
    }

    /// Resolves a theme by name (searching the theme folders, then the bundled themes) or by path.
    public static func load(_ nameOrPath: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Theme {
        let base = defaultTheme()
        var candidates: [String] = []
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            candidates = [nameOrPath]
        } else {
            candidates = searchPaths(environment: environment).map { "\($0)/\(nameOrPath).toml" }
            if let bundled = Bundle.module.url(forResource: "themes/\(nameOrPath)", withExtension: "toml") {
                candidates.append(bundled.path)
            }
        }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            // The bundled default is the base itself: not read twice at every start.
            if nameOrPath == "default", path == Bundle.module.url(forResource: "themes/default", withExtension: "toml")?.path { return base }
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) }
            catch { throw ConfigError(file: path, line: nil, key: nil, problem: "cannot read the theme") }
            return try parse(text, file: path, name: nameOrPath, base: base)
        }
        let available = Set(builtInNames + availableNames(environment: environment)).sorted().joined(separator: ", ")
        throw ConfigError(file: nameOrPath, line: nil, key: nil, problem: "no theme named '\(nameOrPath)'; available: \(available)")
    }

    static func availableNames(environment: [String: String]) -> [String] {
        searchPaths(environment: environment).flatMap { dir in
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".toml") }.map { String($0.dropLast(5)) }
        }
    }

    /// Parses a theme file; styles it does not set come from `base`.
    public static func parse(_ text: String, file: String, name: String, base: Theme?) throws(ConfigError) -> Theme {
        let doc = try TOMLReader(source: text, file: file)
        var styles = base?.styles ?? [:]
        try walk(doc, prefix: "", into: &styles)
        return Theme(name: name, styles: styles)
    }

    private static func walk(_ table: TOMLReader, prefix: String, into styles: inout [String: Style]) throws(ConfigError) {
        let keys = table.keys
        let valueKeys = keys.filter { ["fg", "bg", "attrs"].contains($0) }
        // A style: a table with fg/bg/attrs, or an explicit `[name]` header (an empty one means "no colour, no attribute").
        if !valueKeys.isEmpty || (!prefix.isEmpty && keys.isEmpty) || (table.hasHeader && Theme.knownKeys.contains(prefix)) {
            guard Theme.knownKeys.contains(prefix) else {
                throw table.error(nil, "unknown style '\(prefix)'; known styles include \(Theme.knownKeys.prefix(6).joined(separator: ", ")), …")
            }
            var style = Style()
            if let fg = try table.stringOrNumber("fg") {
                guard let c = Color(parsing: fg) else { throw table.error("fg", "'\(fg)' is not a colour (a name, 0-255 or #rrggbb)") }
                style.fg = c
            }
            if let bg = try table.stringOrNumber("bg") {
                guard let c = Color(parsing: bg) else { throw table.error("bg", "'\(bg)' is not a colour (a name, 0-255 or #rrggbb)") }
                style.bg = c
            }
            let attrNames = try table.stringOrStrings("attrs") ?? []
            for a in attrNames.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) where !a.isEmpty {
                guard let attr = Attributes.names[a.lowercased()] else {
                    throw table.error("attrs", "'\(a)' is not an attribute (bold, dim, italic, underline, reverse)")
                }
                style.attrs.insert(attr)
            }
            styles[prefix] = style
        }
        for key in keys where !["fg", "bg", "attrs"].contains(key) {
            let full = prefix.isEmpty ? key : "\(prefix).\(key)"
            guard let sub = try table.tableIfPresent(key) else {
                throw table.error(key, prefix.isEmpty ? "unknown style '\(full)': a style is a table with fg, bg and attrs"
                                                      : "unknown key; a style takes fg, bg and attrs")
            }
            try walk(sub, prefix: full, into: &styles)
        }
    }
}
