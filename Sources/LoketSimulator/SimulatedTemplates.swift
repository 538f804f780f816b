import Foundation
import LoketDomain
import LoketStore

/// The templates the simulated Meta knows, and its checks of a template send against them (docs/SPEC.md §9):
/// a send Meta would refuse is refused here with Meta's code, so a malformed send cannot pass a test.
/// 132001 unknown template or language, 132000 body parameter count, 100 a named parameter without its
/// `parameter_name`, 132012 a parameter of the wrong format (not text, or empty), 132015 / 132016 paused or disabled.
struct SimulatedTemplates {
    private var byKey: [String: MessageTemplate] = [:]
    /// Templates Meta paused or disabled since, by name (every language): refused for every recipient.
    private var states: [String: String] = [:]

    mutating func setState(_ name: String, _ state: String?) { states[name] = state }

    mutating func define(_ templates: [MessageTemplate]) {
        for t in templates { byKey[t.name + "|" + t.language.lowercased()] = t }
    }

    /// nil when Meta would accept it; else Meta's code and message.
    func check(_ template: [String: Any]) -> (code: Int, message: String)? {
        let name = template["name"] as? String ?? ""
        switch states[name] {
        case "PAUSED"?: return (132015, SimulatedFault.describe(132015).message)
        case "DISABLED"?: return (132016, SimulatedFault.describe(132016).message)
        default: break
        }
        let language = (template["language"] as? [String: Any])?["code"] as? String ?? ""
        guard let t = byKey[name + "|" + language.lowercased()] else {
            return (132001, "Template name does not exist in the translation: \(name) (\(language))")
        }
        let expected = TemplateRendering.placeholders(in: t.bodyText)
        let components = template["components"] as? [[String: Any]] ?? []
        let body = components.first { ($0["type"] as? String)?.lowercased() == "body" }
        let params = body?["parameters"] as? [[String: Any]] ?? []
        guard params.count == expected.count else {
            return (132000, "Number of parameters does not match the expected number of params: body has \(expected.count), got \(params.count)")
        }
        for p in params {
            guard p["type"] as? String == "text", let text = p["text"] as? String, !text.isEmpty else {
                return (132012, "Parameter format does not match format in the created template")
            }
            if t.parameterFormat == "named" {
                guard let n = p["parameter_name"] as? String, expected.contains(n) else {
                    return (100, "Invalid parameter: parameter_name is missing or unknown")
                }
            }
        }
        return nil
    }
}
