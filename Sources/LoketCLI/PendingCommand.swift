import ArgumentParser
import Foundation
import LoketConfig
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket pending` (docs/SPEC.md §10): park a conversation, optionally until a time (business time zone).
struct PendingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pending",
        abstract: "Set a conversation pending; with --until or --for it comes back to its agent then (or when the customer writes).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Option(help: "Who is acting (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?
    @Option(help: "\"YYYY-MM-DD HH:MM\" (also 16:30, besok 09:00, tomorrow 09:00) in the business time zone.") var until: String?
    @Option(name: .customLong("for"), help: "How long: 2h, 30m, 1d, 1h30m.") var duration: String?

    func run() async throws {
        try await guarded {
            if until != nil && duration != nil { throw ValidationError("give --until or --for, not both") }
            let ref = try ConversationRef(parsing: conversation)
            let (config, store) = try await global.open()
            let zone = TimeZone(identifier: config.business.timeZone) ?? .current
            let when: Date? = try (until ?? duration).map { text throws(InputError) in
                if duration != nil, PendingTime.duration(text.lowercased()) == nil {
                    throw InputError("--for '\(text)' is not a duration; use 2h, 30m, 1d or 1h30m")
                }
                return try PendingTime.parse(text, now: Date(), timeZone: zone)
            }
            let t = try await store.setPending(ref, by: try await global.acting(by, store), until: when)
            let back = when.map { " until \(LocalTime.string($0, zone: zone))" } ?? ""
            print(t.changed ? "\(ref) is pending\(back)" : "\(ref) was already pending\(back)")
        }
    }
}
