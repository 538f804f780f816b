/// Meta's refusals of a template itself rather than of one recipient (docs/SPEC.md §3, §9): an announcement using
/// it stops at once instead of failing each remaining recipient one by one.
public enum TemplateRefusal {
    /// 132000 wrong parameter count, 132001 template not found, 132012 wrong parameter format, 132015 paused,
    /// 132016 disabled.
    public static let codes: Set<Int> = [132000, 132001, 132012, 132015, 132016]

    public static func stopsAnnouncement(code: Int) -> Bool { codes.contains(code) }

    /// The template's status once Meta has refused it so (`PAUSED`, `DISABLED`), when the code says it.
    public static func templateStatus(afterCode code: Int) -> String? {
        switch code {
        case 132015: return "PAUSED"
        case 132016: return "DISABLED"
        default: return nil
        }
    }

    /// Why, in a phrase the console translates (`{1}` is the code).
    public static func reason(code: Int) -> Phrase {
        switch code {
        case 132015: return Phrase("Meta paused the template (#{1})", ["\(code)"])
        case 132016: return Phrase("Meta disabled the template (#{1})", ["\(code)"])
        case 132001: return Phrase("the template does not exist at Meta in this language (#{1})", ["\(code)"])
        case 132000: return Phrase("the template's parameters do not match its variables (#{1})", ["\(code)"])
        default: return Phrase("a parameter has the wrong format for the template (#{1})", ["\(code)"])
        }
    }
}
