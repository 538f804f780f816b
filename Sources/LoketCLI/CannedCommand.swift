import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket canned` (docs/SPEC.md §10): the team's canned replies.
struct CannedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "canned", abstract: "The team's canned replies (the composer's / list).",
        subcommands: [List.self, Add.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List canned replies.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print one JSON array of {shortcut, text}.") var json = false
        func run() async throws {
            try await guarded {
                let (_, store) = try await global.open()
                let list = try await store.cannedReplies()
                if json {
                    print(JSONOutput.line(list.map { ["shortcut": $0.shortcut, "text": $0.text] as [String: Any] }))
                } else {
                    print(TextTable.render(["SHORTCUT", "TEXT"], list.map { ["/" + $0.shortcut, TextTable.clip($0.text, 90)] }))
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace a canned reply (supervisors).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "One word of letters, digits, - or _ (e.g. salam).") var shortcut: String
        @Option(help: "The text; {{customer.name}}, {{agent.name}} and {{business.name}} are filled in.") var text: String
        @Option(help: "The supervisor acting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?
        func run() async throws {
            try await guarded {
                let (_, store) = try await global.open()
                try await store.saveCannedReply(shortcut: shortcut, text: text, by: try await global.acting(by, store))
                print("canned reply /\(try CannedReplies.validateShortcut(shortcut)) saved")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a canned reply (supervisors).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Its shortcut.") var shortcut: String
        @Option(help: "The supervisor acting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?
        func run() async throws {
            try await guarded {
                let (_, store) = try await global.open()
                try await store.removeCannedReply(shortcut: shortcut, by: try await global.acting(by, store))
                print("canned reply /\(shortcut) removed")
            }
        }
    }
}
