import Foundation
import LoketDomain
import LoketStore
import TermCore

/// Small formatting rules shared by the panes.
enum Format {
    /// `7` → `07`.
    static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// A wait written with units, never like a clock time: `45s` under a minute, `12m` under an hour,
    /// `2h05` under a day, `3d` beyond.
    static func age(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        // Drawn for every queue row on every frame: plain interpolation, not String(format:).
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h" + twoDigits(s % 3600 / 60) }
        return "\(s / 86_400)d"
    }

    /// The number as its country writes it (`+62 812-3456-7890`, `+65 8765 4321`).
    static func phone(_ c: Customer) -> String {
        guard let p = c.phone else { return c.userID ?? "" }
        return PhoneGrouping.format(p, callingCode: c.callingCode)
    }

    /// The customer's name, else their number.
    static func name(_ c: Customer) -> String {
        c.profileName.isEmpty ? phone(c) : c.profileName
    }

    /// Columns a profile name may take in a title: enough for a real name, too few to imitate the rest of it.
    static let titleNameColumns = 20

    /// The profile name as a title shows it, cut with … past ``titleNameColumns``.
    static func titleName(_ c: Customer) -> String {
        DisplayWidth.fit(c.profileName, titleNameColumns, pad: false)
    }

    static func firstName(_ c: Customer) -> String {
        String(name(c).split(separator: " ").first ?? "")
    }
}

/// Clock times and dates in the console's time zone.
struct Calendarist {
    let timeZone: TimeZone
    private let time: DateFormatter
    private let day: DateFormatter
    private var calendar: Calendar

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
        calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        time = DateFormatter()
        time.locale = Locale(identifier: "en_US_POSIX")
        time.timeZone = timeZone
        time.dateFormat = "HH:mm"
        day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = timeZone
        day.dateFormat = "EEE, d MMM yyyy"
    }

    func clock(_ d: Date) -> String { time.string(from: d) }
    func date(_ d: Date) -> String { day.string(from: d) }
    func sameDay(_ a: Date, _ b: Date) -> Bool { calendar.isDate(a, inSameDayAs: b) }
    func startOfDay(_ d: Date) -> Date { calendar.startOfDay(for: d) }
}
