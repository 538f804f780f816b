public import Foundation
public import LoketDomain

/// What the dispatcher must send for one outbox entry.
public enum OutboxPayload: Equatable, Sendable {
    /// A free-form text reply, optionally quoting a customer message.
    case text(body: String, replyTo: String?)
    /// An approved template with every value it is sent with (header, body, buttons).
    case template(name: String, send: TemplateSend)
    /// Mark a customer's message (and those before it) as read: blue ticks on their side; with `typing`, they also
    /// see "typing…" until the reply or for 25 s.
    case markRead(wamid: String, typing: Bool = false)
    /// The business's reaction on a message ("" takes it back).
    case reaction(wamid: String, emoji: String)
    /// A text with reply buttons or a list.
    case interactive(InteractiveMessage, replyTo: String?)
    /// An attachment: uploaded, then sent by its new media id, in one job (a crash before the send uploads again).
    case media(OutgoingAttachment, caption: String?, replyTo: String?)
}

extension OutboxPayload {
    /// A template whose only variables are in its body (named ones with their names, in the same order).
    public static func template(name: String, language: String, parameters: [String], parameterNames: [String]? = nil) -> OutboxPayload {
        .template(name: name, send: TemplateSend(language: language, parameters: parameters, names: parameterNames))
    }
}

/// One entry of the outbox, due for sending.
public struct OutboxItem: Equatable, Sendable {
    public var id: Int64
    /// The stored message this sends (nil for mark-as-read).
    public var messageID: Int64?
    public var to: CustomerKey
    public var payload: OutboxPayload
    public var attempts: Int
    /// When it was first queued: retries give up `[cloud_api] retry_for_hours` after it (nil: unknown, no limit).
    public var queuedAt: Date?
    public init(id: Int64, messageID: Int64?, to: CustomerKey, payload: OutboxPayload, attempts: Int, queuedAt: Date? = nil) {
        self.id = id; self.messageID = messageID; self.to = to; self.payload = payload; self.attempts = attempts
        self.queuedAt = queuedAt
    }
}

/// How one send attempt ended, as the dispatcher reports it to the store.
public enum SendOutcome: Equatable, Sendable {
    /// Meta accepted it and gave it this wamid.
    case accepted(wamid: String)
    /// Try again at the given time (5xx, timeout, throughput or pair-rate limit).
    case retry(at: Date, errorCode: Int?, reason: String)
    /// Permanently failed with Meta's code; the message is marked failed.
    case failed(errorCode: Int, reason: String)
}
