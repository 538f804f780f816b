import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket label` (docs/SPEC.md §10): add and remove labels on a conversation's customer; with no flags, list labels in use.
struct LabelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label", abstract: "Add or remove labels on a conversation's customer (audited); with only --list, the labels in use.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String?
    @Option(help: "A label to add (letters, digits, - and _).") var add: [String] = []
    @Option(help: "A label to remove.") var remove: [String] = []
    @Option(help: "Who is acting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?
    @Flag(help: "List the labels in use and how many customers have each.") var list = false

    func run() async throws {
        try await guarded {
            if list {
                let (_, store) = try await global.open()
                print(TextTable.render(["LABEL", "CUSTOMERS"], try await store.labels().map { [$0.name, String($0.customers)] }))
                return
            }
            guard let conversation else { throw ValidationError("name a conversation (id or number), or pass --list") }
            let ref = try ConversationRef(parsing: conversation)
            let (_, store) = try await global.open()
            let now = try await store.setLabels(ref, add: add, remove: remove, by: try await global.acting(by, store))
            print("\(ref): " + (now.isEmpty ? "no labels" : now.joined(separator: ", ")))
        }
    }
}
