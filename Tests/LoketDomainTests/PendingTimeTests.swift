import Foundation
import Testing
@testable import LoketDomain

@Suite struct PendingTimeTests {
    let wib = TimeZone(identifier: "Asia/Jakarta")!
    /// Tuesday 1 December 2026, 14:00 WIB.
    var now: Date { Date(timeIntervalSince1970: 1_796_108_400) }

    func local(_ d: Date) -> String {
        let f = DateFormatter(); f.timeZone = wib; f.dateFormat = "yyyy-MM-dd HH:mm"; return f.string(from: d)
    }

    @Test func everyFormAnAgentTypes() throws {
        #expect(local(now) == "2026-12-01 14:00")
        #expect(local(try PendingTime.parse("2h", now: now, timeZone: wib)) == "2026-12-01 16:00")
        #expect(local(try PendingTime.parse("1h30m", now: now, timeZone: wib)) == "2026-12-01 15:30")
        #expect(local(try PendingTime.parse("16:30", now: now, timeZone: wib)) == "2026-12-01 16:30")
        #expect(local(try PendingTime.parse("09:00", now: now, timeZone: wib)) == "2026-12-02 09:00")   // passed today: tomorrow
        #expect(local(try PendingTime.parse("besok 09:00", now: now, timeZone: wib)) == "2026-12-02 09:00")
        #expect(local(try PendingTime.parse("Tomorrow 09:00", now: now, timeZone: wib)) == "2026-12-02 09:00")
        #expect(local(try PendingTime.parse("2026-12-03 10:15", now: now, timeZone: wib)) == "2026-12-03 10:15")
        #expect(throws: InputError.self) { try PendingTime.parse("2026-11-30 10:00", now: now, timeZone: wib) }
        #expect(throws: InputError.self) { try PendingTime.parse("nanti", now: now, timeZone: wib) }
        #expect(throws: InputError.self) { try PendingTime.parse("25:00", now: now, timeZone: wib) }
    }
}
