import Foundation

/// A key press, decoded from the terminal.
public enum Key: Hashable, Sendable {
    case char(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
    /// Ctrl + a letter (`ctrl("w")`).
    case ctrl(Character)
    /// Alt (Meta) + a key, e.g. Alt-Enter for a newline in the composer.
    indirect case alt(Key)
    /// The terminal changed size.
    case resize
    /// Text pasted in one go (bracketed paste or a burst of input).
    case paste(String)

    /// The name used in keys.toml and on the help screen (`c`, `Enter`, `F6`, `Ctrl-W`, `Alt-Enter`, …).
    public var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PageUp"
        case .pageDown: return "PageDown"
        case .function(let n): return "F\(n)"
        case .ctrl(let c): return "Ctrl-\(c.uppercased())"
        case .alt(let k): return "Alt-\(k.name)"
        case .resize: return "Resize"
        case .paste: return "Paste"
        }
    }

    /// Parses a key name as written in keys.toml (case-insensitive for named keys).
    public init?(name: String) {
        let n = name.trimmingCharacters(in: .whitespaces)
        if n.count == 1, let c = n.first { self = .char(c); return }
        let lower = n.lowercased()
        if lower.hasPrefix("alt-") || lower.hasPrefix("m-") {
            guard let inner = Key(name: String(n.drop { $0 != "-" }.dropFirst())) else { return nil }
            self = .alt(inner); return
        }
        if lower.hasPrefix("ctrl-") || lower.hasPrefix("c-"), n.count >= 3, let c = n.last, c.isLetter, n.dropLast().hasSuffix("-") {
            self = .ctrl(Character(c.lowercased())); return
        }
        if lower.hasPrefix("f"), let num = Int(lower.dropFirst()), (1...12).contains(num) { self = .function(num); return }
        let named: [String: Key] = ["enter": .enter, "return": .enter, "tab": .tab, "shift-tab": .backTab, "backtab": .backTab,
                                    "esc": .escape, "escape": .escape, "backspace": .backspace, "delete": .delete, "del": .delete,
                                    "up": .up, "down": .down, "left": .left, "right": .right, "home": .home, "end": .end,
                                    "pageup": .pageUp, "pgup": .pageUp, "pagedown": .pageDown, "pgdn": .pageDown, "space": .char(" ")]
        guard let k = named[lower] else { return nil }
        self = k
    }
}
