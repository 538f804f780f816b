import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket conversations`: list conversations, most recently active first.
struct ConversationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "conversations", abstract: "List conversations.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "waiting, open, pending or resolved.") var state: String?
    @Option(help: "Only customers with this label.") var label: String?
    @Option(help: "Count unread messages for this agent (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var agent: String?
    @Flag(help: "Print one JSON array.") var json = false

    func run() async throws {
        try await guarded {
            let filter = try state.map { s throws(InputError) in try ConversationState(parsing: s) }
            let (_, store) = try await global.open()
            let list = try await store.conversations(state: filter, label: label, for: try await global.acting(agent, store))
            if json {
                print(JSONOutput.line(list.map(JSONOutput.conversation)))
                return
            }
            let now = Date()
            print(TextTable.render(["ID", "CUSTOMER", "NAME", "STATE", "ASSIGNEE", "WINDOW", "UNREAD", "LABELS", "LAST MESSAGE"], list.map { c in
                [String(c.id), c.customer.phone?.e164 ?? c.customer.address, TextTable.clip(c.customer.profileName, 20),
                 c.state.rawValue, c.assignee ?? "-", c.window.countdown(at: now), c.unread > 0 ? String(c.unread) : "",
                 TextTable.clip(c.customer.labels.joined(separator: ","), 20), TextTable.clip(c.lastMessagePreview, 40)]
            }))
        }
    }
}
