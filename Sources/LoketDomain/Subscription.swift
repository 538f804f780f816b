/// Whether a customer receives announcements (docs/SPEC.md §5): opted in by writing to the business, out by STOP
/// (BERHENTI) or Meta's marketing preference, back in by START (MULAI). A store backend reads the customer's flags,
/// asks this, and writes what it says (issue 16: the rule is not the backend's).
public struct Subscription: Equatable, Sendable {
    public var optedIn: Bool
    public var optedOut: Bool
    public init(optedIn: Bool, optedOut: Bool) { self.optedIn = optedIn; self.optedOut = optedOut }

    public enum Event: Equatable, Sendable {
        /// The customer sent a subscription keyword (or Meta's preference webhook said so).
        case asked(OptOutKeywords.Intent)
        /// The customer wrote anything else to the business.
        case wrote
    }

    /// The subscription after `event`; equal to `self` when nothing changes (then nothing is written or confirmed).
    public func after(_ event: Event) -> Subscription {
        switch event {
        case .asked(.optIn): return Subscription(optedIn: true, optedOut: false)
        case .asked(.optOut): return Subscription(optedIn: optedIn, optedOut: true)
        // Writing opts a customer in, unless they opted out: only START undoes STOP.
        case .wrote: return optedOut || optedIn ? self : Subscription(optedIn: true, optedOut: false)
        }
    }
}
