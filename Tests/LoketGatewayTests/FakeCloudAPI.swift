import Foundation
import LoketCloudAPI
import LoketDomain
import LoketGateway
import LoketStore

/// A Cloud API without a network for dispatcher tests on a ``ManualClock``: answers at once, with a wamid or
/// with the fault injected for the next request, and notes each accepted request at the clock's time.
final class FakeCloudAPI: CloudAPISending, @unchecked Sendable {
    enum Fault {
        case error(code: Int, httpStatus: Int)
        /// No answer (a timeout or a dropped connection).
        case transport
    }
    struct Accepted { let to: String; let text: String; let wamid: String; let at: Date }
    struct TransportFailure: Error {}

    private let clock: ManualClock
    private let lock = NSLock()
    private var faults: [(recipient: String?, fault: Fault)] = []
    private var accepted: [Accepted] = []

    init(clock: ManualClock) { self.clock = clock }

    /// The next request (to `recipient` only, when given) gets `fault`.
    func inject(_ fault: Fault, recipient: String? = nil) { lock.withLock { faults.append((recipient, fault)) } }

    var acceptedRequests: [Accepted] { lock.withLock { accepted } }
    /// Mark-as-read requests (the wamid in `text`), kept apart from the messages; faults are not spent on them.
    var readReceipts: [Accepted] { lock.withLock { receipts } }
    private var receipts: [Accepted] = []

    func send(_ item: OutboxItem) async throws -> SendResponse {
        let to: String
        switch item.to { case .phone(let p): to = p.digits; case .userID(let u): to = u }
        if case .markRead(let wamid, _) = item.payload {
            let receipt = Accepted(to: to, text: wamid, wamid: "", at: clock.now)
            lock.withLock { receipts.append(receipt) }
            return .accepted(wamid: "")
        }
        let text: String
        switch item.payload {
        case .text(let body, _): text = body
        case .template(let name, _): text = name
        case .markRead(let wamid, _): text = wamid
        case .reaction(let wamid, let emoji): text = emoji + " on " + wamid
        case .interactive(let m, _): text = m.readable
        case .media(let attachment, let caption, _): text = attachment.kind.rawValue + (caption.map { " " + $0 } ?? "")
        }
        let fault: Fault? = lock.withLock {
            guard let i = faults.firstIndex(where: { $0.recipient == nil || $0.recipient == to }) else { return nil }
            return faults.remove(at: i).fault
        }
        switch fault {
        case .error(let code, let status)?:
            return .error(GraphError(httpStatus: status, code: code, message: "injected", details: nil, isTransient: false))
        case .transport?:
            throw TransportFailure()
        case nil:
            let wamid = "wamid.FAKE.\(UUID().uuidString)"
            lock.withLock { accepted.append(Accepted(to: to, text: text, wamid: wamid, at: clock.now)) }
            return .accepted(wamid: wamid)
        }
    }
}
