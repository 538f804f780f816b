import Foundation
public import LoketDomain

/// How announcements read in the console and the CLI (one wording for both).
extension AnnouncementProgress {
    /// `queued 3`, `sent 1`, … `failed 0`, then `cancelled N` and `opted out N` when there are any. The counts
    /// are cumulative, as people read them: a message read was delivered, and one delivered was sent.
    public var countParts: [String] { countPhrases.map(\.description) }

    /// The counts as phrases a language catalogue translates (the console's progress dialog).
    public var countPhrases: [Phrase] {
        var parts = [Phrase("queued {1}", ["\(queued)"]), Phrase("sent {1}", ["\(sent + delivered + read)"]),
                     Phrase("delivered {1}", ["\(delivered + read)"]), Phrase("read {1}", ["\(read)"]), Phrase("failed {1}", ["\(failed)"])]
        if cancelled > 0 { parts.append(Phrase("cancelled {1}", ["\(cancelled)"])) }
        if optedOut > 0 { parts.append(Phrase("opted out {1}", ["\(optedOut)"])) }
        return parts
    }

    /// `queued 3  sent 1  delivered 0  read 0  failed 0  of 4` (the CLI's progress line).
    public var summary: String { countParts.joined(separator: "  ") + "  of \(total)" }

    /// `[██████░░░░]`: the share of recipients no longer waiting.
    public func bar(width: Int) -> String {
        let filled = total == 0 ? width : min(width, (total - queued) * width / total)
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, width - filled)) + "]"
    }
}

extension AnnouncementPreview {
    /// `45 s`, `20 min 50 s`, `1 h 5 min`: the time to send it all at `throughput` per second.
    public func etaText(throughput: Int) -> String {
        let t = Int(eta(throughput: throughput).rounded(.up))
        return t < 60 ? "\(t) s" : t < 3600 ? "\(t / 60) min \(t % 60) s" : "\(t / 3600) h \(t % 3600 / 60) min"
    }
}
