public import Foundation

/// The gateway's condition as the console header shows it.
public struct GatewayState: Equatable, Sendable {
    public enum Mode: String, Sendable {
        /// Receiving webhooks and sending the outbox.
        case sending
        /// Sending stopped: Meta refused the token or blocked the number (190, 368); an operator must act.
        case alarm
        /// The gateway shut down cleanly.
        case stopped
    }
    public var mode: Mode
    public var detail: String
    public var updatedAt: Date
    public init(mode: Mode, detail: String, updatedAt: Date) {
        self.mode = mode; self.detail = detail; self.updatedAt = updatedAt
    }
}
