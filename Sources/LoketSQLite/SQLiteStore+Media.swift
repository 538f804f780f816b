public import Foundation
import GRDB
import LoketDomain
public import LoketStore

/// Attachments (docs/SPEC.md §9): the inbound ones waiting for download and how each download ended, and the
/// agent's attachments queued like replies.
extension SQLiteStore {
    static let mediaColumns = "message_id, kind, media_id, mime_type, size, sha256, file_name, file, voice, state, last_error"

    /// Records an attachment as it stands: an inbound one due for download now (given up on at once when the webhook
    /// named no media id), an agent's already kept, a history import's either way.
    static func insertMedia(_ db: Database, messageID: Int64, _ media: MessageMedia, at: Date) throws {
        let state: MediaState = media.state == .fetching && media.file == nil && media.mediaID == nil ? .failed : media.state
        try db.cachedStatement(sql: """
            INSERT INTO media (message_id, kind, media_id, mime_type, size, sha256, file_name, file, voice, state, next_attempt_at, last_error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [messageID, media.kind.rawValue, media.mediaID, media.mimeType, media.size, media.sha256, media.fileName,
                                     media.file, media.voice, state.rawValue, state == .fetching ? at.millis : nil, media.lastError])
    }

    static func mediaRow(_ row: Row) throws -> MessageMedia {
        try WrongColumnType.inTable("media") {
            try MessageMedia(kind: row.known("kind"), mediaID: row.value("media_id"), mimeType: row.value("mime_type"),
                         size: row.value("size"), sha256: row.value("sha256"), fileName: row.value("file_name"),
                         file: row.value("file"), state: row.known("state"), lastError: row.value("last_error"),
                         voice: row.value("voice"))
        }
    }

    /// The attachments of these messages, by message id, in one read.
    static func media(_ db: Database, messageIDs: [Int64]) throws -> [Int64: MessageMedia] {
        guard !messageIDs.isEmpty else { return [:] }
        var out: [Int64: MessageMedia] = [:]
        for chunk in stride(from: 0, to: messageIDs.count, by: 500) {
            let ids = Array(messageIDs[chunk..<min(chunk + 500, messageIDs.count)])
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT \(mediaColumns) FROM media WHERE message_id IN (\(marks))",
                                        arguments: StatementArguments(ids)) {
                out[try row.value("message_id")] = try mediaRow(row)
            }
        }
        return out
    }

    /// Fills in the attachments of the media messages among `messages`.
    static func attachMedia(_ db: Database, to messages: inout [Message]) throws {
        let ids = messages.filter { MediaKind(messageType: $0.kind.rawValue) != nil }.map(\.id)
        let found = try media(db, messageIDs: ids)
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
        return try await write { db in
            let label = "[\(attachment.kind.rawValue)]" + (attachment.fileName.map { " \($0)" } ?? "")
            let messageID = try Self.queueAnswer(db, ref, by: agent, at: now, outbox: "media") { id in
                let messageID = try Writes.insertMessage(db, .init(
                    conversationID: id, direction: .outbound, kind: MessageKind(rawValue: attachment.kind.rawValue),
                    body: text.map { label + " " + $0 } ?? label, status: .queued, agent: agent, replyTo: replyTo,
                    payload: text, at: now))
                try Self.insertMedia(db, messageID: messageID, MessageMedia(
                    kind: attachment.kind, mimeType: attachment.mimeType, size: attachment.size, sha256: attachment.sha256,
                    fileName: attachment.fileName, file: attachment.file, state: .ready), at: now)
                return messageID
            }
            var message = try Self.fetchMessage(db, id: messageID, currency: currency)
            message.media = try Self.media(db, messageIDs: [messageID])[messageID]
            return message
        }
    }

    public func attachment(ofMessage id: Int64) async throws -> (message: Message, media: MessageMedia) {
        let currency = self.currency
        return try await read { db in
            guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Rows.messageColumns) FROM messages m WHERE m.id = ?"),
                                             arguments: [id]) else { throw NotFound("no message {1}", id) }
            var message = try Rows.message(row, currency: currency)
            guard let media = try Self.media(db, messageIDs: [id])[id] else { throw NotFound("message {1} has no attachment", id) }
            message.media = media
            return (message, media)
        }
    }

    public func takeDueMedia(now: Date, limit: Int, owner: String) async throws -> [MediaFetchJob] {
        let lease = now.addingTimeInterval(OutboxLease.duration).millis
        return try await write { db in
            let rows = try Row.fetchAll(try db.cachedStatement(sql: """
                SELECT message_id, media_id, sha256, mime_type, attempts FROM media
                WHERE state = 'fetching' AND media_id IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, message_id LIMIT ?
                """), arguments: [now.millis, limit])
            var jobs: [MediaFetchJob] = []
            for row in rows {
                let job = try MediaFetchJob(messageID: row.value("message_id"), mediaID: row.value("media_id"), sha256: row.value("sha256"),
                                            mimeType: row.value("mime_type"), attempts: row.value("attempts"))
                try db.cachedStatement(sql: "UPDATE media SET next_attempt_at = ?, lease_owner = ?, attempts = attempts + 1 WHERE message_id = ?")
                    .execute(arguments: [lease, owner, job.messageID])
                jobs.append(job)
            }
            return jobs
        }
    }

    public func renewMediaLeases(owner: String, now: Date) async throws {
        let until = now.addingTimeInterval(OutboxLease.duration).millis
        try await write { db in
            try db.execute(sql: "UPDATE media SET next_attempt_at = ? WHERE lease_owner = ? AND state = 'fetching'", arguments: [until, owner])
        }
    }

    public func recordMediaFetches(_ outcomes: [(messageID: Int64, outcome: MediaFetchOutcome)], at: Date) async throws {
        guard !outcomes.isEmpty else { return }
        try await write { db in
            for (messageID, outcome) in outcomes { try Self.recordMediaFetch(db, messageID: messageID, outcome: outcome, at: at) }
        }
    }

    static func recordMediaFetch(_ db: Database, messageID: Int64, outcome: MediaFetchOutcome, at: Date) throws {
        switch outcome {
        case .stored(let file, let size, let mime, let sha):
            try db.cachedStatement(sql: """
                UPDATE media SET state = 'ready', file = ?, size = ?, mime_type = ?, sha256 = ?, last_error = NULL,
                       next_attempt_at = NULL, lease_owner = NULL WHERE message_id = ?
                """).execute(arguments: [file, size, mime, sha, messageID])
        case .retry(let when, let reason):
            try db.cachedStatement(sql: """
                UPDATE media SET state = 'fetching', next_attempt_at = ?, lease_owner = NULL, last_error = ? WHERE message_id = ?
                """).execute(arguments: [when.millis, reason, messageID])
        case .expired(let reason), .failed(let reason):
            let state: MediaState = if case .expired = outcome { .expired } else { .failed }
            try db.cachedStatement(sql: """
                UPDATE media SET state = ?, next_attempt_at = NULL, lease_owner = NULL, last_error = ? WHERE message_id = ?
                """).execute(arguments: [state.rawValue, reason, messageID])
        case .tooLarge(let size):
            try db.cachedStatement(sql: """
                UPDATE media SET state = 'too_large', size = ?, next_attempt_at = NULL, lease_owner = NULL WHERE message_id = ?
                """).execute(arguments: [size, messageID])
        }
        guard db.changesCount > 0 else { return }
        // Consoles showing the message redraw it with its new state.
        try db.cachedStatement(sql: "UPDATE messages SET updated_at = ? WHERE id = ?").execute(arguments: [at.millis, messageID])
        try db.cachedStatement(sql: """
            INSERT INTO changes (kind, conversation_id, message_id) SELECT 'message', conversation_id, id FROM messages WHERE id = ?
            """).execute(arguments: [messageID])
    }
}
