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

    @MainActor
    static func parts(_ state: ConsoleState) -> [Part] {
        let sep = " · "
        let w = state.words
        var parts: [Part] = []
        if let g = state.gateway, g.mode == .alarm {
            parts.append(Part(text: "⚠ " + w("SENDING STOPPED: {1}", g.detail), style: "header.alarm", dropOrder: 0))
            parts.append(Part(text: sep, style: "header", dropOrder: 0))
        } else if let g = state.gateway, g.mode == .stopped {
            // Replies queue but nothing goes out: as loud as an alarm.
            parts.append(Part(text: "⚠ " + w("gateway stopped: replies wait in the outbox"), style: "header.alarm", dropOrder: 0))
            parts.append(Part(text: sep, style: "header", dropOrder: 0))
        }
        for a in state.announcements {
            let p = a.progress
            if let code = p.stopCode {
                // Meta refused the template: said as loudly as an alarm, with why.
                parts.append(Part(text: "📣 " + w("{1} stopped: {2}", a.template, w(TemplateRefusal.reason(code: code))), style: "header.alarm",
                                  dropOrder: 1))
                parts.append(Part(text: sep, style: "header", dropOrder: 1))
                continue
            }
            parts.append(Part(text: "📣 " + w("{1} {2}/{3} sent", a.template, p.total - p.queued, p.total), style: "header.banner", dropOrder: 4))
            parts.append(Part(text: sep, style: "header", dropOrder: 4))
        }
        let b = state.business
        parts.append(Part(text: (b?.name ?? "Loket") + " ", style: "header", dropOrder: 0))
        parts.append(b?.official == true ? Part(text: "✔ " + w("Official"), style: "header.badge", dropOrder: 0)
                                          : Part(text: w("unverified"), style: "header.unverified", dropOrder: 0))
        if let number = b?.displayNumber, !number.isEmpty { parts.append(Part(text: sep + number, style: "header", dropOrder: 3)) }
        parts.append(Part(text: sep, style: "header", dropOrder: 0))
        parts.append(Part(text: "\(state.me.login) (\(w(state.me.role.rawValue)))", style: "header.agent", dropOrder: 0))
        parts.append(Part(text: sep + w("{1} online", state.online.count), style: "header.counts", dropOrder: 5))
        parts.append(Part(text: sep + w("{1} waiting", state.teamWaiting), style: "header.counts", dropOrder: 0))
        if state.businessClosed {
            parts.append(Part(text: sep, style: "header", dropOrder: 0))
            parts.append(Part(text: w("closed"), style: "header.closed", dropOrder: 0))
        }
        let quality = (b?.qualityRating ?? "UNKNOWN").uppercased()
        parts.append(Part(text: sep + w("quality") + " ", style: "header", dropOrder: 6))
        parts.append(Part(text: w(quality), style: ["GREEN": "header.quality.green", "YELLOW": "header.quality.yellow", "RED": "header.quality.red"][quality] ?? "header", dropOrder: 6))
        // The messaging limit (Meta's tier), beside the quality but never taken for it.
        if let limit = b?.accountNote, MessagingLimit.isValid(limit) {
            parts.append(Part(text: sep + w("limit {1}", w(MessagingLimit.display(limit))), style: "header", dropOrder: 6))
        }
        if let spend = state.spendToday {
            parts.append(Part(text: sep + w("today {1}", w.moneyToCents(spend)), style: "header.spend", dropOrder: 8))
        }
        if let g = state.gateway, g.mode == .sending {
            parts.append(Part(text: sep + w("gateway sending"), style: "header", dropOrder: 7))
        }
        return parts
    }
}
