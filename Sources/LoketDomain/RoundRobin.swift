public import Foundation

/// Fair automatic assignment (`[assignment] mode = "round_robin"`): a new waiting conversation goes to an
/// online agent under capacity, the one holding the fewest open chats, and among equals the one who got a
/// chat least recently. Nobody offline or full ever gets one.
public enum RoundRobin {
    public struct Candidate: Equatable, Sendable {
        public var login: String
        public var online: Bool
        public var load: Int
        public var capacity: Int
        public var lastAssignedAt: Date?
        public init(login: String, online: Bool, load: Int, capacity: Int, lastAssignedAt: Date?) {
            self.login = login; self.online = online; self.load = load; self.capacity = capacity; self.lastAssignedAt = lastAssignedAt
        }
    }

    /// The candidates after `login` was given a conversation at `now` (their load and turn move on).
    public static func assigned(_ login: String, in candidates: inout [Candidate], at now: Date) {
        guard let i = candidates.firstIndex(where: { $0.login == login }) else { return }
        candidates[i].load += 1
        candidates[i].lastAssignedAt = now
    }

    /// The agent to give the next conversation to, or nil when nobody can take one.
    public static func choose(_ candidates: [Candidate]) -> String? {
        candidates
            .filter { $0.online && $0.load < $0.capacity }
            .min { a, b in
                if a.load != b.load { return a.load < b.load }
                let ta = a.lastAssignedAt ?? .distantPast, tb = b.lastAssignedAt ?? .distantPast
                if ta != tb { return ta < tb }
                return a.login < b.login
            }?.login
    }
}
