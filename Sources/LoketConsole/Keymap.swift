import Foundation
public import LoketConfig
public import TermCore

/// Which key does what. Defaults follow docs/SPEC.md §4; `keys.toml` rebinds them (`claim = "c"` or
/// `move_down = ["j", "Down"]` under `[keys]`), and two actions on one key are reported with file and line.
public struct Keymap: Sendable {
    public private(set) var bindings: [Action: [Key]]
    private var byKey: [KeyScope: [Key: Action]]

    public static let defaults: [Action: [Key]] = Dictionary(uniqueKeysWithValues: Action.allCases.map { ($0, $0.defaultKeys) })

    public init(bindings: [Action: [Key]] = Keymap.defaults) {
        self.bindings = bindings
        var map: [KeyScope: [Key: Action]] = [:]
        for action in Action.allCases {
            for scope in ActionTable.scopes[action] ?? [] {
                for k in bindings[action] ?? [] where map[scope]?[k] == nil { map[scope, default: [:]][k] = action }
            }
        }
        byKey = map
    }

    /// The action a key does in the queue and conversation.
    public func action(for key: Key) -> Action? { byKey[.normal]?[key] }

    /// The action a key does in `scope` (the composer, a dialog…).
    public func action(for key: Key, in scope: KeyScope) -> Action? { byKey[scope]?[key] }

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
        var rebound: [Action] = []
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
            rebound.append(action)
        }
        // A key does one thing in each scope: a rebound key that another action also has there (rebound or
        // default) is an error on the rebound line, never a silent unbinding of the other action.
        let order = Action.allCases.filter { rebound.contains($0) } + Action.allCases.filter { !rebound.contains($0) }
        var owner: [KeyScope: [Key: Action]] = [:]
        for action in order {
            for k in bindings[action] ?? [] {
                for scope in ActionTable.scopes[action] ?? [] {
                    if let other = owner[scope]?[k], other != action {
                        let (blamed, named) = rebound.contains(action) ? (action, other) : (other, action)
                        throw keys.error(blamed.configName, "\(k.name) is also bound to \(named.configName)")
                    }
                    owner[scope, default: [:]][k] = action
                }
            }
        }
        return Keymap(bindings: bindings)
    }
}
