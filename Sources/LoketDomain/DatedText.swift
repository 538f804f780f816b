/// Dates and times written into text that is sent again and again (a preset announcement): "14:00 WIB",
/// "1 Desember", "2026-12-01", "Senin", "besok". Such a preset is right the day it was written and wrong
/// later, so it is pointed out before sending.
public enum DatedText {
    nonisolated(unsafe) private static let patterns: [Regex<Substring>] = [
        /\b\d{1,2}[:.]\d{2}\b/,
        /\b\d{4}-\d{2}-\d{2}\b/,
        /\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/,
        /(?i)\b\d{1,2}\s+(?:jan|januari|january|feb|februari|february|mar|maret|march|apr|april|mei|may|jun|juni|june|jul|juli|july|agu|agustus|aug|august|sep|sept|september|okt|oktober|oct|october|nov|november|des|desember|dec|december)\b/,
        /(?i)\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|saturday|sunday|besok|lusa|hari ini|malam ini|tomorrow|tonight|today)\b/,
    ]

    /// The first date or time mentioned in `texts`, if any.
    public static func firstMention(in texts: [String]) -> String? {
        for text in texts {
            for p in patterns { if let m = text.firstMatch(of: p) { return String(m.output) } }
        }
        return nil
    }
}
