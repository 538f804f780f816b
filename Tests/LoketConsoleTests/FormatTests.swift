import Foundation
import Testing
@testable import LoketConsole

@Suite struct FormatTests {
    static let ages: [(Double, String)] = [(0, "0s"), (7.9, "7s"), (45, "45s"), (60, "1m"), (247, "4m"), (720, "12m"), (3599, "59m"), (3600, "1h00"), (3900, "1h05"), (7500, "2h05"),
                                           (86_399, "23h59"), (86_400, "1d"), (2 * 86_400, "2d"), (3 * 86_400 + 5, "3d"), (-5, "0s")]

    @Test(arguments: ages)
    func queueAges(seconds: Double, shown: String) {
        #expect(Format.age(seconds) == shown)
    }
}

/// Clock times and dates from the C library's zone database agree with Foundation's (ICU) for every
/// hour of days around daylight-saving changes and in zones with odd offsets.
@Suite(.serialized) struct CalendaristTests {
    @Test(arguments: ["Asia/Jakarta", "Asia/Makassar", "Asia/Kolkata", "America/New_York", "Europe/London", "Australia/Adelaide", "UTC"])
    func agreesWithFoundation(zone: String) {
        let calendarist = Calendarist(timeZone: zone)
        let tz = TimeZone(identifier: zone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = tz
        let time = DateFormatter(), day = DateFormatter()
        for f in [time, day] { f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = tz }
        time.dateFormat = "HH:mm"
        day.dateFormat = "EEE, d MMM yyyy"
        // 2026-03-07 … 2026-03-10 and 2026-10-31 … 2026-11-03, hourly (US and EU daylight-saving changes).
        for start in [1_772_841_600.0, 1_793_404_800.0] {
            for h in 0..<96 {
                let d = Date(timeIntervalSince1970: start + Double(h) * 3600 + 1234)
                #expect(calendarist.clock(d) == time.string(from: d), "\(zone) \(d)")
                #expect(calendarist.date(d) == day.string(from: d), "\(zone) \(d)")
                #expect(calendarist.startOfDay(d) == calendar.startOfDay(for: d), "\(zone) \(d)")
                let next = d.addingTimeInterval(5 * 3600)
                #expect(calendarist.sameDay(d, next) == calendar.isDate(d, inSameDayAs: next), "\(zone) \(d)")
            }
        }
    }
}
