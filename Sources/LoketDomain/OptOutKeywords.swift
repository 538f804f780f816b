import Foundation

/// Keywords with which a customer opts out of (STOP, BERHENTI) or back into (START, MULAI) announcements.
public enum OptOutKeywords {
    public enum Intent: Equatable, Sendable { case optOut, optIn }

    /// What the customer is told, once, after the keyword changed their subscription (Bahasa Indonesia and English).
    /// Who the confirmation is from, as the conversation and export show it: no agent wrote it (a login
    /// cannot contain parentheses, so this never names one).
    public static let automaticSender = "(auto)"

    public static func confirmation(for intent: Intent) -> String {
        switch intent {
        case .optOut:
            return "Anda tidak akan menerima pengumuman lagi. Balas MULAI untuk berlangganan kembali. / You will no longer receive announcements. Reply START to subscribe again."
        case .optIn:
            return "Terima kasih, Anda kembali menerima pengumuman. Balas BERHENTI untuk berhenti. / You will receive announcements again. Reply STOP to stop."
        }
    }

    /// The intent of a message whose whole text is one of the keywords (case and surrounding punctuation ignored).
    public static func intent(of body: String) -> Intent? {
        // Keywords are short: anything longer is a real message (and this check is on every message's path).
        guard body.utf8.count <= 24 else { return nil }
        let word = body.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)).uppercased()
        switch word {
        case "STOP", "BERHENTI", "UNSUBSCRIBE": return .optOut
        case "START", "MULAI", "SUBSCRIBE": return .optIn
        default: return nil
        }
    }
}
