import Foundation
import Testing
@testable import LoketDomain

@Suite struct BusinessHoursTests {
    /// Fri 27 Nov 2026 17:00 WIB (10:00 UTC).
    static let fridayFive = Date(timeIntervalSince1970: 1_795_773_600)
    static let wib: @Sendable (Date) -> Int = { _ in 7 * 3600 }
    static func at(_ minutesFromFridayFive: Double) -> Date { fridayFive.addingTimeInterval(minutesFromFridayFive * 60) }

    static let weekdays = try! BusinessHours(week: [[], BusinessHours.parseDay("08:00-17:00"), BusinessHours.parseDay("08:00-17:00"),
                                                    BusinessHours.parseDay("08:00-17:00"), BusinessHours.parseDay("08:00-17:00"),
                                                    BusinessHours.parseDay("08:00-17:00"), []],
                                             holidays: ["2026-12-25"], awayMessage: "Kami buka Senin–Jumat 08:00–17:00 WIB.")

    @Test func daysParseAndBadOnesSayWhy() throws {
        #expect(try BusinessHours.parseDay("08:00-17:00") == [480..<1020])
        #expect(try BusinessHours.parseDay(" 08:00-12:00, 13:00-24:00 ") == [480..<720, 780..<1440])
        #expect(try BusinessHours.parseDay("") == [])
        for bad in ["8-17", "17:00-08:00", "08:00-12:00,11:00-13:00", "25:00-26:00", "08:60-09:00", "08:00"] {
            #expect(throws: InputError.self, "\(bad)") { try BusinessHours.parseDay(bad) }
        }
        #expect(try BusinessHours.validateHoliday("2026-12-25") == "2026-12-25")
        #expect(throws: InputError.self) { try BusinessHours.validateHoliday("2026-02-30") }
        #expect(throws: InputError.self) { try BusinessHours.validateHoliday("25/12/2026") }
    }

    @Test func civilDaysAndWeekdays() {
        #expect(CivilDay("2026-11-27")?.weekday == 5, "a Friday")
        #expect(CivilDay("1970-01-01")?.daysSinceEpoch == 0 && CivilDay("1970-01-01")?.weekday == 4)
        #expect(CivilDay("2024-02-29")?.description == "2024-02-29" && CivilDay("2023-02-29") == nil)
        #expect(CivilDay(daysSinceEpoch: -1).description == "1969-12-31")
    }

    @Test func openAndClosed() {
        let h = Self.weekdays
        #expect(h.isOpen(at: Self.at(-1), offset: Self.wib), "Friday 16:59")
        #expect(!h.isOpen(at: Self.at(0), offset: Self.wib), "Friday 17:00 closes")
        #expect(!h.isOpen(at: Self.at(60 * 18), offset: Self.wib), "Saturday 11:00")
        #expect(h.isOpen(at: Self.at(60 * 63), offset: Self.wib), "Monday 08:00")
        // 25 Dec 2026 is a Friday and a holiday.
        let christmasNoon = Self.at(60 * 24 * 28 - 60 * 5)
        #expect(!h.isOpen(at: christmasNoon, offset: Self.wib))
        #expect(h.isOpen(at: christmasNoon.addingTimeInterval(-86_400), offset: Self.wib), "the day before is open")
    }

    @Test func aClosedPeriodBeginsWhenTheLastOpenStretchEnded() {
        let h = Self.weekdays
        #expect(h.closedSince(Self.at(-1), offset: Self.wib) == nil)
        #expect(h.closedSince(Self.at(1), offset: Self.wib) == Self.fridayFive)
        #expect(h.closedSince(Self.at(60 * 40), offset: Self.wib) == Self.fridayFive, "Sunday is the same weekend")
        // Christmas (a Friday): closed since Thursday 17:00.
        let christmasNoon = Self.at(60 * 24 * 28 - 60 * 5)
        #expect(h.closedSince(christmasNoon, offset: Self.wib) == Self.at(60 * 24 * 27))
        let never = BusinessHours(week: Array(repeating: [], count: 7))
        #expect(never.closedSince(Self.fridayFive, offset: Self.wib) == Self.fridayFive.addingTimeInterval(-366 * 86_400))
    }

    /// The first-response SLA over a night and a weekend counts no closed minute.
    @Test func openSecondsCountOnlyOpenTime() {
        let h = Self.weekdays
        // Friday 16:50 → Monday 08:10: 10 + 10 minutes.
        #expect(h.openSeconds(from: Self.at(-10), to: Self.at(60 * 63 + 10), offset: Self.wib) == 20 * 60)
        // Thursday 16:55 → Friday 08:05 (a night): 10 minutes.
        #expect(h.openSeconds(from: Self.at(-60 * 24 - 5), to: Self.at(-60 * 9 + 5), offset: Self.wib) == 10 * 60)
        #expect(h.openSeconds(from: Self.at(60), to: Self.at(120), offset: Self.wib) == 0, "all closed")
        #expect(h.openSeconds(from: Self.at(-120), to: Self.at(-60), offset: Self.wib) == 3600, "all open")
    }

    /// Once per closed period; again after an agent answered; never opted out or outside the window.
    @Test func theAwayRule() {
        let since = Self.fridayFive
        #expect(AwayMessage.shouldSend(closedSince: since, lastSentAt: nil, lastReplyAt: nil, optedOut: false, windowOpen: true))
        #expect(!AwayMessage.shouldSend(closedSince: since, lastSentAt: Self.at(1), lastReplyAt: nil, optedOut: false, windowOpen: true))
        #expect(AwayMessage.shouldSend(closedSince: since, lastSentAt: Self.at(-60 * 24), lastReplyAt: nil, optedOut: false, windowOpen: true),
                "sent in an earlier closed period")
        #expect(AwayMessage.shouldSend(closedSince: since, lastSentAt: Self.at(1), lastReplyAt: Self.at(60), optedOut: false, windowOpen: true))
        #expect(!AwayMessage.shouldSend(closedSince: nil, lastSentAt: nil, lastReplyAt: nil, optedOut: false, windowOpen: true), "open")
        #expect(!AwayMessage.shouldSend(closedSince: since, lastSentAt: nil, lastReplyAt: nil, optedOut: true, windowOpen: true))
        #expect(!AwayMessage.shouldSend(closedSince: since, lastSentAt: nil, lastReplyAt: nil, optedOut: false, windowOpen: false))
    }
}
