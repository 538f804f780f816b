import Foundation
import Testing
@testable import LoketDomain

@Suite struct WindowAndStatusTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func windowLastsTwentyFourHours() {
        let w = CustomerServiceWindow(lastInboundAt: t0)
        #expect(w.isOpen(at: t0))
        #expect(w.isOpen(at: t0.addingTimeInterval(86_399)))
        #expect(!w.isOpen(at: t0.addingTimeInterval(86_400)))
        #expect(w.countdown(at: t0.addingTimeInterval(2 * 3600 + 46 * 60)) == "21:14")
        #expect(w.countdown(at: t0.addingTimeInterval(90_000)) == "closed")
        #expect(w.countdown(at: t0.addingTimeInterval(86_400 - 5 * 60)) == "0:05", "minutes are two digits")
        #expect(w.countdown(at: t0.addingTimeInterval(86_400 - 30)) == "0:01", "a part-minute counts as one")
        #expect(!CustomerServiceWindow(lastInboundAt: nil).isOpen(at: t0))
    }

    @Test func statusesOnlyMoveForward() {
        typealias S = MessageStatus
        #expect(S.merge(current: .queued, incoming: .sent) == .sent)
        #expect(S.merge(current: .sent, incoming: .read) == .read) // delivered may be skipped
        #expect(S.merge(current: .read, incoming: .delivered) == nil) // out of order
        #expect(S.merge(current: .delivered, incoming: .delivered) == nil) // duplicate
        #expect(S.merge(current: .sent, incoming: .failed) == .failed)
        #expect(S.merge(current: .failed, incoming: .read) == nil) // failed is terminal
        #expect(S.merge(current: .read, incoming: .failed) == nil)
        #expect(S.merge(current: .received, incoming: .read) == nil)
        #expect(S(meta: "played") == .read)
        #expect(S(meta: "deleted") == nil)
    }

    @Test func optOutKeywords() {
        #expect(OptOutKeywords.intent(of: "STOP") == .optOut)
        #expect(OptOutKeywords.intent(of: " berhenti! ") == .optOut)
        #expect(OptOutKeywords.intent(of: "Mulai") == .optIn)
        #expect(OptOutKeywords.intent(of: "stop kartu saya") == nil)
    }

    @Test func audiences() throws {
        #expect(try AudienceSpec(parsing: "open") == .open)
        #expect(try AudienceSpec(parsing: "country:id") == .country("ID"))
        #expect(try AudienceSpec(parsing: "label:vip") == .label("vip"))
        #expect(throws: InputError.self) { try AudienceSpec(parsing: "country:IDN") }
        #expect(throws: InputError.self) { try AudienceSpec(parsing: "everyone") }
    }

    @Test func loginsAndRoles() throws {
        #expect(try AgentLogin.validate("sari.dewi") == "sari.dewi")
        #expect(throws: InputError.self) { try AgentLogin.validate("Sari") }
        #expect(throws: InputError.self) { try AgentLogin.validate("-x") }
        #expect(try Role(parsing: "Supervisor") == .supervisor)
        #expect(throws: InputError.self) { try Role(parsing: "admin") }
    }

    @Test func textLimits() throws {
        #expect(throws: InputError.self) { try MessageLimits.validateText("  \n ") }
        #expect(throws: InputError.self) { try MessageLimits.validateText(String(repeating: "a", count: 4097)) }
        #expect(try MessageLimits.validateText(String(repeating: "🙏", count: 4096)).count == 4096)
    }
}
