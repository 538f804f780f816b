public import Foundation
public import LoketStore

extension LoketStoreMaintenance {
    /// What is due to be sent, as ``takeDue(now:limit:owner:)`` gives it, with the mark-as-read entries among it
    /// answered as Meta answers them (accepted) and left out. A holder's reply queues one ahead of the reply
    /// (docs/SPEC.md §9); tests about the reply itself take it out of the way with this.
    public func takeDueSends(now: Date, limit: Int, owner: String = "local") async throws -> [OutboxItem] {
        var sends: [OutboxItem] = []
        while sends.count < limit {
            let taken = try await takeDue(now: now, limit: limit - sends.count, owner: owner)
            if taken.isEmpty { break }
            var receipts = 0
            for item in taken {
                if case .markRead = item.payload {
                    try await recordSend(outboxID: item.id, outcome: .accepted(wamid: ""), at: now)
                    receipts += 1
                } else {
                    sends.append(item)
                }
            }
            if receipts == 0 { break }
        }
        return sends
    }
}
