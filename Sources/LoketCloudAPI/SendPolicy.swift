public import Foundation

/// What the dispatcher does with the answer to one send (docs/SPEC.md §3).
public enum SendDecision: Equatable, Sendable {
    case accepted(wamid: String)
    /// Try again after `delay` (5xx, timeouts, 130429 throughput, transient errors).
    case retry(delay: TimeInterval, code: Int?, reason: String)
    /// Hold this customer's messages for `delay` (131056: too many to the same user).
    case paceCustomer(delay: TimeInterval, code: Int, reason: String)
    /// Stop all sending and raise the alarm (190 token expired, 368 blocked); the message stays queued.
    case alarm(code: Int, reason: String)
    /// Give up: the message is marked failed with Meta's code.
    case fail(code: Int, reason: String)
}

/// The error-code policy of docs/SPEC.md §3 as a pure function.
public enum SendPolicy {
    /// Backoff for the n-th attempt (1-based): 1, 2, 4, … seconds, capped at 5 minutes, with ±20% jitter.
    public static func backoff(attempt: Int, jitter: Double = Double.random(in: 0.8...1.2)) -> TimeInterval {
        min(300, pow(2, Double(max(0, attempt - 1)))) * jitter
    }

    /// Meta asks for about one message per 6 s to the same user after 131056.
    public static let pairPacing: TimeInterval = 6

    /// Codes after which nothing may be sent until an operator acts.
    /// 190 token expired, 368 blocked, 131031 account locked, 131042 payment problem, 131048 spam rate limit,
    /// 133010 number not registered, 10 and 200 permissions: sending cannot resume until an operator acts.
    public static let alarmCodes: Set<Int> = [190, 368, 131031, 131042, 131048, 133010, 10, 200]
    /// Codes after which every send waits (the whole number is throttled, or its throughput is being upgraded).
    public static let pauseCodes: Set<Int> = [4, 80007, 130429, 131057]
    /// Codes that are temporary whatever the HTTP status says.
    public static let transientCodes: Set<Int> = [1, 2, 4, 17, 341, 80007, 130429, 131000, 131016, 131057, 133004]

    /// `[cloud_api] retry_for_hours` when absent.
    public static let defaultRetryFor: TimeInterval = 24 * 3600

    /// `decide`, then: a retry of a message queued longer ago than `retryFor` gives up with the last error
    /// (a pause for a whole number, or a held customer, is a retry too; an alarm keeps it for after the fix).
    public static func decide(_ response: SendResponse?, transportError: String?, attempt: Int, configurationError: String? = nil,
                              queuedAt: Date?, now: Date, retryFor: TimeInterval) -> SendDecision {
        let decision = decide(response, transportError: transportError, attempt: attempt, configurationError: configurationError)
        guard let queuedAt, now.timeIntervalSince(queuedAt) >= retryFor else { return decision }
        let hours = retryFor / 3600
        let span = hours == hours.rounded() ? "\(Int(hours)) h" : String(format: "%.1f h", hours)
        switch decision {
        case .retry(_, let code, let reason):
            return .fail(code: code ?? 0, reason: "gave up after \(span) of retries: \(reason)")
        case .paceCustomer(_, let code, let reason):
            return .fail(code: code, reason: "gave up after \(span) of retries: \(reason)")
        default:
            return decision
        }
    }

    /// - Parameter configurationError: the request could not be built as configured (alarm, no retry).
    public static func decide(_ response: SendResponse?, transportError: String?, attempt: Int,
                              configurationError: String? = nil) -> SendDecision {
        if let configurationError { return .alarm(code: 0, reason: configurationError) }
        guard let response else {
            return .retry(delay: backoff(attempt: attempt), code: nil, reason: transportError ?? "no answer")
        }
        switch response {
        case .accepted(let wamid):
            return .accepted(wamid: wamid)
        case .error(let e):
            let reason = e.description
            if alarmCodes.contains(e.code) { return .alarm(code: e.code, reason: reason) }
            if e.code == 131056 { return .paceCustomer(delay: pairPacing, code: e.code, reason: reason) }
            if transientCodes.contains(e.code) || e.isTransient || e.httpStatus >= 500 || e.httpStatus == 429 {
                return .retry(delay: backoff(attempt: attempt), code: e.code == 0 ? nil : e.code, reason: reason)
            }
            // 131026, 131047, 131049, 131050, 100, 132xxx and every other permanent refusal.
            return .fail(code: e.code == 0 ? e.httpStatus : e.code, reason: reason)
        }
    }
}
