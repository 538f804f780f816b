import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket search` (docs/SPEC.md §10): what the console's `/` finds, newest first.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search messages (word prefixes, CJK substrings), customers' names and numbers, newest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "What to look for: words, a name, or a number (0812…, 62812…, +62 812-…).") var text: String
    @Option(help: "At most this many results.") var limit: Int = 50
    @Flag(help: "Print one JSON array.") var json = false

    func run() async throws {
        try await guarded {
            guard SearchText.ftsQuery(text) != nil || SearchText.numberDigits(text) != nil else {
                throw InputError("'\(text)' has nothing to search for; give a word, a name or a number")
            }
            let (_, store) = try await global.open()
            let hits = try await store.search(text, limit: max(1, limit))
            if json {
                print(JSONOutput.line(hits.map { h -> [String: Any] in
                    ["conversation_id": h.record.message.conversationID, "customer": h.record.customer, "name": h.record.customerName,
                     "message_id": h.record.message.id, "body": h.record.message.body,
                     "created_at": JSONOutput.rfc3339(h.record.message.createdAt)]
                }))
                return
            }
            print(TextTable.render(["CONV", "CUSTOMER", "NAME", "AT", "MESSAGE"], hits.map { h in
                [String(h.record.message.conversationID), h.record.customer, TextTable.clip(h.record.customerName, 20),
                 LocalTime.string(h.record.message.createdAt), TextTable.clip(h.record.message.body, 60)]
            }))
        }
    }
}
