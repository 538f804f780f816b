public import Foundation

/// How the simulator answers a send, to exercise the gateway's error handling (Meta's error objects).
public enum SimulatedFault: Sendable, Equatable {
    /// A Graph error with Meta's code (131047, 130429, 131026, 131056, 190, 368, 100, …) and HTTP status.
    case error(code: Int, httpStatus: Int)
    /// A 5xx without a useful body.
    case serverError(httpStatus: Int)
    /// Answer normally, but only after this long (slow answers, timeouts).
    case slow(TimeInterval)
    /// Accept with a wamid, then report `failed` with this code by webhook (how Meta reports many failures).
    case failLater(code: Int)

    /// Meta's HTTP status and message for a code.
    static func describe(_ code: Int) -> (status: Int, message: String) {
        switch code {
        case 131047: return (400, "Re-engagement message")
        case 130429: return (400, "Rate limit hit")
        case 131026: return (400, "Message undeliverable")
        case 131056: return (400, "(Business Account, Consumer Account) pair rate limit hit")
        case 131049: return (400, "This message was not delivered to maintain healthy ecosystem engagement.")
        case 190: return (401, "Error validating access token: Session has expired")
        case 368: return (403, "Temporarily blocked for policies violations")
        case 100: return (400, "Invalid parameter")
        case 132000: return (400, "Number of parameters does not match the expected number of params")
        case 132001: return (404, "Template name does not exist in the translation")
        case 132012: return (400, "Parameter format does not match format in the created template")
        case 132015: return (400, "Template is Paused")
        case 132016: return (400, "Template is Disabled")
        case 131057: return (503, "Account in maintenance mode")
        case 131042: return (400, "Business eligibility payment issue")
        case 131048: return (400, "Spam rate limit hit")
        case 133010: return (400, "Phone number Not Registered")
        default: return (400, "Error \(code)")
        }
    }
}
