import Foundation
public import TermCore

/// A console theme: styles by dotted name (`queue.selected`, `tick.read`, …). A name a theme leaves out
/// falls back to the default theme; a name with no style of its own inherits from its parent
/// (`header.quality.red` → `header.quality` → `header`) and finally `default`.
public struct Theme: Sendable {
    public let name: String
    var styles: [String: Style]

    public init(name: String, styles: [String: Style]) { self.name = name; self.styles = styles }

    public subscript(_ key: String) -> Style {
        var k = key
        while true {
            if let s = styles[k] { return s }
            guard let dot = k.lastIndex(of: ".") else { return styles["default"] ?? .plain }
            k = String(k[..<dot])
        }
    }

    /// The theme for a terminal without colour (`NO_COLOR`): each style keeps its own attributes and gains
    /// those of `attributes` (the mono theme), so what only colour told apart (an SLA warning in amber, a
    /// read tick in blue) is still told apart by bold, underline or reverse.
    public func withoutColour(attributes mono: Theme) -> Theme {
        var out = self
        for key in Self.knownKeys {
            var style = self[key]
            style.attrs.formUnion(mono[key].attrs)
            out.styles[key] = style
        }
        return out
    }

    /// Every style name the console draws with (a theme may set any of these; others are reported as unknown).
    public static let knownKeys: [String] = [
        "default", "border", "border.focused", "title", "title.focused",
        "header", "header.badge", "header.unverified", "header.agent", "header.counts", "header.quality.green",
        "header.quality.yellow", "header.quality.red", "header.alarm", "header.banner", "header.spend", "header.closed",
        "tab", "tab.active",
        "queue", "queue.selected", "queue.unread", "queue.sla_warning", "queue.sla_breached", "queue.meta",
        "queue.assigned_me", "queue.window_closed", "queue.empty",
        "message.inbound", "message.outbound", "message.sender", "message.time", "message.note", "message.system",
        "message.date_separator", "message.failed", "message.presence", "conversation.number",
        "tick.queued", "tick.sent", "tick.delivered", "tick.read", "tick.failed",
        "composer", "composer.prompt", "composer.placeholder", "composer.note_mode", "composer.counter",
        "composer.warning", "composer.closed",
        "footer", "footer.key", "status.info", "status.error",
        "help", "help.key", "help.action", "help.group",
        "search.match", "dialog", "dialog.title", "dialog.selected", "too_small",
        "label", "label.1", "label.2", "label.3", "label.4", "label.5", "label.6",
    ]
}
