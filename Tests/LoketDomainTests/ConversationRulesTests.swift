import Foundation
import Testing
@testable import LoketDomain

@Suite struct ConversationRulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let sari = Actor(login: "sari", role: .agent)
    let budi = Actor(login: "budi", role: .agent)
    let rudi = Actor(login: "rudi", role: .supervisor)

    func facts(_ state: ConversationState, _ assignee: String?, wroteAgo: TimeInterval? = 60) -> ConversationFacts {
        ConversationFacts(state: state, assignee: assignee,
                          window: CustomerServiceWindow(lastInboundAt: wroteAgo.map { now.addingTimeInterval(-$0) }))
    }

    @Test func claimingAWaitingChatOpensIt() throws {
        let t = try ConversationRules.claim(facts(.waiting, nil), by: sari)
        #expect(t == Transition(state: .open, assignee: "sari", changed: true, audit: .claim))
    }

    @Test func claimingYourOwnChatChangesNothing() throws {
        let t = try ConversationRules.claim(facts(.open, "sari"), by: sari)
        #expect(!t.changed && t.assignee == "sari" && t.audit == nil)
    }

    @Test func claimingSomeoneElsesChatNamesTheHolder() {
        #expect(throws: Refusal("already claimed by budi")) { try ConversationRules.claim(facts(.open, "budi"), by: sari) }
    }

    @Test func onlySupervisorsReassignOthersChats() throws {
        #expect(throws: Refusal.self) { try ConversationRules.assign(facts(.open, "budi"), to: "sari", by: sari) }
        #expect(throws: Refusal.self) { try ConversationRules.assign(facts(.waiting, nil), to: "budi", by: sari) }
        let t = try ConversationRules.assign(facts(.open, "budi"), to: "sari", by: rudi)
        #expect(t == Transition(state: .open, assignee: "sari", changed: true, audit: .reassign))
        // An agent may hand over their own chat; a pending chat stays pending.
        let h = try ConversationRules.assign(facts(.pending, "sari"), to: "budi", by: sari)
        #expect(h == Transition(state: .pending, assignee: "budi", changed: true, audit: .reassign))
        // Assigning to yourself an unassigned chat is a claim.
        #expect(try ConversationRules.assign(facts(.waiting, nil), to: "sari", by: sari).audit == .claim)
        #expect(throws: Refusal("already claimed by budi")) { try ConversationRules.assign(facts(.open, "budi"), to: "sari", by: sari) }
        #expect(try ConversationRules.assign(facts(.open, "budi"), to: "rudi", by: rudi).audit == .reassign)
    }

    @Test func resolveAndPendingNeedTheHolderOrASupervisor() throws {
        #expect(throws: Refusal.self) { try ConversationRules.resolve(facts(.open, "budi"), by: sari) }
        #expect(throws: Refusal.self) { try ConversationRules.resolve(facts(.waiting, nil), by: sari) }
        #expect(throws: Refusal.self) { try ConversationRules.setPending(facts(.open, "budi"), by: sari) }
        #expect(try ConversationRules.resolve(facts(.open, "sari"), by: sari).state == .resolved)
        #expect(try ConversationRules.resolve(facts(.open, "budi"), by: rudi).assignee == "budi")
        #expect(try ConversationRules.setPending(facts(.open, "sari"), by: sari).state == .pending)
        #expect(!(try ConversationRules.resolve(facts(.resolved, "sari"), by: budi).changed))
    }

    @Test func replyNeedsAnOpenWindowAndTheRightAgent() throws {
        #expect(throws: Refusal.self) { try ConversationRules.reply(facts(.waiting, nil), by: sari, at: now) }
        #expect(throws: Refusal.self) { try ConversationRules.reply(facts(.open, "budi"), by: sari, at: now) }
        let closed = facts(.open, "sari", wroteAgo: 24 * 3600 + 1)
        do { _ = try ConversationRules.reply(closed, by: sari, at: now); Issue.record("replied outside the window") }
        catch { #expect(error.message.contains("24h")) }
        // Templates may go out with the window closed.
        #expect(try ConversationRules.sendTemplate(closed, by: sari).assignee == "sari")
        #expect(!(try ConversationRules.reply(facts(.open, "sari"), by: sari, at: now).changed))
        // A supervisor answering a waiting chat takes it.
        #expect(try ConversationRules.reply(facts(.waiting, nil), by: rudi, at: now)
            == Transition(state: .open, assignee: "rudi", changed: true, audit: .claim))
    }

    @Test func customerMessagesReopen() {
        #expect(ConversationRules.customerWrote(facts(.pending, "sari"))
            == Transition(state: .open, assignee: "sari", changed: true, audit: nil))
        #expect(ConversationRules.customerWrote(facts(.resolved, "sari"))
            == Transition(state: .open, assignee: "sari", changed: true, audit: .reopen))
        #expect(ConversationRules.customerWrote(facts(.resolved, nil)).state == .waiting)
        #expect(!ConversationRules.customerWrote(facts(.open, "sari")).changed)
        #expect(!ConversationRules.customerWrote(facts(.waiting, nil)).changed)
    }

    @Test func teamRules() {
        #expect(throws: Refusal.self) { try TeamRules.changeRole(by: sari) }
        #expect(throws: Refusal.self) { try TeamRules.changeRole(by: nil) }
        #expect(throws: Refusal.self) { try TeamRules.announce(by: sari) }
        #expect(throws: Never.self) { try TeamRules.announce(by: rudi) }
    }
}

extension ConversationRulesTests {
    @Test func reopenIsForTheLastAgentOrASupervisor() throws {
        let rudi = Actor(login: "rudi", role: .supervisor), sari = Actor(login: "sari", role: .agent), budi = Actor(login: "budi", role: .agent)
        #expect(try ConversationRules.reopen(facts(.resolved, "sari"), by: sari)
                == Transition(state: .open, assignee: "sari", changed: true, audit: .reopen))
        #expect(try ConversationRules.reopen(facts(.resolved, "sari"), by: rudi).assignee == "sari")
        #expect(throws: Refusal("sari resolved this conversation; only sari or a supervisor may reopen it")) {
            try ConversationRules.reopen(facts(.resolved, "sari"), by: budi)
        }
        #expect(throws: Refusal.self) { try ConversationRules.reopen(facts(.open, "sari"), by: sari) }
        #expect(try ConversationRules.reopen(facts(.resolved, nil), by: budi).assignee == "budi")
    }

    @Test func agentsAtCapacityCannotClaimButSupervisorsMayAssignPastIt() throws {
        let sari = Actor(login: "sari", role: .agent), rudi = Actor(login: "rudi", role: .supervisor)
        let full = Workload(open: 6, capacity: 6)
        #expect(throws: Refusal.self) { try ConversationRules.claim(facts(.waiting, nil), by: sari, workload: full) }
        #expect(throws: Refusal.self) { try ConversationRules.assign(facts(.waiting, nil), to: "sari", by: sari, workload: full) }
        #expect(try ConversationRules.claim(facts(.waiting, nil), by: sari, workload: Workload(open: 5, capacity: 6)).assignee == "sari")
        // Holding it already is not a new claim.
        #expect(try ConversationRules.claim(facts(.open, "sari"), by: sari, workload: full).changed == false)
        #expect(try ConversationRules.assign(facts(.waiting, nil), to: "sari", by: rudi).assignee == "sari")
    }
}
