import Foundation

/// Removes secrets from text before it can reach a log line or the store (an error from the HTTP stack may
/// quote the `Authorization` header it refused, token and all).
public struct SecretRedaction: Sendable {
    let secrets: [String]

    public init(secrets: [String?]) {
        // Short strings would redact ordinary words; real tokens and secrets are long.
        self.secrets = secrets.compactMap { $0 }.filter { $0.count >= 6 }
    }

    /// `text` with every secret (and its trimmed form) replaced by `[redacted]`.
    public func redact(_ text: String) -> String {
        var out = text
        for secret in secrets {
            // The whole secret first, then its trimmed form (so a trailing CR goes with it).
            let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
            for form in trimmed == secret ? [secret] : [secret, trimmed] where form.count >= 6 {
                out = out.replacingOccurrences(of: form, with: "[redacted]")
            }
        }
        return out
    }
}

/// Checks a secret read from the environment before it is used: it must be printable ASCII with no spaces
/// or control characters (a trailing CR from a file saved on Windows would make every request invalid).
/// The problem names the variable, never the value.
public enum SecretCheck {
    public static func problem(variable: String, value: String) -> String? {
        for (i, byte) in value.utf8.enumerated() where byte < 0x21 || byte > 0x7E {
            let what: String
            switch byte {
            case 0x0D: what = "a carriage return (a file saved on Windows?)"
            case 0x0A: what = "a newline"
            case 0x20: what = "a space"
            case 0x09: what = "a tab"
            case 0x80...: what = "a non-ASCII character"
            default: what = "a control character"
            }
            return "$\(variable) contains \(what) at position \(i + 1) of \(value.utf8.count); secrets are printable ASCII without spaces, fix the variable (its value is not shown)"
        }
        return nil
    }
}

/// The Cloud API request could not even be made as configured (a token the HTTP stack refuses, a bad URL):
/// retrying cannot help, so the dispatcher raises the alarm.
public struct CloudAPIConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
