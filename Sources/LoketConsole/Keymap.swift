import Foundation
import LoketConfig
import TermCore

/// Which key does what. Defaults follow SPEC 4; `keys.toml` rebinds them (`claim = "c"` or
/// `move_down = ["j", "Down"]` under `[keys]`), and two actions on one key are reported with file and line.
public struct Keymap: Sendable {
    public private(set) var bindings: [Action: [Key]]
    private var byKey: [Key: Action]

    public static let defaults: [Action: [Key]] = [
        .help: [.char("?"), .function(1)],
        .nextPane: [.tab],
        .moveDown: [.char("j"), .down],
        .moveUp: [.char("k"), .up],
        .pageDown: [.pageDown, .ctrl("d")],
        .pageUp: [.pageUp, .ctrl("u")],
        .top: [.home, .char("g")],
        .bottom: [.end, .char("G")],
        .open: [.enter],
        .tabWaiting: [.char("1")],
        .tabMine: [.char("2")],
        .tabAll: [.char("3")],
        .search: [.char("/")],
        .claim: [.char("c")],
        .assign: [.char("a")],
        .resolve: [.char("r")],
        .pending: [.char("p")],
        .note: [.char("n")],
        .template: [.char("t")],
        .quit: [.char("q")],
        .announce: [.char("A")],
        .presetF6: [.function(6)],
        .presetF7: [.function(7)],
        .presetF8: [.function(8)],
        .presetF9: [.function(9)],
    ]

    public init(bindings: [Action: [Key]] = Keymap.defaults) {
        self.bindings = bindings
        var map: [Key: Action] = [:]
        for action in Action.allCases { for k in bindings[action] ?? [] { map[k] = action } }
        byKey = map
    }

    public func action(for key: Key) -> Action? { byKey[key] }

    /// `c`, `j/Down`: how an action's keys read in the footer and help.
    public func keys(for action: Action) -> String { (bindings[action] ?? []).map(\.name).joined(separator: "/") }

    /// The first key of an action, for the footer.
    public func primaryKey(for action: Action) -> String { bindings[action]?.first?.name ?? "" }

    /// Reads keys.toml: the defaults, with the actions it names rebound.
    public static func load(path: String) throws(ConfigError) -> Keymap {
        guard FileManager.default.fileExists(atPath: path) else { return Keymap() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) }
        catch { throw ConfigError(file: path, line: nil, key: nil, problem: "cannot read") }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(ConfigError) -> Keymap {
        let doc = try TOMLReader(source: text, file: file)
        var bindings = defaults
        guard let keys = try doc.table("keys") else { try doc.finish(); return Keymap() }
        try doc.finish()
        let byName = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0.configName, $0) })
        var owner: [Key: Action] = [:]
        var rebound: Set<Action> = []
        for name in keys.keys {
            guard let action = byName[name] else {
                throw keys.error(name, "unknown action; actions are \(Action.allCases.map(\.configName).joined(separator: ", "))")
            }
            let names = try keys.stringOrStrings(name) ?? []
            var parsed: [Key] = []
            for n in names {
                guard let k = Key(name: n) else { throw keys.error(name, "'\(n)' is not a key name (e.g. c, Enter, F6, Ctrl-W, Alt-Enter)") }
                parsed.append(k)
            }
            bindings[action] = parsed
            rebound.insert(action)
        }
        // Conflicts: a key claimed by two actions. A rebound action takes a key from a default one silently
        // only when the default is not rebound too; two explicit bindings of one key are an error.
        for action in Action.allCases where rebound.contains(action) {
            for k in bindings[action] ?? [] {
                if let other = owner[k], other != action {
                    throw keys.error(action.configName, "\(k.name) is also bound to \(other.configName)")
                }
                owner[k] = action
            }
        }
        for action in Action.allCases where !rebound.contains(action) {
            bindings[action] = (bindings[action] ?? []).filter { owner[$0] == nil }
        }
        return Keymap(bindings: bindings)
    }
}
