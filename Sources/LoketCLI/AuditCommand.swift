import ArgumentParser
import Foundation
import LoketDomain
import LoketStore

/// `loket audit`: the audit trail (supervisors only).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "List the audit trail: claims, reassignments, resolves, reopens, roles (supervisors).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this conversation (id or customer number).") var conversation: String?
    @Option(help: "How many entries, newest first.") var limit: Int = 100
    @Option(help: "The supervisor asking (default: $LOKET_AGENT, else your login).") var by: String?
    @Flag(help: "Print a JSON array.") var json = false

    func run() async throws {
        try await guarded {
            let (_, store) = try global.open()
            let login = defaultAgent(by)
            guard let me = try await store.agent(login: login) else { throw NotFound("no agent '\(login)'; pass --by LOGIN") }
            guard me.role == .supervisor else { throw Refusal("only a supervisor may read the audit trail") }
            var conversationID: Int64?
            if let c = conversation { conversationID = try await store.conversation(try ConversationRef(parsing: c), for: nil).id }
            let entries = try await store.audit(conversation: conversationID, limit: max(1, limit))
            if json {
                print(JSONOutput.line(entries.map { e -> [String: Any] in
                    ["id": e.id, "at": JSONOutput.rfc3339(e.at), "action": e.action.rawValue, "actor": JSONOutput.orNull(e.actor),
                     "conversation_id": JSONOutput.orNull(e.conversationID), "from": JSONOutput.orNull(e.fromAgent),
                     "to": JSONOutput.orNull(e.toAgent), "reason": JSONOutput.orNull(e.reason), "detail": JSONOutput.orNull(e.detail)]
                }))
            } else {
                let f = ISO8601DateFormatter()
                print(TextTable.render(["AT", "ACTION", "BY", "CONV", "FROM", "TO", "REASON / DETAIL"], entries.map { e in
                    [f.string(from: e.at), e.action.rawValue, e.actor ?? "-", e.conversationID.map(String.init) ?? "-", e.fromAgent ?? "-",
                     e.toAgent ?? "-", TextTable.clip(e.reason ?? e.detail ?? "", 50)]
                }))
            }
        }
    }
}
