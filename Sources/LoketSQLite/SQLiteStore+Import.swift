import Foundation
import GRDB
import LoketDomain
public import LoketStore

extension SQLiteStore {
    /// Conversations per transaction when importing history.
    static let importChunk = 500

    public func importHistory(_ conversations: [HistoryImport]) async throws {
        let codes = rateCard?.callingCodes
        let now = clock()
        var start = 0
        while start < conversations.count {
            let chunk = Array(conversations[start..<min(start + Self.importChunk, conversations.count)])
            start += chunk.count
            try await write { db in
                for c in chunk { try Self.importOne(db, c, codes: codes, now: now) }
            }
        }
    }

    /// `now` dates a conversation imported without lines (the store's clock).
    private static func importOne(_ db: Database, _ c: HistoryImport, codes: CallingCodes?, now: Date) throws {
        let first = c.lines.first?.at ?? now
        let customerID = try Writes.customer(db, key: c.customer, profileName: c.profileName,
                                             optInSource: c.lines.contains { $0.direction == .inbound } ? "inbound" : nil,
                                             callingCodes: codes, at: first)
        if c.optedOut {
            try db.cachedStatement(sql: "UPDATE customers SET opted_out = 1, opt_out_at = ?, opt_out_source = 'import' WHERE id = ?").execute(
                           arguments: [first.millis, customerID])
        }
        for label in c.labels {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO customer_labels (customer_id, label) VALUES (?, ?)")
                .execute(arguments: [customerID, label])
        }
        let conversationID = try Writes.conversation(db, customerID: customerID, at: first)
        var lastInbound: Date?
        var waitingSince: Date?
        var inboundCount = 0
        var last: (id: Int64, line: HistoryImport.Line)?
        for line in c.lines {
            let id = try Writes.insertMessage(db, .init(
                conversationID: conversationID, direction: line.direction, kind: line.kind, body: line.body, wamid: line.wamid,
                status: line.status, agent: line.agent, templateName: line.templateName,
                templateCategory: line.templateCategory?.rawValue, at: line.at), updateSummary: false)
            if let media = line.media { try Self.insertMedia(db, messageID: id, media, at: line.at) }
            switch line.direction {
            case .inbound:
                inboundCount += 1
                lastInbound = line.at
                if waitingSince == nil { waitingSince = line.at }
                last = (id, line)
            case .outbound:
                if line.templateName == nil { waitingSince = nil }
                // As live: a template does not replace what a waiting customer asked in the preview.
                if line.templateName == nil || waitingSince == nil { last = (id, line) }
            case .note, .system:
                break
            }
        }
        let preview = last.map { Writes.preview($0.line.body) } ?? ""
        try db.cachedStatement(sql: """
            UPDATE conversations SET state = ?, assignee = ?, last_inbound_at = ?, waiting_since = ?, last_message_id = ?,
                   last_message_at = ?, last_message_preview = ?, last_message_direction = ?, inbound_seq = ?,
                   updated_at = ?, resolved_at = ?
            WHERE id = ?
            """).execute(arguments: [
                c.state.rawValue, c.assignee, lastInbound?.millis,
                c.state == .resolved ? nil : waitingSince?.millis, last?.id, last?.line.at.millis, preview,
                last?.line.direction.rawValue, inboundCount, (c.lines.last?.at ?? first).millis,
                c.state == .resolved ? (c.lines.last?.at ?? first).millis : nil, conversationID])
        if let agent = c.assignee, c.state != .waiting {
            // The holder has read what is there at import time.
            try Writes.markRead(db, conversationID: conversationID, agent: agent)
        }
    }
}
