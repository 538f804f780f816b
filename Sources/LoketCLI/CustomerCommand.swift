import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket customer` (docs/SPEC.md §10): who the customer of a conversation is, as the console's `i` panel shows it.
struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer", abstract: "Who a conversation's customer is: market, local time, labels, opt-in, window, earlier episodes.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Conversation id or customer number.") var conversation: String
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        try await guarded {
            let p = try await global.onConversation(conversation) { _, store, ref in try await store.customerProfile(ref) }
            let c = p.conversation.customer
            let local = p.timeZone.flatMap(TimeZone.init(identifier:)).map { LocalTime.string(Date(), zone: $0) }
            if json {
                print(JSONOutput.line([
                    "customer": c.address, "name": c.profileName, "market": JSONOutput.orNull(p.market),
                    "local_time": JSONOutput.orNull(local), "labels": c.labels, "opted_in": c.optedIn && !c.optedOut,
                    "window_expires_at": JSONOutput.rfc3339(p.conversation.window.expiresAt),
                    "episodes": p.episodes.map { e -> [String: Any] in
                        ["opened_at": JSONOutput.rfc3339(e.openedAt), "resolved_at": JSONOutput.rfc3339(e.resolvedAt),
                         "resolved_by": JSONOutput.orNull(e.resolvedBy), "messages": e.messages]
                    },
                ] as [String: Any]))
                return
            }
            print("\(terminalSafe(c.profileName)) \(c.phone.map { PhoneGrouping.format($0, callingCode: c.callingCode) } ?? c.address)")
            print("market \(p.market ?? "unknown") · local time \(local ?? "unknown") · \(c.optedOut ? "opted out" : c.optedIn ? "opted in" : "not opted in")")
            print("labels \(c.labels.isEmpty ? "none" : c.labels.joined(separator: ", ")) · window \(p.conversation.window.countdown(at: Date()))")
            print(TextTable.render(["OPENED", "RESOLVED", "BY", "MESSAGES"], p.episodes.map { e in
                [LocalTime.string(e.openedAt), e.resolvedAt.map { LocalTime.string($0) } ?? "(open)", e.resolvedBy ?? "-", String(e.messages)]
            }))
        }
    }
}
