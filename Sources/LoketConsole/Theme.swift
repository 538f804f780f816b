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

    /// Every style name the console draws with (a theme may set any of these; others are reported as unknown).
    public static let knownKeys: [String] = [
        "default", "border", "border.focused", "title", "title.focused",
        "header", "header.badge", "header.unverified", "header.agent", "header.counts", "header.quality.green",
        "header.quality.yellow", "header.quality.red", "header.alarm", "header.banner", "header.spend",
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
    ]
}
