import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

extension PostgresStore {
    /// Conversations per transaction when importing history.
    static let importChunk = 500

    public func importHistory(_ conversations: [HistoryImport]) async throws {
        let codes = rateCard?.callingCodes
        let logger = self.logger
        let now = clock()
        var start = 0
        while start < conversations.count {
            let chunk = Array(conversations[start..<min(start + Self.importChunk, conversations.count)])
            start += chunk.count
            try await write { conn in
                for c in chunk { try await Self.importOne(conn, c, codes: codes, now: now, logger: logger) }
            }
        }
    }

    /// `now` dates a conversation imported without lines (the store's clock).
    private static func importOne(_ conn: PostgresConnection, _ c: HistoryImport, codes: CallingCodes?, now: Date, logger: Logger) async throws {
        let first = c.lines.first?.at ?? now
        let customerID = try await PGWrites.customer(conn, key: c.customer, profileName: c.profileName,
                                                     optInSource: c.lines.contains { $0.direction == .inbound } ? "inbound" : nil,
                                                     callingCodes: codes, at: first, logger: logger)
        if c.optedOut {
            try await conn.execute("""
                UPDATE customers SET opted_out = true, opt_out_at = \(first.millis), opt_out_source = 'import' WHERE id = \(customerID)
                """, logger: logger)
        }
        if !c.labels.isEmpty {
            // Every label in one statement.
            try await conn.execute("""
                INSERT INTO customer_labels (customer_id, label) SELECT \(customerID), l FROM unnest(\(c.labels)::text[]) AS l
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
        let conversationID = try await PGWrites.conversation(conn, customerID: customerID, at: first, logger: logger)
        var lastInbound: Date?
        var waitingSince: Date?
        var inboundCount = 0
        var last: (id: Int64, line: HistoryImport.Line)?
        for line in c.lines {
            let id = try await PGWrites.insertMessage(conn, .init(
                conversationID: conversationID, direction: line.direction, kind: line.kind, body: line.body, wamid: line.wamid,
                status: line.status, agent: line.agent, templateName: line.templateName,
                templateCategory: line.templateCategory?.rawValue, at: line.at), updateSummary: false, logger: logger)
            if let media = line.media { try await Self.insertMedia(conn, messageID: id, media, at: line.at, logger: logger) }
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
        let preview = last.map { PGWrites.preview($0.line.body) } ?? ""
        let lastAt = (c.lines.last?.at ?? first).millis
        let lastInboundAt: Int64? = lastInbound?.millis
        let waiting: Int64? = c.state == .resolved ? nil : waitingSince?.millis
        let lastID: Int64? = last?.id
        let lastMessageAt: Int64? = last?.line.at.millis
        let lastDirection: String? = last?.line.direction.rawValue
        let resolvedAt: Int64? = c.state == .resolved ? lastAt : nil
        try await conn.execute("""
            UPDATE conversations SET state = \(c.state.rawValue), assignee = \(c.assignee), last_inbound_at = \(lastInboundAt),
                   waiting_since = \(waiting), last_message_id = \(lastID), last_message_at = \(lastMessageAt),
                   last_message_preview = \(preview), last_message_direction = \(lastDirection), inbound_seq = \(inboundCount),
                   updated_at = \(lastAt), resolved_at = \(resolvedAt)
            WHERE id = \(conversationID)
            """, logger: logger)
        if let agent = c.assignee, c.state != .waiting {
            // The holder has read what is there at import time.
            try await PGWrites.markRead(conn, conversationID: conversationID, agent: agent, logger: logger)
        }
    }
}
