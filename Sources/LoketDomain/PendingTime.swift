public import Foundation

/// When a pending chat comes back (docs/SPEC.md §10): `2h`, `30m`, `1d`, `16:30` (today, or tomorrow if that has
/// passed), `besok 09:00` / `tomorrow 09:00`, or `YYYY-MM-DD HH:MM`, read in the business time zone.
public enum PendingTime {
    public static func parse(_ text: String, now: Date, timeZone: TimeZone) throws(InputError) -> Date {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date: Date
        if let d = duration(t) {
            date = now.addingTimeInterval(d)
        } else if let (h, m) = clock(t) {
            guard let today = calendar.date(bySettingHour: h, minute: m, second: 0, of: now) else { throw bad(text) }
            date = today > now ? today : calendar.date(byAdding: .day, value: 1, to: today) ?? today
        } else if let rest = ["besok ", "tomorrow "].lazy.compactMap({ t.hasPrefix($0) ? String(t.dropFirst($0.count)) : nil }).first,
                  let (h, m) = clock(rest.trimmingCharacters(in: .whitespaces)) {
            guard let tomorrow = calendar.date(byAdding: .day, value: 1, to: now),
                  let d = calendar.date(bySettingHour: h, minute: m, second: 0, of: tomorrow) else { throw bad(text) }
            date = d
        } else {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = timeZone
            f.dateFormat = "yyyy-MM-dd HH:mm"
            guard let d = f.date(from: t) else { throw bad(text) }
            date = d
        }
        guard date > now else {
            throw InputError("'{1}' is in the past; give a later time (e.g. 2h, besok 09:00, 16:30, 2026-12-02 09:00)", text)
        }
        return date
    }

    static func bad(_ text: String) -> InputError {
        InputError("'{1}' is not a time; use 2h, 30m, 16:30, besok 09:00 / tomorrow 09:00, or YYYY-MM-DD HH:MM", text)
    }

    /// `2h`, `90m`, `1d`, `1h30m` in seconds.
    public static func duration(_ t: String) -> TimeInterval? {
        guard !t.isEmpty, t.first?.isNumber == true else { return nil }
        var total: TimeInterval = 0
        var number = ""
        for ch in t {
            if ch.isNumber { number.append(ch); continue }
            guard let n = Double(number) else { return nil }
            switch ch {
            case "d": total += n * 86_400
            case "h", "j": total += n * 3600      // j: jam
            case "m": total += n * 60
            default: return nil
            }
            number = ""
        }
        return number.isEmpty && total > 0 ? total : nil
    }

    /// `16:30` or `9.30` as hour and minute.
    static func clock(_ t: String) -> (Int, Int)? {
        let parts = t.split(whereSeparator: { $0 == ":" || $0 == "." })
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m),
              parts[1].count == 2 else { return nil }
        return (h, m)
    }
}
