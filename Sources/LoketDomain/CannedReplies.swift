import Foundation
/// Canned replies (docs/SPEC.md §10): team-shared texts an agent puts in the composer by shortcut, with
/// `{{customer.name}}`, `{{agent.name}}` and `{{business.name}}` filled in.
public enum CannedReplies {
    /// A shortcut is one word of letters, digits, `-` or `_` (at most 32), kept in lower case.
    public static func validateShortcut(_ text: String) throws(InputError) -> String {
        let s = text.lowercased()
        guard !s.isEmpty, s.count <= 32, s.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw InputError("shortcut '{1}' must be one word of letters, digits, - or _ (at most 32), e.g. salam", text)
        }
        return s
    }

    /// Checks a canned text: not blank, within a WhatsApp text message.
    public static func validateText(_ text: String) throws(InputError) -> String {
        let body = try MessageLimits.validateText(text)
        return body
    }

    /// The text with the variables filled in; a variable without a value is left as written.
    public static func fill(_ text: String, customerName: String?, agentName: String?, businessName: String?) -> String {
        var out = text
        for (key, value) in [("customer.name", customerName), ("agent.name", agentName), ("business.name", businessName)] {
            guard let value, !value.isEmpty else { continue }
            out = out.replacingOccurrences(of: "{{\(key)}}", with: value).replacingOccurrences(of: "{{ \(key) }}", with: value)
        }
        return out
    }

    /// Who may change the team's canned replies.
    public static func manage(by actor: Actor?) throws(Refusal) {
        guard let a = actor, a.isSupervisor else { throw Refusal("only a supervisor may change the team's canned replies") }
    }

    /// The starter set in Bahasa Indonesia that `loket init` and the demo install.
    public static let starter: [(shortcut: String, text: String)] = [
        ("salam", "Halo {{customer.name}}, terima kasih telah menghubungi {{business.name}}. Saya {{agent.name}}, ada yang bisa saya bantu?"),
        ("verifikasi", "Untuk keamanan, mohon konfirmasi nama lengkap dan tanggal lahir Anda. Jangan pernah membagikan PIN, OTP, atau password kepada siapa pun, termasuk petugas kami."),
        ("tunggu", "Mohon ditunggu sebentar ya {{customer.name}}, kami sedang memeriksa data Anda 🙏"),
        ("maaf", "Mohon maaf atas ketidaknyamanannya. Kami akan segera membantu menyelesaikan kendala Anda."),
        ("kartu-tertelan", "Untuk kartu ATM yang tertelan, silakan datang ke kantor cabang terdekat dengan membawa KTP dan buku tabungan."),
        ("blokir", "Demi keamanan, kartu Anda dapat kami blokir sementara. Mohon konfirmasi 4 digit terakhir nomor kartu Anda."),
        ("lain", "Terima kasih {{customer.name}}, apakah ada hal lain yang bisa kami bantu?"),
        ("penutup", "Terima kasih telah menghubungi {{business.name}}. Semoga hari Anda menyenangkan 🙏"),
    ]
}
