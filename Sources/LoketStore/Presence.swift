public import Foundation

/// Who is at a console, and what they are looking at or typing in.
public struct PresenceInfo: Equatable, Sendable {
    public var agent: String
    public var viewing: Int64?
    /// The conversation they are typing in, while the typing is fresh.
    public var typing: Int64?
    public var heartbeatAt: Date
    public init(agent: String, viewing: Int64?, typing: Int64?, heartbeatAt: Date) {
        self.agent = agent; self.viewing = viewing; self.typing = typing; self.heartbeatAt = heartbeatAt
    }
}
