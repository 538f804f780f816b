public import Foundation

/// When the business answers (docs/SPEC.md §10): open hours per weekday in the business's time zone,
/// holidays (closed all day) and the away message. Outside them the gateway answers a customer's first
/// message of each closed period with the away message, and first-response SLA clocks count open time only.
///
/// Local times come from an injected `offset` (seconds east of UTC at an instant), so the rules stay pure
/// and the console can use the C library's zone database while the gateway uses Foundation's.
public struct BusinessHours: Sendable, Equatable {
    /// Open minutes of the day per weekday, Sunday first (`[480..<1020]` is 08:00-17:00); empty is closed.
    public var week: [[Range<Int>]]
    /// Closed all day, as `YYYY-MM-DD` in the business's zone.
    public var holidays: Set<String>
    /// What the gateway answers outside hours (nil or empty: nothing is sent, the SLA still pauses).
    public var awayMessage: String?

    public init(week: [[Range<Int>]], holidays: Set<String> = [], awayMessage: String? = nil) {
        precondition(week.count == 7, "a week has seven days")
        self.week = week
        self.holidays = holidays
        self.awayMessage = awayMessage
    }

    /// The config's day names, Sunday first (the index into ``week``).
    public static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Reads one day's hours: `"08:00-17:00"`, several ranges separated by commas (`"08:00-12:00, 13:00-17:00"`),
    /// or empty (closed). Ranges must be in order and not overlap; `24:00` ends a day.
    public static func parseDay(_ text: String) throws(InputError) -> [Range<Int>] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        var out: [Range<Int>] = []
        for part in trimmed.split(separator: ",") {
            let ends = part.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard ends.count == 2, let from = minutes(ends[0]), let to = minutes(ends[1]) else {
                throw InputError("'\(text)' is not opening hours like \"08:00-17:00\" (empty: closed)")
            }
            guard from < to else { throw InputError("'\(part.trimmingCharacters(in: .whitespaces))' closes before it opens") }
            if let last = out.last, from < last.upperBound { throw InputError("'\(text)': the ranges overlap or are out of order") }
            out.append(from..<to)
        }
        return out
    }

    /// `HH:MM` as minutes of the day (00:00…24:00).
    static func minutes(_ s: String) -> Int? {
        let p = s.split(separator: ":")
        guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...59).contains(m),
              (0...23).contains(h) || (h == 24 && m == 0) else { return nil }
        return h * 60 + m
    }

    /// Checks a holiday date (`YYYY-MM-DD`, a real day).
    public static func validateHoliday(_ text: String) throws(InputError) -> String {
        guard let day = CivilDay(text) else { throw InputError("holiday '\(text)' is not a date like 2026-12-25") }
        return day.description
    }

    // MARK: Rules

    /// Whether the business is open at `t`.
    public func isOpen(at t: Date, offset: (Date) -> Int) -> Bool {
        let local = Int((t.timeIntervalSince1970).rounded(.down)) + offset(t)
        let day = CivilDay(daysSinceEpoch: Self.floorDiv(local, 86_400))
        guard !holidays.contains(day.description) else { return false }
        let minute = (local - day.daysSinceEpoch * 86_400) / 60
        return week[day.weekday].contains { $0.contains(minute) }
    }

    /// The open stretches of one local day as instants (none on a holiday).
    func openIntervals(day: CivilDay, offset: (Date) -> Int) -> [(start: Date, end: Date)] {
        guard !holidays.contains(day.description) else { return [] }
        return week[day.weekday].map { r in
            let startLocal = day.daysSinceEpoch * 86_400 + r.lowerBound * 60
            let endLocal = day.daysSinceEpoch * 86_400 + r.upperBound * 60
            // The offset at (about) that moment: right across a daylight-saving change.
            let guessStart = Date(timeIntervalSince1970: TimeInterval(startLocal))
            let guessEnd = Date(timeIntervalSince1970: TimeInterval(endLocal))
            return (Date(timeIntervalSince1970: TimeInterval(startLocal - offset(guessStart))),
                    Date(timeIntervalSince1970: TimeInterval(endLocal - offset(guessEnd))))
        }
    }

    /// When the closed period `t` falls in began (the end of the last open stretch before it), or nil when
    /// open at `t`. With no open stretch in the 366 days before, the period began 366 days ago: the away
    /// message still goes once.
    public func closedSince(_ t: Date, offset: (Date) -> Int) -> Date? {
        guard !isOpen(at: t, offset: offset) else { return nil }
        let today = CivilDay(daysSinceEpoch: Self.floorDiv(Int(t.timeIntervalSince1970.rounded(.down)) + offset(t), 86_400))
        for back in 0...366 {
            let day = CivilDay(daysSinceEpoch: today.daysSinceEpoch - back)
            if let end = openIntervals(day: day, offset: offset).map(\.end).filter({ $0 <= t }).max() { return end }
        }
        return t.addingTimeInterval(-366 * 86_400)
    }

    /// Open seconds between `from` and `to` (what a first-response SLA counts): closed hours, nights,
    /// weekends and holidays count nothing.
    public func openSeconds(from: Date, to: Date, offset: (Date) -> Int) -> TimeInterval {
        guard to > from else { return 0 }
        let first = Self.floorDiv(Int(from.timeIntervalSince1970.rounded(.down)) + offset(from), 86_400)
        let last = Self.floorDiv(Int(to.timeIntervalSince1970.rounded(.down)) + offset(to), 86_400)
        // A wait longer than a year counts its last year (a queue never holds one; this bounds the work).
        var total: TimeInterval = 0
        for d in max(first, last - 366)...last {
            for (s, e) in openIntervals(day: CivilDay(daysSinceEpoch: d), offset: offset) {
                let lo = max(s, from), hi = min(e, to)
                if hi > lo { total += hi.timeIntervalSince(lo) }
            }
        }
        return total
    }

    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}

/// The away message's rule: once per closed period per customer (and once more when an agent answered
/// them since: their next message is a new question nobody is there for), never to an opted-out customer,
/// never outside the 24h window (a free-form message could not be sent there).
public enum AwayMessage {
    public static func shouldSend(closedSince: Date?, lastSentAt: Date?, lastReplyAt: Date?, optedOut: Bool, windowOpen: Bool) -> Bool {
        guard let closedSince, !optedOut, windowOpen else { return false }
        guard let last = lastSentAt else { return true }
        return last < closedSince || (lastReplyAt.map { $0 > last } ?? false)
    }
}

/// A calendar day without a time zone (`2026-12-25`), counted from 1970-01-01 (proleptic Gregorian).
public struct CivilDay: Sendable, Equatable, CustomStringConvertible {
    public let daysSinceEpoch: Int
    public let year: Int, month: Int, day: Int

    public init(daysSinceEpoch z0: Int) {
        daysSinceEpoch = z0
        // Howard Hinnant's civil_from_days.
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or a day that does not exist.
    public init?(_ text: String) {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m), d >= 1 else { return nil }
        // days_from_civil, then back: a 31 February comes back as another day.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.init(daysSinceEpoch: era * 146_097 + doe - 719_468)
        guard year == y, month == m, day == d else { return nil }
    }

    /// 0 is Sunday.
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 4) % 7 }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }
}
