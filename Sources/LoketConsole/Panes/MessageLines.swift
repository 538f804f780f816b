import Foundation
import LoketDomain
import LoketStore
import TermCore

/// A conversation turned into display lines for a width: date separators, time, sender, wrapped text,
/// delivery ticks, failure reasons, notes and system events.
struct MessageLines {
    struct Segment { var text: String; var style: String }
    typealias Line = [Segment]

    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        for paragraph in DisplayWidth.sanitizedKeepingNewlines(text).split(separator: "\n", omittingEmptySubsequences: false) {
            // Most chat messages fit on one line: no word breaking needed.
            if DisplayWidth.of(paragraph) <= width { lines.append(String(paragraph)); continue }
            var current = ""
            var currentWidth = 0
            var word = ""
            var wordWidth = 0
            func flushWord() {
                if currentWidth + wordWidth > width && currentWidth > 0 {
                    lines.append(current)
                    current = ""; currentWidth = 0
                    let trimmed = String(word.drop { $0 == " " })
                    word = trimmed; wordWidth = DisplayWidth.of(trimmed)
                }
                // A word longer than the line is split by grapheme.
                while wordWidth > width {
                    let (head, hw) = DisplayWidth.prefix(word, fitting: width - currentWidth)
                    lines.append(current + head)
                    current = ""; currentWidth = 0
                    word = String(word.dropFirst(head.count)); wordWidth -= hw
                    if head.isEmpty { break }
                }
                current += word; currentWidth += wordWidth
                word = ""; wordWidth = 0
            }
            for ch in paragraph {
                let w = DisplayWidth.of(ch)
                // Break opportunities: spaces, and between CJK characters (which use no spaces).
                if ch == " " || (ch.unicodeScalars.first.map(SearchText.isCJK) ?? false) {
                    if ch == " " { flushWord(); word = " "; wordWidth = 1; continue }
                    flushWord(); word = String(ch); wordWidth = w; flushWord(); continue
                }
                word.append(ch); wordWidth += w
            }
            flushWord()
            lines.append(current)
        }
        return lines
    }

    /// Laid-out messages kept between frames, by message id: switching back to a conversation or a new
    /// message arriving lays out only what changed (a message's lines depend on its text, status, the
    /// width and the customer's name).
    struct Cache {
        struct Key: Equatable {
            var width: Int; var updatedAt: Date; var status: MessageStatus; var body: String; var name: String
            /// What the quote line says (the quoted message may load later than the reply).
            var quote: String? = nil
            var reactions: [Reaction] = []
            var media: MessageMedia? = nil
            var deleted = false
        }
        static let limit = 4000
        private var entries: [Int64: (key: Key, lines: [Line])] = [:]

        mutating func lines(for m: Message, key: Key, make: () -> [Line]) -> [Line] {
            if let hit = entries[m.id], hit.key == key { return hit.lines }
            if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
            let made = make()
            entries[m.id] = (key, made)
            return made
        }
    }

    /// The lines and, for each line, the id of the message it shows (0 for a date separator), so the
    /// message cursor can find and mark its lines; messages already in `cache` are not laid out again.
    static func buildIndexed(_ messages: [Message], customer: Customer?, width: Int, calendar: Calendarist, cache: inout Cache,
                             openKey: String = "o") -> (lines: [Line], owners: [Int64]) {
        var out: [Line] = []
        var owners: [Int64] = []
        var lastDay: Date?
        let firstName = customer.map(Format.firstName) ?? "customer"
        // Replies that quote a message show it in one line above them.
        var byWamid: [String: Message] = [:]
        if messages.contains(where: { $0.replyTo != nil }) {
            for m in messages { if let w = m.wamid { byWamid[w] = m } }
        }
        for m in messages {
            if lastDay == nil || !calendar.sameDay(lastDay!, m.createdAt) {
                let label = " \(calendar.date(m.createdAt)) "
                let side = max(2, (width - DisplayWidth.of(label)) / 2)
                out.append([Segment(text: String(repeating: "─", count: side) + label + String(repeating: "─", count: side), style: "message.date_separator")])
                owners.append(0)
                lastDay = m.createdAt
            }
            let quote = m.replyTo.map { quoteText(byWamid[$0], firstName: firstName, words: calendar.words) }
            let key = Cache.Key(width: width, updatedAt: m.updatedAt, status: m.status, body: m.body, name: firstName, quote: quote,
                                reactions: m.reactions, media: m.media, deleted: m.deleted)
            let laidOut = cache.lines(for: m, key: key) {
                Self.lines(for: m, firstName: firstName, width: width, calendar: calendar, quote: quote, openKey: openKey)
            }
            out += laidOut
            owners += Array(repeating: m.id, count: laidOut.count)
        }
        return (out, owners)
    }

    /// The one line a quoted message gets above its reply: who wrote it and how it begins, or "earlier
    /// message" when it is not loaded (or not in the store).
    static func quoteText(_ quoted: Message?, firstName: String, words w: Words) -> String {
        guard let q = quoted else { return "↪ " + w("earlier message") }
        let who = q.direction == .inbound ? firstName : (q.agent ?? w("agent"))
        let text = q.body.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return "↪ \(who): \(text)"
    }

    /// One message's lines: time, sender, wrapped text and ticks; a note; a system event; a failure reason;
    /// above a reply that quotes a message, the quoted one in a line.
    static func lines(for m: Message, firstName: String, width: Int, calendar: Calendarist, quote: String? = nil,
                      openKey: String = "o") -> [Line] {
        var out: [Line] = []
        if let quote, m.direction == .inbound || m.direction == .outbound {
            out.append([Segment(text: "      " + String(repeating: " ", count: 9), style: "message.time"),
                        Segment(text: DisplayWidth.fit(quote, max(8, width - 15 - 1), pad: false), style: "message.presence")])
        }
        // Forwarded, or from an ad: said above what the customer wrote (the body itself is only their words).
        if m.direction == .inbound {
            var marks: [String] = []
            if m.isForwarded { marks.append("» " + calendar.words("forwarded")) }
            if let ad = m.referralHeadline { marks.append("📣 " + calendar.words("from the ad: {1}", ad)) }
            // Changed by the customer since: said above it, the text before kept in view.
            if m.deleted { marks.append("🗑 " + calendar.words("deleted by the customer (the text below is what it said)")) }
            if m.edited, let before = m.originalBody {
                let first = before.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
                marks.append("✎ " + calendar.words("edited; it first said: {1}", first))
            }
            for mark in marks {
                // Wrapped (three lines at most): what an edited message first said is worth reading whole.
                let wrapped = wrap(mark, width: max(8, width - 16))
                for (i, l) in wrapped.prefix(3).enumerated() {
                    let text = i == 2 && wrapped.count > 3 ? l + " …" : l
                    out.append([Segment(text: String(repeating: " ", count: 15), style: "message.time"),
                                Segment(text: DisplayWidth.fit(text, max(8, width - 16), pad: false), style: "message.presence")])
                }
            }
        }
        let time = calendar.clock(m.createdAt)
        switch m.direction {
        case .system:
            // A team action in the agent's language, its times in the business's zone.
            let text = SystemLine.decode(payload: m.payload).map { p in
                calendar.words.translate(p.template, p.args.map { a in
                    SystemLine.timeValue(a).map { "\(calendar.date($0)) \(calendar.clock($0))" } ?? a
                })
            } ?? m.body
            for (i, l) in wrap("· " + text, width: max(10, width - 6)).enumerated() {
                out.append([Segment(text: i == 0 ? time + " " : "      ", style: "message.time"), Segment(text: l, style: "message.system")])
            }
        case .note:
            let head = calendar.words("note ({1})", m.agent ?? "?") + " "
            let lines = wrap(m.body, width: max(10, width - 6 - DisplayWidth.of(head)))
            for (i, l) in lines.enumerated() {
                out.append([Segment(text: i == 0 ? time + " " : "      ", style: "message.time"),
                            Segment(text: i == 0 ? head : String(repeating: " ", count: DisplayWidth.of(head)), style: "message.note"),
                            Segment(text: DisplayWidth.fit(l, max(0, width - 6 - DisplayWidth.of(head))), style: "message.note")])
            }
        case .inbound, .outbound:
            let sender = m.direction == .inbound ? firstName : (m.agent ?? "agent")
            let senderCol = DisplayWidth.fit(sender, 8) + " "
            let tick = m.direction == .outbound ? ticks(m.status) : nil
            let textWidth = max(8, width - 6 - 9 - (tick == nil ? 0 : 3))
            // An attachment: what it is and where it stands first, then what was written with it.
            var lines: [String]
            if let media = m.media {
                lines = wrap(AttachmentLine.text(media, inbound: m.direction == .inbound, words: calendar.words, openKey: openKey,
                                                 width: textWidth), width: textWidth)
                let caption = media.caption(ofBody: m.body)
                if !caption.isEmpty { lines += wrap(caption, width: textWidth) }
            } else {
                lines = wrap(m.body, width: textWidth)
            }
            for (i, l) in lines.enumerated() {
                var line: Line = [Segment(text: i == 0 ? time + " " : "      ", style: "message.time"),
                                  Segment(text: i == 0 ? senderCol : String(repeating: " ", count: 9), style: "message.sender"),
                                  Segment(text: l, style: m.direction == .inbound ? "message.inbound" : "message.outbound")]
                if let tick, i == lines.count - 1 {
                    line.append(Segment(text: String(repeating: " ", count: max(1, textWidth - DisplayWidth.of(l) + 1)), style: "message.outbound"))
                    line.append(Segment(text: tick.0, style: tick.1))
                }
                out.append(line)
            }
            // Reactions under the text: the customer's by their first name, an agent's by login.
            if !m.reactions.isEmpty {
                let text = m.reactions.map { "\($0.emoji) \($0.from == "customer" ? firstName : $0.from)" }.joined(separator: "  ")
                out.append([Segment(text: String(repeating: " ", count: 15), style: "message.time"),
                            Segment(text: DisplayWidth.fit(text, max(8, width - 16), pad: false), style: "message.presence")])
            }
            if m.status == .failed {
                let reason = "✗ not delivered" + (m.errorCode.map { " (#\($0))" } ?? "") + (m.errorTitle.map { ": \($0)" } ?? "")
                for l in wrap(reason, width: textWidth) {
                    out.append([Segment(text: String(repeating: " ", count: 15), style: "message.time"), Segment(text: l, style: "message.failed")])
                }
            }
        }
        return out
    }

    /// ◷ queued, ✓ sent, ✓✓ delivered, ✓✓ in the read colour, ✗ failed.
    static func ticks(_ s: MessageStatus) -> (String, String) {
        switch s {
        case .queued, .received: return ("◷", "tick.queued")
        case .sent: return ("✓", "tick.sent")
        case .delivered: return ("✓✓", "tick.delivered")
        case .read: return ("✓✓", "tick.read")
        case .failed: return ("✗", "tick.failed")
        }
    }
}
