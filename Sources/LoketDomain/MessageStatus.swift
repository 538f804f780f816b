/// The delivery status of a message (docs/SPEC.md §1: `received` for inbound; the rest for outbound).
public enum MessageStatus: String, Sendable, CaseIterable, Codable, Hashable {
    case received, queued, sent, delivered, read, failed

    /// Meta's status words (`played` counts as read; `deleted` and unknown words map to nil).
    public init?(meta: String) {
        switch meta.lowercased() {
        case "sent": self = .sent
        case "delivered": self = .delivered
        case "read", "played": self = .read
        case "failed": self = .failed
        default: return nil
        }
    }

    /// Order of the forward-only progression queued < sent < delivered < read.
    var rank: Int {
        switch self {
        case .received: return -1
        case .queued: return 0
        case .sent: return 1
        case .delivered: return 2
        case .read: return 3
        case .failed: return 4
        }
    }

    /// Merges a status update: returns the new status, or nil when `incoming` must be ignored
    /// (a duplicate, an out-of-order step back, anything after `failed`, or a failure reported after delivery).
    public static func merge(current: MessageStatus, incoming: MessageStatus) -> MessageStatus? {
        if current == .received || incoming == .received || incoming == .queued { return nil }
        if current == .failed { return nil }
        if incoming == .failed { return current.rank <= MessageStatus.sent.rank ? .failed : nil }
        return incoming.rank > current.rank ? incoming : nil
    }
}

/// Who a message is from, from the conversation's point of view.
public enum MessageDirection: String, Sendable, CaseIterable, Codable, Hashable {
    /// From the customer.
    case inbound = "in"
    /// From an agent or an announcement to the customer.
    case outbound = "out"
    /// A private note, never sent.
    case note
    /// A system line (assigned, resolved, announcement, …).
    case system
}
