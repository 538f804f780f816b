import Foundation
import LoketDomain
import LoketStore
import TermCore

/// Line 1: business, verified badge, number, who you are, who is online, the queue, quality, spend, gateway.
/// When the line is too narrow the least important parts go first (spend, gateway, quality, online, the
/// announcement banner); the display number, which the whole team shares, goes last (it stays at 100 columns).
enum HeaderBar {
    struct Part { var text: String; var style: String; var dropOrder: Int }

    @MainActor
    static func draw(_ buffer: inout ScreenBuffer, _ r: Rect, state: ConsoleState, theme: Theme) {
        buffer.fill(r, style: theme["header"])
        var parts = self.parts(state)
        // Parts sharing a drop order go together ("quality " never stays without its rating).
        while DisplayWidth.of(parts.map(\.text).joined()) > r.width - 2,
              let drop = parts.map(\.dropOrder).filter({ $0 > 0 }).max() {
            parts.removeAll { $0.dropOrder == drop }
        }
        var x = r.x + 1
        for p in parts { x = buffer.put(p.text, x: x, y: r.y, style: theme[p.style], maxX: r.maxX) }
    }

    /// `12.5` → `12.50` (no String(format:), which would load the locale machinery for one number).
    static func cents(_ amount: Double) -> String {
        let total = Int((amount * 100).rounded())
        return "\(total / 100).\(Format.twoDigits(abs(total % 100)))"
    }

    @MainActor
    static func parts(_ state: ConsoleState) -> [Part] {
        let sep = " · "
        var parts: [Part] = []
        if let g = state.gateway, g.mode == .alarm {
            parts.append(Part(text: "⚠ SENDING STOPPED: \(g.detail)", style: "header.alarm", dropOrder: 0))
            parts.append(Part(text: sep, style: "header", dropOrder: 0))
        } else if let g = state.gateway, g.mode == .stopped {
            // Replies queue but nothing goes out: as loud as an alarm.
            parts.append(Part(text: "⚠ gateway stopped: replies wait in the outbox", style: "header.alarm", dropOrder: 0))
            parts.append(Part(text: sep, style: "header", dropOrder: 0))
        }
        for a in state.announcements {
            let p = a.progress
            parts.append(Part(text: "📣 \(a.template) \(p.total - p.queued)/\(p.total) sent", style: "header.banner", dropOrder: 4))
            parts.append(Part(text: sep, style: "header", dropOrder: 4))
        }
        let b = state.business
        parts.append(Part(text: (b?.name ?? "Loket") + " ", style: "header", dropOrder: 0))
        parts.append(b?.official == true ? Part(text: "✔ Official", style: "header.badge", dropOrder: 0)
                                          : Part(text: "unverified", style: "header.unverified", dropOrder: 0))
        if let number = b?.displayNumber, !number.isEmpty { parts.append(Part(text: sep + number, style: "header", dropOrder: 3)) }
        parts.append(Part(text: sep, style: "header", dropOrder: 0))
        parts.append(Part(text: "\(state.me.login) (\(state.me.role.rawValue))", style: "header.agent", dropOrder: 0))
        parts.append(Part(text: "\(sep)\(state.online.count) online", style: "header.counts", dropOrder: 5))
        parts.append(Part(text: "\(sep)\(state.counts.waiting) waiting", style: "header.counts", dropOrder: 0))
        if state.businessClosed {
            parts.append(Part(text: sep, style: "header", dropOrder: 0))
            parts.append(Part(text: "closed", style: "header.closed", dropOrder: 0))
        }
        let quality = (b?.qualityRating ?? "UNKNOWN").uppercased()
        parts.append(Part(text: "\(sep)quality ", style: "header", dropOrder: 6))
        parts.append(Part(text: quality, style: ["GREEN": "header.quality.green", "YELLOW": "header.quality.yellow", "RED": "header.quality.red"][quality] ?? "header", dropOrder: 6))
        if let spend = state.spendToday {
            parts.append(Part(text: "\(sep)today \(spend.currency == "USD" ? "$" : spend.currency + " ")\(Self.cents(spend.doubleValue))",
                              style: "header.spend", dropOrder: 8))
        }
        if let g = state.gateway, g.mode == .sending {
            parts.append(Part(text: "\(sep)gateway sending", style: "header", dropOrder: 7))
        }
        return parts
    }
}
