import Foundation

/// Times in tables for people: local time with its zone (`2026-12-01 09:05:12 WIB`); JSON keeps RFC 3339.
enum LocalTime {
    static func string(_ date: Date, zone: TimeZone = .current) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let abbreviation = zone.abbreviation(for: date) ?? zone.identifier
        return f.string(from: date) + " " + abbreviation
    }
}
