public import Foundation
import Logging
import LoketDomain
public import LoketStore
import PostgresNIO

/// Attachments (docs/SPEC.md §9): the inbound ones waiting for download and how each download ended, and the
/// agent's attachments queued like replies.
extension PostgresStore {
    static let mediaColumns = "message_id, kind, media_id, mime_type, size, sha256, file_name, file, voice, state, last_error"

    /// Records an attachment as it stands: an inbound one due for download now (given up on at once when the webhook
    /// named no media id), an agent's already kept, a history import's either way.
    static func insertMedia(_ c: PostgresConnection, messageID: Int64, _ media: MessageMedia, at: Date, logger: Logger) async throws {
        let state: MediaState = media.state == .fetching && media.file == nil && media.mediaID == nil ? .failed : media.state
        let due: Int64? = state == .fetching ? at.millis : nil
        try await c.execute("""
            INSERT INTO media (message_id, kind, media_id, mime_type, size, sha256, file_name, file, voice, state, next_attempt_at, last_error)
            VALUES (\(messageID), \(media.kind.rawValue), \(media.mediaID), \(media.mimeType), \(media.size), \(media.sha256), \(media.fileName),
                    \(media.file), \(media.voice), \(state.rawValue), \(due), \(media.lastError))
            """, logger: logger)
    }

    /// Decodes a row selected with ``mediaColumns``.
    static func mediaRow(_ row: PostgresRow) throws -> MessageMedia {
        try MessageMedia(kind: row.known("kind"), mediaID: row.value("media_id"), mimeType: row.value("mime_type"),
                         size: row.value("size"), sha256: row.value("sha256"), fileName: row.value("file_name"),
                         file: row.value("file"), state: row.known("state"), lastError: row.value("last_error"),
                         voice: row.value("voice"))
    }

    /// The attachments of these messages, by message id, in one read.
    static func media(_ c: PostgresConnection, messageIDs: [Int64], logger: Logger) async throws -> [Int64: MessageMedia] {
        guard !messageIDs.isEmpty else { return [:] }
        var out: [Int64: MessageMedia] = [:]
        for row in try await c.rows("SELECT \(unescaped: mediaColumns) FROM media WHERE message_id = ANY(\(messageIDs))", logger: logger) {
            let id: Int64 = try row.value("message_id")
            out[id] = try mediaRow(row)
        }
        return out
    }

    /// Fills in the attachments of the media messages among `messages`.
    static func attachMedia(_ c: PostgresConnection, to messages: inout [Message], logger: Logger) async throws {
        let ids = messages.filter { MediaKind(messageType: $0.kind.rawValue) != nil }.map(\.id)
        let found = try await media(c, messageIDs: ids, logger: logger)
        guard !found.isEmpty else { return }
        for i in messages.indices { messages[i].media = found[messages[i].id] }
    }

    public func sendAttachment(_ ref: ConversationRef, by agent: String, attachment: OutgoingAttachment, caption: String?,
                               replyTo: String?) async throws -> Message {
        let text = caption.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        // Meta shows no caption on audio or stickers and at most 1024 characters on the others: refused, never cut.
        if let text { try MediaLimits.checkCaption(text, kind: attachment.kind) }
        let now = clock()
        let currency = self.currency
        let logger = self.logger
        return try await writeLocking { conn in
            let label = "[\(attachment.kind.rawValue)]" + (attachment.fileName.map { " \($0)" } ?? "")
            let messageID = try await Self.queueAnswer(conn, ref, by: agent, at: now, outbox: "media", logger: logger) { id in
                let messageID = try await PGWrites.insertMessage(conn, .init(
                    conversationID: id, direction: .outbound, kind: MessageKind(rawValue: attachment.kind.rawValue),
                    body: text.map { label + " " + $0 } ?? label, status: .queued, agent: agent, replyTo: replyTo,
                    payload: text, at: now), logger: logger)
                try await Self.insertMedia(conn, messageID: messageID, MessageMedia(
                    kind: attachment.kind, mimeType: attachment.mimeType, size: attachment.size, sha256: attachment.sha256,
                    fileName: attachment.fileName, file: attachment.file, state: .ready), at: now, logger: logger)
                return messageID
            }
            var message = try await Self.fetchMessage(conn, id: messageID, currency: currency, logger: logger)
            message.media = try await Self.media(conn, messageIDs: [messageID], logger: logger)[messageID]
            return message
        }
    }

    public func attachment(ofMessage id: Int64) async throws -> (message: Message, media: MessageMedia) {
        let currency = self.currency
        let logger = self.logger
        return try await read { conn in
            guard let row = try await conn.row("SELECT \(unescaped: PGRows.messageColumns) FROM messages m WHERE m.id = \(id)",
                                               logger: logger) else { throw NotFound("no message {1}", id) }
            var message = try PGRows.message(row, currency: currency)
            guard let media = try await Self.media(conn, messageIDs: [id], logger: logger)[id] else {
                throw NotFound("message {1} has no attachment", id)
            }
            message.media = media
            return (message, media)
        }
    }

    /// Takes due downloads with `FOR UPDATE SKIP LOCKED`: two gateways never take the same one.
    public func takeDueMedia(now: Date, limit: Int, owner: String) async throws -> [MediaFetchJob] {
        let lease = now.addingTimeInterval(OutboxLease.duration).millis
        let nowMillis = now.millis
        let logger = self.logger
        return try await write { conn in
            // `attempts` is returned before this attempt (as on SQLite: downloads tried before this one).
            let rows = try await conn.rows("""
                WITH due AS (
                  SELECT message_id, next_attempt_at AS due_at, attempts AS tried FROM media
                  WHERE state = 'fetching' AND media_id IS NOT NULL AND next_attempt_at <= \(nowMillis)
                  ORDER BY next_attempt_at, message_id LIMIT \(limit)
                  FOR UPDATE SKIP LOCKED),
                taken AS (
                  UPDATE media SET next_attempt_at = \(lease), lease_owner = \(owner), attempts = attempts + 1
                  FROM due WHERE media.message_id = due.message_id
                  RETURNING media.message_id, media.media_id, media.sha256, media.mime_type, due.tried, due.due_at)
                SELECT message_id, media_id, sha256, mime_type, tried FROM taken ORDER BY due_at, message_id
                """, logger: logger)
            var jobs: [MediaFetchJob] = []
            for row in rows {
                jobs.append(try MediaFetchJob(messageID: row.value("message_id"), mediaID: row.value("media_id"), sha256: row.value("sha256"),
                                              mimeType: row.value("mime_type"), attempts: row.value("tried")))
            }
            return jobs
        }
    }

    public func renewMediaLeases(owner: String, now: Date) async throws {
        let until = now.addingTimeInterval(OutboxLease.duration).millis
        let logger = self.logger
        try await write { conn in
            try await conn.execute("UPDATE media SET next_attempt_at = \(until) WHERE lease_owner = \(owner) AND state = 'fetching'",
                                   logger: logger)
        }
    }

    public func recordMediaFetches(_ outcomes: [(messageID: Int64, outcome: MediaFetchOutcome)], at: Date) async throws {
        guard !outcomes.isEmpty else { return }
        let logger = self.logger
        try await write { conn in
            for (messageID, outcome) in outcomes {
                try await Self.recordMediaFetch(conn, messageID: messageID, outcome: outcome, at: at, logger: logger)
            }
        }
    }

    static func recordMediaFetch(_ c: PostgresConnection, messageID: Int64, outcome: MediaFetchOutcome, at: Date, logger: Logger) async throws {
        let changed: Int
        switch outcome {
        case .stored(let file, let size, let mime, let sha):
            changed = try await c.count("""
                UPDATE media SET state = 'ready', file = \(file), size = \(size), mime_type = \(mime), sha256 = \(sha), last_error = NULL,
                       next_attempt_at = NULL, lease_owner = NULL WHERE message_id = \(messageID)
                RETURNING 1
                """, logger: logger)
        case .retry(let when, let reason):
            changed = try await c.count("""
                UPDATE media SET state = 'fetching', next_attempt_at = \(when.millis), lease_owner = NULL, last_error = \(reason)
                WHERE message_id = \(messageID)
                RETURNING 1
                """, logger: logger)
        case .expired(let reason), .failed(let reason):
            let state: MediaState = if case .expired = outcome { .expired } else { .failed }
            changed = try await c.count("""
                UPDATE media SET state = \(state.rawValue), next_attempt_at = NULL, lease_owner = NULL, last_error = \(reason)
                WHERE message_id = \(messageID)
                RETURNING 1
                """, logger: logger)
        case .tooLarge(let size):
            changed = try await c.count("""
                UPDATE media SET state = 'too_large', size = \(size), next_attempt_at = NULL, lease_owner = NULL WHERE message_id = \(messageID)
                RETURNING 1
                """, logger: logger)
        }
        guard changed > 0 else { return }
        // Consoles showing the message redraw it with its new state.
        try await c.execute("UPDATE messages SET updated_at = \(at.millis) WHERE id = \(messageID)", logger: logger)
        try await c.execute("""
            INSERT INTO changes (kind, conversation_id, message_id) SELECT 'message', conversation_id, id FROM messages WHERE id = \(messageID)
            """, logger: logger)
    }
}

