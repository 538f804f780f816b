import Foundation
import Logging
import LoketDomain
import LoketStore
import PostgresNIO

/// A customer's edits and deletions (docs/SPEC.md §9): kept beside the message they change, applied when it is
/// read. Like a reaction, neither is a new customer message: no reopening, requeueing or SLA restart.
extension PostgresStore {
    static func storeRevision(_ c: PostgresConnection, _ m: InboundMessage, logger: Logger) async throws -> Bool {
        guard let target = m.replyTo, !target.isEmpty else { return false }
        let kind = m.kind.rawValue == "revoke" ? "delete" : "edit"
        let at = m.timestamp.millis
        let inserted = try await c.count("""
            INSERT INTO message_revisions (wamid, target_wamid, kind, body, at) VALUES (\(m.wamid), \(target), \(kind), \(m.body), \(at))
            ON CONFLICT (wamid) DO NOTHING RETURNING 1
            """, logger: logger)
        guard inserted > 0 else { return false }
        // The message it changes, when it is here: its conversation hears of it, the audit trail keeps the text before.
        guard let row = try await c.row("""
            SELECT id, conversation_id, body FROM messages WHERE wamid = \(target) AND direction = 'in'
            """, logger: logger) else { return true }
        let id: Int64 = try row.value("id"), conversation: Int64 = try row.value("conversation_id")
        let earlier = try await c.scalar("""
            SELECT body FROM message_revisions WHERE target_wamid = \(target) AND kind = 'edit' AND at <= \(at) AND wamid <> \(m.wamid)
            ORDER BY at DESC, wamid COLLATE "C" DESC LIMIT 1
            """, as: String.self, logger: logger)
        let before: String
        if let earlier { before = earlier } else { before = try row.value("body") }
        try await PGWrites.audit(c, action: kind == "edit" ? .customerEdit : .customerDelete, actor: nil, conversationID: conversation,
                                 reason: nil, detail: before, at: m.timestamp, logger: logger)
        try await c.execute("UPDATE messages SET updated_at = GREATEST(updated_at, \(at)) WHERE id = \(id)", logger: logger)
        return true
    }

    /// Puts the customer's latest edit in place and marks deletions, for messages just read.
    static func attachRevisions(_ c: PostgresConnection, to messages: inout [Message], logger: Logger) async throws {
        let wamids = messages.compactMap { $0.direction == .inbound ? $0.wamid : nil }
        guard !wamids.isEmpty else { return }
        var latest: [String: String] = [:]
        var deleted: Set<String> = []
        for row in try await c.rows("""
            SELECT target_wamid, kind, body FROM message_revisions WHERE target_wamid = ANY(\(wamids)) ORDER BY at, wamid COLLATE "C"
            """, logger: logger) {
            let target: String = try row.value("target_wamid"), kind: String = try row.value("kind")
            // Oldest first: the last edit read is the latest.
            if kind == "delete" { deleted.insert(target) } else { latest[target] = try row.value("body") }
        }
        guard !latest.isEmpty || !deleted.isEmpty else { return }
        for i in messages.indices {
            guard let w = messages[i].wamid, messages[i].direction == .inbound else { continue }
            if deleted.contains(w) { messages[i].deleted = true }
            if let text = latest[w] {
                messages[i].edited = true
                messages[i].originalBody = messages[i].media.map { $0.caption(ofBody: messages[i].body) } ?? messages[i].body
                // A media message's edit is its caption: the label before it stays.
                messages[i].body = messages[i].media.map { "[\($0.kind.rawValue)] " + text } ?? text
            }
        }
    }
}
