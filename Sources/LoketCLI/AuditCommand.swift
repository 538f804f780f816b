import ArgumentParser
import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `loket audit`: the audit trail (supervisors only).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "List the audit trail: claims, reassignments, resolves, reopens, roles (supervisors).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this conversation (id or customer number).") var conversation: String?
    @Option(help: "How many entries, newest first.") var limit: Int = 100
    @Option(help: "The supervisor asking (default: you, as your OS user logs in; naming someone else is refused unless you administer the store).") var by: String?
    @Flag(help: "Print a JSON array.") var json = false
    @Flag(help: "Show what Meta reported about the account and templates (platform notices) instead.") var notices = false

    func run() async throws {
        try await guarded {
            let (_, store) = try await global.open()
            let login = try await global.acting(by, store)
            guard try await store.agent(login: login) != nil else { throw NotFound("no agent '\(login)'; pass --by LOGIN") }
            if notices {
                let list = try await store.platformNotices(limit: max(1, limit), by: login)
                if json {
                    print(JSONOutput.line(list.map { ["at": JSONOutput.rfc3339($0.at), "detail": $0.detail, "repeats": $0.repeats] as [String: Any] }))
                } else {
                    print(TextTable.render(["AT", "TIMES", "NOTICE"], list.map { [LocalTime.string($0.at), "\($0.repeats)", TextTable.clip($0.detail, 90)] }))
                }
                return
            }
            var conversationID: Int64?
            if let c = conversation { conversationID = try await store.conversation(try ConversationRef(parsing: c), for: nil).id }
            let entries = try await store.audit(conversation: conversationID, limit: max(1, limit), by: login)
            if json {
                print(JSONOutput.line(entries.map { e -> [String: Any] in
                    ["id": e.id, "at": JSONOutput.rfc3339(e.at), "action": e.action.rawValue, "actor": JSONOutput.orNull(e.actor),
                     "conversation_id": JSONOutput.orNull(e.conversationID), "from": JSONOutput.orNull(e.fromAgent),
                     "to": JSONOutput.orNull(e.toAgent), "reason": JSONOutput.orNull(e.reason), "detail": JSONOutput.orNull(e.detail)]
                }))
            } else {
                print(TextTable.render(["AT", "ACTION", "BY", "CONV", "FROM", "TO", "REASON / DETAIL"], entries.map { e in
                    [LocalTime.string(e.at), e.action.rawValue, e.actor ?? "-", e.conversationID.map(String.init) ?? "-", e.fromAgent ?? "-",
                     e.toAgent ?? "-", TextTable.clip(e.reason ?? e.detail ?? "", 50)]
                }))
            }
        }
    }
}
