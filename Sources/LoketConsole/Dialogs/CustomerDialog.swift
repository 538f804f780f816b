import Foundation
import LoketDomain
import LoketStore
import TermCore

/// `i`: who the customer is (docs/SPEC.md §10): name, number, market, their local time, labels, opt-in,
/// the 24h window, and the earlier episodes of their conversation (each from a customer's message to its
/// resolve: when, who resolved it, how many messages). Live: reread when a change touches the conversation;
/// their local time and the window's countdown are worked out from the clock when drawn.
final class CustomerDialog: Dialog {
    private(set) var profile: CustomerProfile
    /// The first episode shown (j/k scroll them, newest first).
    private(set) var top = 0

    init(_ profile: CustomerProfile) { self.profile = profile }

    var scope: KeyScope { .panel }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        switch action {
        case .back?, .customer?: console.close(self)
        case .moveDown?: top = min(top + 1, max(0, profile.episodes.count - 1))
        case .moveUp?: top = max(0, top - 1)
        default: break
        }
    }

    func refresh(in console: ConsoleController, after changes: [Change]?) async {
        guard let changes, changes.contains(where: { $0.conversationID == profile.conversation.id }) else { return }
        guard let p = try? await console.store.customerProfile(.id(profile.conversation.id)) else { return }
        profile = p
        top = min(top, max(0, p.episodes.count - 1))
    }

    /// The panel's lines: facts first, then episodes newest first.
    func lines(calendar: Calendarist, now: Date) -> (facts: [(String, String)], episodes: [String]) {
        let c = profile.conversation.customer, w = calendar.words
        let local = profile.timeZone.map { zone -> String in
            let there = Calendarist(timeZone: zone, words: calendar.words)
            return "\(there.clock(now)) \(there.date(now)) (\(zone))"
        }
        let window = profile.conversation.window
        let facts = [
            (w("Number"), Format.phone(c)),
            (w("Market"), profile.market ?? w("unknown")),
            (w("Local time"), local ?? w("unknown")),
            (w("Labels"), c.labels.isEmpty ? w("none (l adds one)") : c.labels.joined(separator: " ")),
            (w("Opt-in"), w(c.optedOut ? "opted out (no announcements)" : c.optedIn ? "opted in" : "not opted in")),
            (w("Window"), window.isOpen(at: now) ? w("{1} left", window.countdown(at: now)) : w("closed (templates only)")),
        ]
        let episodes = profile.episodes.reversed().map { e -> String in
            let opened = "\(calendar.date(e.openedAt)) \(calendar.clock(e.openedAt))"
            var end = e.resolvedAt.map { w("resolved {1}", calendar.sameDay($0, e.openedAt) ? calendar.clock($0) : calendar.date($0)) } ?? w("still open")
            if let by = e.resolvedBy { end += " " + w("by {1}", by) }
            return "\(opened) · \(end) · " + (e.messages == 1 ? w("1 message") : w("{1} messages", e.messages))
        }
        return (facts, episodes)
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme
        let (facts, episodes) = lines(calendar: area.calendar, now: area.now)
        let height = min(area.screen.height - 2, facts.count + 4 + max(1, episodes.count))
        let inner = Overlay.frame(&buffer, width: 72, height: height, in: area.screen, title: Format.name(profile.conversation.customer), theme: theme)
        var y = inner.y
        for (name, value) in facts where y < inner.maxY {
            let x = buffer.put(DisplayWidth.fit(name, 16), x: inner.x + 1, y: y, style: theme["dialog.title"], maxX: inner.maxX)
            if name == area.state.words("Labels"), !profile.conversation.customer.labels.isEmpty {
                _ = QueuePane.drawLabels(&buffer, profile.conversation.customer.labels, x: x, y: y, width: inner.maxX - x, theme: theme)
            } else {
                buffer.put(value, x: x, y: y, style: theme["dialog"], maxX: inner.maxX)
            }
            y += 1
        }
        y += 1
        guard y < inner.maxY else { return nil }
        buffer.put(area.state.words("Earlier episodes ({1})", episodes.count), x: inner.x + 1, y: y, style: theme["dialog.title"], maxX: inner.maxX)
        y += 1
        if episodes.isEmpty { buffer.put("  " + area.state.words("none yet: this is their first conversation"), x: inner.x, y: y, style: theme["dialog"], maxX: inner.maxX) }
        for line in episodes.dropFirst(top) where y < inner.maxY {
            buffer.put("  " + line, x: inner.x, y: y, style: theme["dialog"], maxX: inner.maxX)
            y += 1
        }
        return nil
    }

    func label(for binding: ActionBinding) -> String { binding.label }
}

extension KeyScope {
    /// A panel that shows facts (the customer panel): scroll and close.
    static let panel = KeyScope("panel", title: "Customer panel (i)")
}

extension DialogKind {
    static let customer = DialogKind(opener: [.customer], bindings: [
        ActionBinding(.moveDown, .panel, "older", "Scroll to older episodes", footer: true),
        ActionBinding(.moveUp, .panel, "newer", "Scroll to newer episodes"),
        ActionBinding(.back, .panel, "close", "Close the panel", footer: true),
        ActionBinding(.customer, .panel, "close", "Close the panel"),
    ]) { console, _ in
        guard let c = console.state.conversation else { console.say("select a conversation first"); return nil }
        do { return CustomerDialog(try await console.store.customerProfile(.id(c.id))) }
        catch { console.report(error); return nil }
    }
}
