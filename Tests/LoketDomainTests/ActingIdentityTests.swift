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
