import Foundation

/// Bytes the gateway may hold for webhook bodies whose signature it has not checked yet, across all
/// connections. A body is read whole before it can be verified, so without this a thousand clients
/// holding 1 MiB bodies each take a gigabyte; with it, a request that does not fit is answered 503 at once.
public final class UnauthenticatedBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var available: Int
    public let capacity: Int

    public init(bytes: Int) { capacity = bytes; available = bytes }

    /// Reserves `n` bytes, or returns false when they are not available now.
    public func reserve(_ n: Int) -> Bool {
        lock.withLock {
            guard n <= available else { return false }
            available -= n
            return true
        }
    }

    public func release(_ n: Int) { lock.withLock { available = min(capacity, available + n) } }

    /// Bytes in use now (for /metrics).
    public var inUse: Int { lock.withLock { capacity - available } }
}
