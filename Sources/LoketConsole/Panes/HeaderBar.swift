import Foundation
import LoketStore
import TermCore

/// Line 1: business, verified badge, number, who you are, who is online, the queue, quality, spend, gateway.
enum HeaderBar {
    @MainActor
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, theme: Theme) {
        buffer.fill(r, style: theme["header"])
        var x = r.x + 1
        let maxX = r.maxX
        func put(_ s: String, _ style: String) { x = buffer.put(s, x: x, y: r.y, style: theme[style], maxX: maxX) }
        let sep = " · "
        if let alarm = state.gateway, alarm.mode == .alarm {
            put("⚠ SENDING STOPPED: \(alarm.detail) ", "header.alarm")
            put(sep, "header")
        }
        let b = state.business
        put(b?.name ?? "Loket", "header")
        put(" ", "header")
        if b?.official == true { put("✔ Official", "header.badge") } else { put("unverified", "header.unverified") }
        if let number = b?.displayNumber, !number.isEmpty { put(sep + number, "header") }
        put(sep, "header")
        put("\(state.me.login) (\(state.me.role.rawValue))", "header.agent")
        put("\(sep)\(state.online.count) online\(sep)\(state.counts.waiting) waiting", "header.counts")
        let quality = (b?.qualityRating ?? "UNKNOWN").uppercased()
        put("\(sep)quality ", "header")
        put(quality, ["GREEN": "header.quality.green", "YELLOW": "header.quality.yellow", "RED": "header.quality.red"][quality] ?? "header")
        if let spend = state.spendToday {
            put("\(sep)today \(spend.currency == "USD" ? "$" : spend.currency + " ")\(String(format: "%.2f", spend.doubleValue))", "header.spend")
        }
        if let g = state.gateway {
            put("\(sep)gateway \(g.mode == .sending ? "sending" : g.mode.rawValue)", g.mode == .alarm ? "header.alarm" : "header")
        }
    }
}
