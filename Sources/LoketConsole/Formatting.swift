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

/// Clock times and dates in the console's time zone, from the C library's zone database (the same
/// tzdata Foundation uses): no ICU is loaded for them, which keeps the console's memory down.
struct Calendarist {
    /// An IANA zone ("Asia/Jakarta"), or "" for the system's zone.
    let zone: String
    /// Weekday and month names.
    let words: Words

    init(timeZone zone: String, words: Words = .english) {
        self.words = words
        // Without the system's zone database the C library would fall back to UTC: use the zone's
        // current offset instead, as a fixed POSIX zone ("<+07>-7"), asked of Foundation once.
        if !zone.isEmpty, !FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/" + zone), let tz = TimeZone(identifier: zone) {
            let offset = tz.secondsFromGMT()
            let sign = offset >= 0 ? "-" : "+"
            let h = abs(offset) / 3600, m = abs(offset) % 3600 / 60
            self.zone = "<\(offset >= 0 ? "+" : "-")\(Format.twoDigits(h))\(Format.twoDigits(m))>\(sign)\(h):\(Format.twoDigits(m))"
        } else {
            self.zone = zone
        }
    }

    /// The local broken-down time of `d`.
    private func local(_ d: Date) -> tm {
        LocalZone.with(zone) {
            var t = time_t(d.timeIntervalSince1970.rounded(.down))
            var out = tm()
            localtime_r(&t, &out)
            return out
        }
    }

    /// `16:53`.
    func clock(_ d: Date) -> String {
        let t = local(d)
        return Format.twoDigits(Int(t.tm_hour)) + ":" + Format.twoDigits(Int(t.tm_min))
    }

    /// `Fri, 27 Nov 2026` (`Jum, 27 Nov 2026`).
    func date(_ d: Date) -> String {
        let t = local(d)
        return "\(words.weekdays[Int(t.tm_wday)]), \(t.tm_mday) \(words.months[Int(t.tm_mon)]) \(1900 + Int(t.tm_year))"
    }

    /// Seconds east of UTC in this zone at `d` (what opening hours are read with).
    func offset(_ d: Date) -> Int { Int(local(d).tm_gmtoff) }

    func sameDay(_ a: Date, _ b: Date) -> Bool {
        let (x, y) = (local(a), local(b))
        return x.tm_year == y.tm_year && x.tm_yday == y.tm_yday
    }

    /// Local midnight of `d`'s day (mktime settles a daylight-saving change).
    func startOfDay(_ d: Date) -> Date {
        var t = local(d)
        t.tm_hour = 0; t.tm_min = 0; t.tm_sec = 0; t.tm_isdst = -1
        return Date(timeIntervalSince1970: TimeInterval(LocalZone.with(zone) { mktime(&t) }))
    }
}

/// The process's C time zone (TZ): set for the console's zone (changed only when another is asked for) and
/// held while a time is converted, so two zones never mix.
enum LocalZone {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: String?

    static func with<T>(_ zone: String, _ body: () -> T) -> T {
        lock.lock(); defer { lock.unlock() }
        if current != zone {
            if zone.isEmpty { unsetenv("TZ") } else { setenv("TZ", zone, 1) }
            tzset()
            current = zone
        }
        return body()
    }
}
