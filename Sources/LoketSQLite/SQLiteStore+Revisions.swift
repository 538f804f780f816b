import Foundation
import GRDB
import LoketDomain
import LoketStore

/// A customer's edits and deletions (docs/SPEC.md §9): kept beside the message they change, applied when it is
/// read. Like a reaction, neither is a new customer message: no reopening, requeueing or SLA restart.
extension SQLiteStore {
    static func storeRevision(_ db: Database, _ m: InboundMessage) throws -> Bool {
        guard let target = m.replyTo, !target.isEmpty else { return false }
        let kind = m.kind.rawValue == "revoke" ? "delete" : "edit"
        try db.cachedStatement(sql: """
            INSERT INTO message_revisions (wamid, target_wamid, kind, body, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (wamid) DO NOTHING
            """).execute(arguments: [m.wamid, target, kind, m.body, m.timestamp.millis])
        guard db.changesCount > 0 else { return false }
        // The message it changes, when it is here: its conversation hears of it, the audit trail keeps the text before.
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT id, conversation_id, body FROM messages WHERE wamid = ? AND direction = 'in'
            """), arguments: [target]) else { return true }
        let id: Int64 = try row.value("id"), conversation: Int64 = try row.value("conversation_id")
        let before = try String.fetchOne(try db.cachedStatement(sql: """
            SELECT body FROM message_revisions WHERE target_wamid = ? AND kind = 'edit' AND at <= ? AND wamid != ? ORDER BY at DESC LIMIT 1
            """), arguments: [target, m.timestamp.millis, m.wamid]) ?? (try row.value("body") as String)
        try Writes.audit(db, action: kind == "edit" ? .customerEdit : .customerDelete, actor: nil, conversationID: conversation,
                         reason: nil, detail: before, at: m.timestamp)
        try db.cachedStatement(sql: "UPDATE messages SET updated_at = MAX(updated_at, ?) WHERE id = ?").execute(arguments: [m.timestamp.millis, id])
        return true
    }

    /// Puts the customer's latest edit in place and marks deletions, for messages just read.
    static func attachRevisions(_ db: Database, to messages: inout [Message]) throws {
        let wamids = messages.compactMap { $0.direction == .inbound ? $0.wamid : nil }
        guard !wamids.isEmpty else { return }
        var latest: [String: String] = [:]
        var deleted: Set<String> = []
        for chunk in stride(from: 0, to: wamids.count, by: 500).map({ Array(wamids[$0..<min($0 + 500, wamids.count)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: """
                SELECT target_wamid, kind, body FROM message_revisions WHERE target_wamid IN (\(marks)) ORDER BY at
                """, arguments: StatementArguments(chunk)) {
                let target: String = try row.value("target_wamid"), kind: String = try row.value("kind")
                // Oldest first: the last edit read is the latest.
                if kind == "delete" { deleted.insert(target) } else { latest[target] = try row.value("body") }
            }
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
