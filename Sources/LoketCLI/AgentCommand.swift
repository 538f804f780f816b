import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket agent add|list|set-role`: team management.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent", abstract: "Manage the team: add agents, list them, change roles.",
        subcommands: [Add.self, List.self, SetRole.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an agent (the first one is always a supervisor).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Login: lowercase letters, digits, '.', '_' or '-'.") var login: String
        @Option(help: "Display name.") var name: String
        @Option(help: "agent or supervisor.") var role: String = "agent"
        @Option(help: "How many open chats they take at once.") var capacity: Int = 5
        @Option(name: .customLong("os-user"), help: "The OS user who runs loket as this agent (default: the login).") var osUser: String?
        @Option(help: "The supervisor adding them (default: you; root and the store file's owner may add anyone).") var by: String?

        func run() async throws {
            try await guarded {
                let role = try Role(parsing: role)
                let (_, store) = try await global.open()
                let system = try await global.system(store)
                if !system.mayActAsAnyone {
                    let actor = try await store.agent(login: try await global.acting(by, store))
                    try TeamRules.addAgent(by: actor?.actor, administration: false)
                }
                let agent = try await store.addAgent(login: login, name: name, role: role, capacity: capacity, osUser: osUser)
                print("added \(agent.login) (\(terminalSafe(agent.name))) as \(agent.role.rawValue), capacity \(agent.capacity)"
                      + (agent.osUser.map { ", OS user \($0)" } ?? ""))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the team with role, capacity and presence.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            try await guarded {
                let (_, store) = try await global.open()
                let agents = try await store.agents()
                if json {
                    print(JSONOutput.line(agents.map { a -> [String: Any] in
                        ["login": a.login, "name": a.name, "role": a.role.rawValue, "capacity": a.capacity,
                         "online": a.online, "load": a.load, "os_user": a.osUser ?? a.login]
                    }))
                } else {
                    print(TextTable.render(["LOGIN", "NAME", "ROLE", "LOAD", "ONLINE", "OS USER"], agents.map {
                        [$0.login, $0.name, $0.role.rawValue, "\($0.load)/\($0.capacity)", $0.online ? "online" : "offline", $0.osUser ?? $0.login]
                    }))
                }
            }
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role", abstract: "Change an agent's role (a supervisor must do it).")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        @Argument(help: "agent or supervisor.") var role: String
        @Option(help: "The supervisor making the change (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?

        func run() async throws {
            try await guarded {
                let role = try Role(parsing: role)
                let (_, store) = try await global.open()
                try await store.setRole(login: login, role: role, by: try await global.acting(by, store))
                print("\(login) is now \(role.rawValue)")
            }
        }
    }
}
