import Foundation
import LoketDomain
import Testing

/// Who a command acts as (docs/SPEC.md §13): the system says, not a flag.
@Suite struct ActingIdentityTests {
    let team = [ActingIdentity.Member(login: "rudi", osUser: nil), ActingIdentity.Member(login: "sari", osUser: "sdewi")]

    @Test func anAgentIsWhoTheirOSUserIs() throws {
        let sari = ActingIdentity.System(user: "sdewi", mayActAsAnyone: false)
        #expect(try ActingIdentity.resolve(requested: nil, system: sari, team: team) == "sari")
        #expect(try ActingIdentity.resolve(requested: "sari", system: sari, team: team) == "sari")
        #expect(throws: Refusal("you are {1} (OS user {2}); acting as {3} is refused", "sari", "sdewi", "rudi")) {
            try ActingIdentity.resolve(requested: "rudi", system: sari, team: team)
        }
        // Without os_user the login is the OS user.
        #expect(try ActingIdentity.resolve(requested: nil, system: .init(user: "rudi", mayActAsAnyone: false), team: team) == "rudi")
        #expect(throws: Refusal.self) { try ActingIdentity.resolve(requested: "sari", system: .init(user: "sari", mayActAsAnyone: false), team: team) }
        #expect(throws: Refusal.self) { try ActingIdentity.resolve(requested: nil, system: .init(user: "tamu", mayActAsAnyone: false), team: team) }
    }

    @Test func administrationMayActAsAnyone() throws {
        let root = ActingIdentity.System(user: "root", mayActAsAnyone: true)
        #expect(try ActingIdentity.resolve(requested: "sari", system: root, team: team) == "sari")
        #expect(try ActingIdentity.resolve(requested: nil, system: root, team: team) == "root", "nobody named: the user's own name")
        #expect(try ActingIdentity.resolve(requested: nil, system: .init(user: "sdewi", mayActAsAnyone: true), team: team) == "sari")
        #expect(throws: Never.self) { try TeamRules.addAgent(by: nil, administration: true) }
        #expect(throws: Refusal("only a supervisor may add agents")) { try TeamRules.addAgent(by: Actor(login: "sari", role: .agent), administration: false) }
    }
}

/// Team rules a store backend executes and never decides (issue 16: every backend honours the same ones).
@Suite struct TeamRulesTests {
    let rudi = Actor(login: "rudi", role: .supervisor), sari = Actor(login: "sari", role: .agent)

    @Test func theTeamNeverLosesItsLastSupervisor() throws {
        #expect(throws: Refusal("{1} is the last supervisor; make someone else a supervisor first", "rudi")) {
            try TeamRules.changeRole(of: rudi, to: .agent, by: rudi, supervisors: 1)
        }
        #expect(try TeamRules.changeRole(of: rudi, to: .agent, by: rudi, supervisors: 2))
        #expect(try !TeamRules.changeRole(of: sari, to: .agent, by: rudi, supervisors: 1), "already an agent: nothing to do")
        #expect(throws: Refusal("only a supervisor may change roles")) { try TeamRules.changeRole(of: sari, to: .supervisor, by: sari, supervisors: 1) }
        #expect(TeamRules.roleForNewAgent(requested: .agent, teamSize: 0) == .supervisor)
        #expect(TeamRules.roleForNewAgent(requested: .agent, teamSize: 3) == .agent)
    }

    @Test func roundRobinOnlyTakesWhatIsStillWaiting() {
        let waiting = ConversationFacts(state: .waiting, assignee: nil, window: CustomerServiceWindow(lastInboundAt: nil))
        #expect(ConversationRules.autoAssign(waiting, to: "sari")?.assignee == "sari")
        #expect(ConversationRules.autoAssign(ConversationFacts(state: .open, assignee: "budi", window: waiting.window), to: "sari") == nil)
        var candidates = [RoundRobin.Candidate(login: "sari", online: true, load: 0, capacity: 2, lastAssignedAt: nil)]
        RoundRobin.assigned("sari", in: &candidates, at: Date(timeIntervalSince1970: 5))
        #expect(candidates[0].load == 1 && candidates[0].lastAssignedAt == Date(timeIntervalSince1970: 5))
    }
}

/// Who receives announcements (docs/SPEC.md §5): the rule a backend executes for STOP, START and writing in.
@Suite struct SubscriptionTests {
    let new = Subscription(optedIn: false, optedOut: false), subscribed = Subscription(optedIn: true, optedOut: false)
    let stopped = Subscription(optedIn: true, optedOut: true)

    @Test func writingOptsInUnlessTheyStopped() {
        #expect(new.after(.wrote) == subscribed)
        #expect(subscribed.after(.wrote) == subscribed, "nothing to write")
        #expect(stopped.after(.wrote) == stopped, "only START undoes STOP")
    }

    @Test func keywordsChangeItOnceEach() {
        #expect(subscribed.after(.asked(.optOut)) == stopped)
        #expect(stopped.after(.asked(.optOut)) == stopped, "a second STOP changes nothing (no second confirmation)")
        #expect(stopped.after(.asked(.optIn)) == subscribed)
        #expect(subscribed.after(.asked(.optIn)) == subscribed)
        #expect(new.after(.asked(.optOut)) == Subscription(optedIn: false, optedOut: true))
    }
}

/// A retry of an announcement's copy after the announcement was cancelled or stopped is not made.
@Suite struct AnnouncementRetryTests {
    @Test func onlyACancelledAnnouncementsCopyIsNotTriedAgain() {
        #expect(AnnouncementRetry.triesAgain(announcementState: nil), "a reply is always tried again")
        #expect(AnnouncementRetry.triesAgain(announcementState: "sending"))
        #expect(!AnnouncementRetry.triesAgain(announcementState: "cancelled"))
    }
}
