import Foundation

/// A template's text and parameters: reading `{{1}}` / `{{name}}` placeholders from Meta's components,
/// checking the values an agent fills in, and producing the text the customer will read.
public enum TemplateRendering {
    /// Meta's limit for one body parameter.
    public static let maxParameterLength = 1024

    /// The BODY component's text in Meta's `components` JSON, if any.
    public static func body(ofComponents json: String) -> String? {
        guard let comps = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] else { return nil }
        return comps.first { ($0["type"] as? String)?.uppercased() == "BODY" }?["text"] as? String
    }

    /// Placeholder names in order of first appearance (`1`, `2`, … or `first_name`, …).
    /// Words that open a greeting before the customer's name ("Halo {{1}}", "Yth. Bapak/Ibu {{1}}", "Dear {{1}}").
    static let greetings: Set<String> = ["halo", "hai", "hi", "hello", "dear", "yth", "yth.", "kak", "bapak", "ibu", "bapak/ibu", "pak", "bu",
                                         "selamat", "pagi", "siang", "sore", "malam", "pagi,", "siang,", "sore,", "malam,"]

    /// Whether the body's first parameter follows a greeting, so it is the customer's name.
    public static func greetsWithFirstParameter(_ body: String) -> Bool {
        guard let first = placeholders(in: body).first, let range = body.range(of: "{{\(first)}}") else { return false }
        let before = body[..<range.lowerBound].split(whereSeparator: { $0 == " " || $0 == "\n" }).last.map { $0.lowercased() } ?? ""
        return greetings.contains(before) || greetings.contains(before.trimmingCharacters(in: .punctuationCharacters))
    }

    public static func placeholders(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty && !out.contains(name) { out.append(name) }
            rest = rest[close.upperBound...]
        }
        return out
    }

    /// One variable's value as WhatsApp accepts it: not empty, within `limit` characters, one line, no more
    /// than four spaces in a row.
    public static func check(_ p: String, label: String, limit: Int) throws(InputError) {
        if p.trimmingCharacters(in: .whitespaces).isEmpty { throw InputError("{1} is empty", label) }
        if p.count > limit { throw InputError("{1} is {2} characters; the limit is {3}", label, p.count, limit) }
        if p.contains("\n") || p.contains("\t") { throw InputError("{1} contains a newline or tab, which WhatsApp refuses", label) }
        if p.contains("     ") { throw InputError("{1} has more than four spaces in a row, which WhatsApp refuses", label) }
    }

    /// The text with the parameters given so far put in (empty ones leave their placeholder): a live preview.
    /// One pass over the template, as Meta does: a value that itself looks like `{{2}}` is not filled again.
    public static func fill(_ body: String, with parameters: [String], placeholders: [String]? = nil) -> String {
        var values: [String: String] = [:]
        for (placeholder, value) in zip(placeholders ?? self.placeholders(in: body), parameters) where !value.isEmpty {
            values[placeholder] = value
        }
        guard !values.isEmpty else { return body }
        var out = ""
        var rest = Substring(body)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            out += rest[..<open.lowerBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
