import Foundation
import LoketDomain
import LoketStore

/// The templates the simulated Meta knows, and its checks of a template send against them (docs/SPEC.md §9):
/// a send Meta would refuse is refused here with Meta's code, so a malformed send cannot pass a test.
/// 132001 unknown template or language, 132000 body parameter count, 100 a named parameter without its
/// `parameter_name`, 132012 a parameter of the wrong format (not text, or empty), 132015 / 132016 paused or disabled;
/// the header (its text variable, or its media by a known uploaded id or an https link) and buttons likewise.
struct SimulatedTemplates {
    private var byKey: [String: MessageTemplate] = [:]
    /// Templates Meta paused or disabled since, by name (every language): refused for every recipient.
    private var states: [String: String] = [:]

    mutating func setState(_ name: String, _ state: String?) { states[name] = state }

    mutating func define(_ templates: [MessageTemplate]) {
        for t in templates { byKey[t.name + "|" + t.language.lowercased()] = t }
    }

    /// One page of `GET /{waba_id}/message_templates` as Meta answers it: `data`, and `paging` with cursors and a
    /// `next` link while more follow. Templates are listed by name and language; the cursor is an opaque offset.
    func listing(after: String?, limit: Int, link: (String) -> String) -> [String: Any] {
        let all = byKey.keys.sorted().compactMap { byKey[$0] }
        let start = after.flatMap { Data(base64Encoded: $0) }.flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? 0
        let page = all.dropFirst(start).prefix(max(1, min(limit, 100)))
        let data = page.enumerated().map { i, t -> [String: Any] in
            var o: [String: Any] = ["name": t.name, "language": t.language, "category": t.category.rawValue.uppercased(),
                                    "status": states[t.name] ?? t.status, "parameter_format": t.parameterFormat.uppercased(),
                                    "id": String(920_070_000_000 + start + i),
                                    "components": (try? JSONSerialization.jsonObject(with: Data(t.componentsJSON.utf8))) ?? []]
            if let q = t.quality { o["quality_score"] = ["score": q] }
            return o
        }
        let cursor = { (i: Int) in Data(String(i).utf8).base64EncodedString() }
        var paging: [String: Any] = ["cursors": ["before": cursor(start), "after": cursor(start + page.count)]]
        if start + page.count < all.count { paging["next"] = link(cursor(start + page.count)) }
        return ["data": data, "paging": paging]
    }

    /// nil when Meta would accept it; else Meta's code and message. `knownMedia` says whether an uploaded media
    /// id exists (a header by id that does not is 131053, as for any media send).
    func check(_ template: [String: Any], knownMedia: (String) -> Bool) -> (code: Int, message: String)? {
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
        let layout = TemplateLayout(componentsJSON: t.componentsJSON, parameterFormat: t.parameterFormat)
        let components = template["components"] as? [[String: Any]] ?? []
        func parameters(_ type: String) -> [[String: Any]] {
            components.first { ($0["type"] as? String)?.lowercased() == type }?["parameters"] as? [[String: Any]] ?? []
        }
        if let problem = checkHeader(parameters("header"), layout, knownMedia: knownMedia) { return problem }
        if let problem = checkText(parameters("body"), expected: layout.bodyVariables, part: "body", named: layout.named) { return problem }
        return checkButtons(components.filter { ($0["type"] as? String)?.lowercased() == "button" }, layout)
    }

    private func checkText(_ params: [[String: Any]], expected: [String], part: String, named: Bool) -> (code: Int, message: String)? {
        guard params.count == expected.count else {
            return (132000, "Number of parameters does not match the expected number of params: \(part) has \(expected.count), got \(params.count)")
        }
        for p in params {
            guard p["type"] as? String == "text", let text = p["text"] as? String, !text.isEmpty else {
                return (132012, "Parameter format does not match format in the created template")
            }
            if named {
                guard let n = p["parameter_name"] as? String, expected.contains(n) else {
                    return (100, "Invalid parameter: parameter_name is missing or unknown")
                }
            }
        }
        return nil
    }

    private func checkHeader(_ params: [[String: Any]], _ layout: TemplateLayout,
                             knownMedia: (String) -> Bool) -> (code: Int, message: String)? {
        guard let kind = layout.headerMedia else {
            return checkText(params, expected: layout.headerVariables, part: "header", named: layout.named)
        }
        guard params.count == 1 else {
            return (132000, "Number of parameters does not match the expected number of params: header has 1, got \(params.count)")
        }
        guard params[0]["type"] as? String == kind.rawValue, let media = params[0][kind.rawValue] as? [String: Any] else {
            return (132012, "Parameter format does not match format in the created template: the header is \(kind.rawValue)")
        }
        if let id = media["id"] as? String {
            guard knownMedia(id) else { return (131053, "Media upload error: media id \(id) is unknown or expired") }
        } else if let link = media["link"] as? String {
            guard link.lowercased().hasPrefix("https://") else { return (131053, "Media upload error: the link must be https") }
        } else {
            return (100, "Invalid parameter: header \(kind.rawValue) needs an id or a link")
        }
        return nil
    }

    /// Each button component names its button (`index`), Meta's sub_type for it and one parameter of the right type;
    /// dynamic URL, copy-code and one-time-password buttons must have one; quick replies may.
    private func checkButtons(_ given: [[String: Any]], _ layout: TemplateLayout) -> (code: Int, message: String)? {
        var seen: Set<Int> = []
        for c in given {
            guard let index = (c["index"] as? String).flatMap(Int.init) ?? c["index"] as? Int,
                  index >= 0, index < layout.buttons.count, layout.buttons[index].takesValue, seen.insert(index).inserted else {
                return (132000, "Number of parameters does not match the expected number of params: button index \(c["index"] ?? "none")")
            }
            let button = layout.buttons[index]
            guard c["sub_type"] as? String == button.subType else {
                return (132012, "Parameter format does not match format in the created template: button \(index) is \(button.subType)")
            }
            let params = c["parameters"] as? [[String: Any]] ?? []
            guard params.count == 1 else { return (132000, "Number of parameters does not match the expected number of params: button \(index)") }
            let p = params[0]
            let ok: Bool
            switch button.kind {
            case .quickReply: ok = p["type"] as? String == "payload" && !((p["payload"] as? String) ?? "").isEmpty
            case .copyCode: ok = p["type"] as? String == "coupon_code" && !((p["coupon_code"] as? String) ?? "").isEmpty
            default: ok = p["type"] as? String == "text" && !((p["text"] as? String) ?? "").isEmpty
            }
            guard ok else { return (132012, "Parameter format does not match format in the created template: button \(index)") }
        }
        for b in layout.buttons where b.takesValue && !b.valueIsOptional && !seen.contains(b.index) {
            return (132000, "Number of parameters does not match the expected number of params: button \(b.index) (\(b.subType)) needs a parameter")
        }
        return nil
    }
}
