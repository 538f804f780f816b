public import Foundation
import LoketDomain
public import LoketStore

/// Decodes Meta's `GET /{waba-id}/message_templates` listing (`{"data": [...], "paging": ...}`, or a bare array)
/// into templates. Parameters are counted from `{{1}}` / `{{name}}` placeholders in the components' text.
public enum TemplateListing {
    public static func decode(_ data: Data, file: String, now: Date = Date()) throws -> [MessageTemplate] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) }
        catch { throw InputError("\(file): not valid JSON (\((error as NSError).localizedDescription))") }
        let items: [Any]
        if let obj = root as? [String: Any], let d = obj["data"] as? [Any] { items = d }
        else if let arr = root as? [Any] { items = arr }
        else if let obj = root as? [String: Any], obj["name"] != nil { items = [obj] }
        else { throw InputError("\(file): expected Meta's message_templates listing ({\"data\": [...]}) or an array of templates") }
        var out: [MessageTemplate] = []
        for (i, item) in items.enumerated() {
            guard let t = item as? [String: Any] else { throw InputError("\(file): template #\(i + 1) is not an object") }
            guard let name = t["name"] as? String, !name.isEmpty else {
                throw InputError("\(file): template #\(i + 1) has no name")
            }
            guard let language = t["language"] as? String, !language.isEmpty else {
                throw InputError("\(file): template '\(name)' has no language")
            }
            guard let categoryText = t["category"] as? String, let category = PricingCategory(meta: categoryText),
                  category != .service else {
                throw InputError("\(file): template '\(name)' has category '\(t["category"] ?? "")'; expected MARKETING, UTILITY or AUTHENTICATION")
            }
            guard let status = t["status"] as? String, !status.isEmpty else {
                throw InputError("\(file): template '\(name)' has no status")
            }
            let components = t["components"] as? [Any] ?? []
            let json = (try? JSONSerialization.data(withJSONObject: components, options: [.sortedKeys]))
                .flatMap { String(data: $0, encoding: .utf8) } ?? "[]"
            let declared = (t["parameter_format"] as? String)?.lowercased()
            let layout = TemplateLayout(componentsJSON: json, parameterFormat: declared)
            let format = layout.named ? "named" : "positional"
            let quality = ((t["quality_score"] as? [String: Any])?["score"] as? String).map { $0.uppercased() }
            out.append(MessageTemplate(name: name, language: language, category: category, status: status.uppercased(),
                                       componentsJSON: json, parameterFormat: format, updatedAt: now, quality: quality))
        }
        return out
    }
}

/// Reads a template's text and placeholders from its components JSON.
public enum TemplateText {
    public static func body(ofComponents json: String) -> String? { TemplateRendering.body(ofComponents: json) }

    public static func placeholders(inComponents json: String) -> [String] {
        body(ofComponents: json).map(TemplateRendering.placeholders(in:)) ?? []
    }
}
