import Foundation

/// Times in tables for people: local time with its zone (`2026-12-01 09:05:12 WIB`); JSON keeps RFC 3339.
enum LocalTime {
    /// How people name the zones this system calls `GMT+7` and the like.
    static let names = ["Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
                        "Asia/Singapore": "SGT", "Asia/Kuala_Lumpur": "MYT", "Asia/Tokyo": "JST", "Asia/Kolkata": "IST"]

    static func string(_ date: Date, zone: TimeZone = .current) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let abbreviation = names[zone.identifier] ?? zone.abbreviation(for: date) ?? zone.identifier
        return f.string(from: date) + " " + abbreviation
    }
}
