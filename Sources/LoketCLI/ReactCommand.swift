import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket react` (docs/SPEC.md §9): the business's reaction on a message, as the console's `+` does.
struct ReactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "react", abstract: "React on a message with one emoji (\"\" takes the reaction back).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Option(help: "The agent reacting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var agent: String?
    @Option(help: "wamid of the message reacted on.") var message: String
    @Option(help: "One emoji, e.g. 👍; \"\" takes the reaction back.") var emoji: String

    func run() async throws {
        try await guarded {
            let ref = try ConversationRef(parsing: conversation)
            let (_, store) = try await global.open()
            try await store.react(ref, to: message, emoji: emoji, by: try await global.acting(agent, store))
            print(emoji.isEmpty ? "reaction on \(message) taken back" : "reacted \(emoji) on \(message)")
        }
    }
}
