import LoketDomain
import LoketStore

/// Where a PostgreSQL change-feed reader is, in transaction ids (xid8) rather than row ids: row ids and xids are
/// handed out before commit, so transactions commit out of their order and "id > cursor" would skip the slower one's
/// rows. A reader keeps the transactions it may still have to read: every xid from `floor` up, and the few below it
/// (`pending`) that were still running when it last looked. A read's snapshot (taken by the same statement that reads
/// the rows) says which of those have committed since (their rows are visible) and which still run; everything else
/// below the snapshot's xmax is settled for good. So no writer serialises its commit for the feed, no reader waits
/// for a running transaction, and every committed change is read once. Encoded `pg:FLOOR[:X,Y,…]`.
struct FeedHorizon: Equatable, Sendable {
    /// Every transaction from this xid up may still have rows to read.
    var floor: UInt64
    /// Transactions below `floor` that were running when last looked at (sorted).
    var pending: [UInt64]

    static let start = FeedHorizon(floor: 0, pending: [])

    init(floor: UInt64, pending: [UInt64]) {
        self.floor = floor
        self.pending = pending.filter { $0 < floor }.sorted()
    }

    /// The horizon of a snapshot `(xmax, xip)`: what was running then, and everything after.
    init(snapshotXmax xmax: UInt64, running: [UInt64]) { self.init(floor: xmax, pending: running) }

    /// The horizon of a snapshot in PostgreSQL's text form, `xmin:xmax:xip,…`.
    init(snapshot text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let xmax = UInt64(parts[1]) else { throw StoreUnusable("the change feed's snapshot '\(text)' could not be read") }
        let running = try parts[2].split(separator: ",").map { part in
            guard let x = UInt64(part) else { throw StoreUnusable("the change feed's snapshot '\(text)' could not be read") }
            return x
        }
        self.init(snapshotXmax: xmax, running: running)
    }

    init(_ position: FeedPosition) throws {
        if position == .start { self = .start; return }
        let parts = position.encoded.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0] == "pg", let floor = UInt64(parts[1]) else {
            throw InputError("'{1}' is not a position in this store's change feed", position.encoded)
        }
        var pending: [UInt64] = []
        if parts.count == 3 {
            for x in parts[2].split(separator: ",") {
                guard let xid = UInt64(x), xid < floor else { throw InputError("'{1}' is not a position in this store's change feed", position.encoded) }
                pending.append(xid)
            }
        }
        self.init(floor: floor, pending: pending)
    }

    var position: FeedPosition {
        if self == .start { return .start }
        return FeedPosition(encoded: "pg:\(floor)" + (pending.isEmpty ? "" : ":" + pending.map(String.init).joined(separator: ",")))
    }

    /// After a read from this horizon with snapshot `(xmax, running)` delivered the visible transactions up to and
    /// including `xid` (a page may stop there), what is left to read: the candidates above `xid`, and those at or below
    /// it still running at the snapshot. When the read delivered everything it saw, the snapshot's own horizon.
    func after(delivered xid: UInt64, snapshotXmax xmax: UInt64, running: [UInt64], complete: Bool) -> FeedHorizon {
        if complete { return FeedHorizon(snapshotXmax: xmax, running: running) }
        let floor = max(self.floor, xid + 1)
        return FeedHorizon(floor: floor, pending: pending.filter { $0 > xid } + running.filter { $0 <= xid })
    }
}
