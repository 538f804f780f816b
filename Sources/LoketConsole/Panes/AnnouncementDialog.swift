import Foundation
import LoketDomain
import LoketStore
import TermCore

/// The announcement composer (template → parameters → audience → confirm) and the progress dialog.
enum AnnouncementDialog {
    @MainActor
    static func composer(_ buffer: inout ScreenBuffer, screen: Rect, state: ConsoleState, templates: [MessageTemplate], text: String,
                         throughput: Int, theme: Theme) {
        let draft = state.announcement
        let title = draft.preset.map { "Preset announcement \($0)" } ?? "New announcement"
        let wanted = state.mode == .announceTemplate ? templates.count + 8 : 13 + min(5, draft.parameters.count)
        let inner = Overlay.frame(&buffer, width: 78, height: min(screen.height - 2, max(12, wanted)), in: screen, title: title, theme: theme)
        var y = inner.y
        func line(_ text: String, _ style: String = "dialog", indent: Int = 1) {
            guard y < inner.maxY else { return }
            buffer.put(text, x: inner.x + indent, y: y, style: theme[style], maxX: inner.maxX)
            y += 1
        }
        func field(_ label: String, _ value: String) {
            guard y < inner.maxY else { return }
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme["dialog.selected"])
            buffer.put("\(label)\(value)▏", x: inner.x + 1, y: y, style: theme["dialog.selected"], maxX: inner.maxX)
            y += 1
        }

        if state.mode == .announceTemplate {
            line("1 Template · 2 Parameters · 3 Audience · 4 Confirm", "dialog.title")
            let listHeight = max(1, inner.height - 6)
            let top = max(0, state.templateSelected - listHeight + 1)
            for i in top..<min(templates.count, top + listHeight) {
                let t = templates[i]
                line((i == state.templateSelected ? "▶ " : "  ") + "\(DisplayWidth.fit(t.name, 26)) \(DisplayWidth.fit(t.language, 6)) \(t.category.rawValue)",
                     i == state.templateSelected ? "dialog.selected" : "dialog", indent: 0)
            }
            let preview = templates.indices.contains(state.templateSelected) ? templates[state.templateSelected].bodyText : ""
            y = max(y, inner.maxY - 4)
            line("Text:", "dialog.title")
            for l in MessageLines.wrap(preview, width: inner.width - 2).prefix(3) { line(l) }
            return
        }

        if let t = draft.template { line("Template  \(t.name) (\(t.language), \(t.category.rawValue))", "dialog.title") }
        line("Customers will read:", "dialog.title")
        for l in MessageLines.wrap(draft.preview?.body ?? text, width: inner.width - 4).prefix(5) { line(l, indent: 3) }
        y += 1
        switch state.mode {
        case .announceParameters:
            line("Fill the parameters ({{1}}, {{2}}, …); the text above follows as you type.")
            for (i, p) in draft.parameters.enumerated() where i != draft.parameterIndex {
                line("{{\(i + 1)}} \(p.isEmpty ? "—" : p)", indent: 3)
            }
            field("{{\(draft.parameterIndex + 1)}} of \(draft.parameters.count): ", state.reason.string)
        case .announceAudience:
            line("Who gets it: open (unresolved chats), all (every opted-in customer),")
            line("label:NAME, or country:CC (ISO code, e.g. country:ID). Tab cycles.")
            field("Audience: ", state.reason.string)
        case .announceConfirm:
            guard let p = draft.preview else { return }
            line("Audience  \(p.audience)")
            line("Recipients \(p.recipients)   opted out (excluded) \(p.excludedOptedOut)", "dialog.title")
            line("Cost      about \(p.estimatedCost.decimalString) \(p.estimatedCost.currency) (\(p.category.rawValue), rate card; priced on delivery)")
            line("ETA       \(p.etaText(throughput: throughput)) at \(throughput) messages/s")
            y += 1
            field("Send it to \(p.recipients) customer\(p.recipients == 1 ? "" : "s")? Enter/y send · Esc/n ", draft.preset == nil ? "back" : "don't send")
        default: break
        }
    }

    @MainActor
    static func progress(_ buffer: inout ScreenBuffer, screen: Rect, progress: AnnouncementProgress?, cancelling: Bool, theme: Theme) {
        guard let p = progress else { return }
        let inner = Overlay.frame(&buffer, width: 72, height: 10, in: screen, title: "Announcement #\(p.id) — \(p.state)", theme: theme)
        let barWidth = max(10, inner.width - 12)
        let percent = p.total == 0 ? 100 : (p.total - p.queued) * 100 / p.total
        buffer.put("\(p.bar(width: barWidth)) \(percent)%", x: inner.x + 1, y: inner.y + 1, style: theme["dialog.title"], maxX: inner.maxX)
        buffer.put(p.countParts.joined(separator: " · "), x: inner.x + 1, y: inner.y + 3, style: theme["dialog"], maxX: inner.maxX)
        buffer.put("of \(p.total) recipients", x: inner.x + 1, y: inner.y + 4, style: theme["dialog"], maxX: inner.maxX)
        if cancelling {
            let y = inner.maxY - 1
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme["dialog.selected"])
            buffer.put("Stop sending to the \(p.queued) not yet sent? y: stop · other key: keep going", x: inner.x + 1, y: y,
                       style: theme["dialog.selected"], maxX: inner.maxX)
        }
    }
}
