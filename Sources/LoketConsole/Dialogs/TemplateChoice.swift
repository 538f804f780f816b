import LoketDomain
import LoketStore
import TermCore

/// The approved templates a dialog offers (the template picker, the announcement composer): loaded from the
/// store, listed as "name language category", filtered by name.
enum TemplateChoice {
    /// The templates that may be sent, or nil after saying why there are none.
    @MainActor
    static func load(_ console: ConsoleController) async -> [MessageTemplate]? {
        let all: [MessageTemplate]
        do { all = try await console.store.templates() } catch { console.report(error); return nil }
        let approved = all.filter(\.isApproved)
        guard !approved.isEmpty else {
            console.say("no approved templates; import them with loket templates import FILE")
            return nil
        }
        return approved
    }

    static func list(_ templates: [MessageTemplate]) -> ListView<MessageTemplate> {
        ListView(templates) { t, text in t.name.lowercased().contains(text) || t.language.lowercased().hasPrefix(text) }
    }

    /// A template's row: name, language, category (in the console's language) and Meta's quality when it is not green.
    static func row(_ w: Words) -> (MessageTemplate) -> String {
        { t in
            let quality = t.quality.flatMap { $0 == "GREEN" || $0 == "UNKNOWN" ? nil : "  " + w("quality") + " " + w($0) } ?? ""
            return "\(DisplayWidth.fit(t.name, 26)) \(DisplayWidth.fit(t.language, 6)) \(w(t.category.rawValue))\(quality)"
        }
    }
}
