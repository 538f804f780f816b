import Crypto
import LoketDomain
public import Foundation

/// Meta's `X-Hub-Signature-256` check: HMAC-SHA256 of the raw body with the app secret, compared in constant time.
public struct WebhookSignature: Sendable {
    private let key: SymmetricKey

    public init(appSecret: String) { key = SymmetricKey(data: Data(appSecret.utf8)) }

    /// The header value Meta would send for `body`: `sha256=<lowercase hex>`.
    public func header(for body: some DataProtocol) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + Hex.encode(mac)
    }

    /// True when `header` is a valid signature of exactly these bytes.
    public func isValid(_ header: String?, body: some DataProtocol) -> Bool {
        guard let header, header.hasPrefix("sha256=") else { return false }
        let hex = header.dropFirst(7)
        guard hex.count == 64, let expected = Self.bytes(fromHex: hex) else { return false }
        // HMAC's own validator compares in constant time.
        return HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: body, using: key)
    }

    static func bytes(fromHex hex: Substring) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(hex.count / 2)
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(after: i)
            guard j < hex.endIndex, let b = UInt8(hex[i...j], radix: 16) else { return nil }
            out.append(b)
            i = hex.index(after: j)
        }
        return out
    }
}
