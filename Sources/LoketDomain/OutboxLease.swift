public import Foundation

/// How a dispatcher holds the outbox entries it took: each is leased to it until `next_attempt_at`, and the
/// lease is renewed while the dispatcher lives. Only an expired lease is taken again, so entries a live
/// dispatcher holds are never sent a second time, and a dead one's work is released by the next live dispatcher's
/// ``renewEvery`` check after ``duration``: within 10 seconds.
public enum OutboxLease {
    /// A lease lasts this long unless renewed.
    public static let duration: TimeInterval = 7
    /// A live dispatcher renews its leases this often (well inside ``duration``).
    public static let renewEvery: TimeInterval = 2
}
