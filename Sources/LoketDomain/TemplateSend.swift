import Foundation

/// A template's header picture, video or document: a file kept in the media folder (uploaded when sent, then
/// sent by Meta's id for it) or a public `https` link Meta fetches itself.
public struct TemplateMedia: Codable, Equatable, Sendable {
    public var kind: MediaKind
    public var link: String?
    /// The kept file's path (when not a link), its type, size, hash and the name a document shows.
    public var file: String?
    public var mimeType: String?
    public var size: Int?
    public var sha256: String?
    public var fileName: String?

    public init(kind: MediaKind, link: String? = nil, file: String? = nil, mimeType: String? = nil, size: Int? = nil,
                sha256: String? = nil, fileName: String? = nil) {
        self.kind = kind; self.link = link; self.file = file; self.mimeType = mimeType; self.size = size
        self.sha256 = sha256; self.fileName = fileName
    }

    /// A link's media: `https://…` only (Meta fetches it; a plain-http or local address never arrives).
    public static func link(_ text: String, kind: MediaKind) throws(InputError) -> TemplateMedia {
        guard let url = URL(string: text), url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
            throw InputError("header media link '{1}' is not an https:// address Meta can fetch", text)
        }
        return TemplateMedia(kind: kind, link: text)
    }

    /// Whether a header value names a link rather than a file.
    public static func isLink(_ text: String) -> Bool { text.lowercased().hasPrefix("https://") || text.lowercased().hasPrefix("http://") }
}

/// What an agent fills in for one template send, before it is checked against the template: the text header's
/// variable, the header media, the body's variables in the template's order, and button values in button order
/// (for the buttons that take one; quick-reply payloads may be left out all together).
public struct TemplateValues: Equatable, Sendable {
    public var header: String?
    public var headerMedia: TemplateMedia?
    public var body: [String]
    public var buttons: [String]
    public init(body: [String] = [], header: String? = nil, headerMedia: TemplateMedia? = nil, buttons: [String] = []) {
        self.body = body; self.header = header; self.headerMedia = headerMedia; self.buttons = buttons
    }

}

/// One template send, checked and complete: what the Cloud API request carries (kept with the queued message).
/// Reads what earlier versions kept (`language`, `parameters`, `names`).
public struct TemplateSend: Codable, Equatable, Sendable {
    /// One button's value: its place among all buttons, Meta's `sub_type`, the value.
    public struct ButtonValue: Codable, Equatable, Sendable {
        public var index: Int
        public var subType: String
        public var value: String
        public init(index: Int, subType: String, value: String) { self.index = index; self.subType = subType; self.value = value }
    }
    public var language: String
    /// The body's variables, in order.
    public var parameters: [String]
    /// Their names, for a named template (nil: positional).
    public var names: [String]?
    public var header: String?
    public var headerName: String?
    public var headerMedia: TemplateMedia?
    public var buttons: [ButtonValue]

    public init(language: String, parameters: [String] = [], names: [String]? = nil, header: String? = nil, headerName: String? = nil,
                headerMedia: TemplateMedia? = nil, buttons: [ButtonValue] = []) {
        self.language = language; self.parameters = parameters; self.names = names; self.header = header
        self.headerName = headerName; self.headerMedia = headerMedia; self.buttons = buttons
    }

    enum CodingKeys: String, CodingKey { case language, parameters, names, header, headerName, headerMedia, buttons }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        language = try c.decode(String.self, forKey: .language)
        parameters = try c.decodeIfPresent([String].self, forKey: .parameters) ?? []
        names = try c.decodeIfPresent([String].self, forKey: .names)
        header = try c.decodeIfPresent(String.self, forKey: .header)
        headerName = try c.decodeIfPresent(String.self, forKey: .headerName)
        headerMedia = try c.decodeIfPresent(TemplateMedia.self, forKey: .headerMedia)
        buttons = try c.decodeIfPresent([ButtonValue].self, forKey: .buttons) ?? []
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(language, forKey: .language)
        try c.encode(parameters, forKey: .parameters)
        try c.encodeIfPresent(names, forKey: .names)
        try c.encodeIfPresent(header, forKey: .header)
        try c.encodeIfPresent(headerName, forKey: .headerName)
        try c.encodeIfPresent(headerMedia, forKey: .headerMedia)
        if !buttons.isEmpty { try c.encode(buttons, forKey: .buttons) }
    }

    /// The same send with `f` applied to every text value (per-recipient `{{customer.name}}`).
    public func mapText(_ f: (String) -> String) -> TemplateSend {
        var s = self
        s.parameters = parameters.map(f)
        s.header = header.map(f)
        s.buttons = buttons.map { ButtonValue(index: $0.index, subType: $0.subType, value: f($0.value)) }
        return s
    }
}

extension TemplateLayout {
    /// Checks `values` against the template (every variable of every component given, none extra, each one as
    /// WhatsApp accepts it) and returns the complete send. Nothing is queued when this throws.
    public func resolve(_ values: TemplateValues, name: String, language: String) throws(InputError) -> TemplateSend {
        if header == .location { throw InputError("template '{1}' has a location header, which Loket does not send", name) }
        let headerVars = headerVariables
        switch (headerVars.first, values.header) {
        case (nil, nil): break
        case (nil, _?): throw InputError("template '{1}' has no header variable", name)
        case (_?, nil): throw InputError("template '{1}' needs its header variable", name)
        case (_?, let v?): try TemplateRendering.check(v, label: "the header of '\(name)'", limit: 60)
        }
        switch (headerMedia, values.headerMedia) {
        case (nil, nil): break
        case (nil, _?): throw InputError("template '{1}' has no media header", name)
        case (let k?, nil): throw InputError("template '{1}' needs a header {2} (a file or an https link)", name, k.rawValue)
        case (let k?, let m?) where m.kind != k:
            throw InputError("template '{1}' takes a header {2}, not a {3}", name, k.rawValue, m.kind.rawValue)
        default: break
        }
        let bodyVars = bodyVariables
        guard values.body.count == bodyVars.count else {
            throw InputError("template '{1}' takes {2} parameters, got {3}", name, bodyVars.count, values.body.count)
        }
        for (i, p) in values.body.enumerated() {
            try TemplateRendering.check(p, label: "parameter \(i + 1) of '\(name)'", limit: TemplateRendering.maxParameterLength)
        }
        let taking = valueButtons
        let required = taking.filter { !$0.valueIsOptional }
        let given: [(Button, String)]
        if values.buttons.count == taking.count { given = Array(zip(taking, values.buttons)) }
        else if values.buttons.count == required.count { given = Array(zip(required, values.buttons)) }
        else if required.count == taking.count {
            throw InputError("template '{1}' takes {2} button values, got {3}", name, taking.count, values.buttons.count)
        } else {
            throw InputError("template '{1}' takes {2} button values ({3} without the quick-reply payloads), got {4}",
                             name, taking.count, required.count, values.buttons.count)
        }
        var buttonValues: [TemplateSend.ButtonValue] = []
        for (b, v) in given {
            let label = "button \(b.index + 1) (\(b.text.isEmpty ? b.kind.rawValue : b.text)) of '\(name)'"
            switch b.kind {
            case .copyCode: try TemplateRendering.check(v, label: label, limit: 15)
            case .quickReply: try TemplateRendering.check(v, label: label, limit: 128)
            default:
                try TemplateRendering.check(v, label: label, limit: 2000)
                if v.contains(" ") { throw InputError("{1} is part of a link and cannot contain spaces", label) }
            }
            buttonValues.append(.init(index: b.index, subType: b.subType, value: v))
        }
        return TemplateSend(language: language, parameters: values.body, names: named ? bodyVars : nil,
                            header: values.header, headerName: named ? headerVars.first : nil,
                            headerMedia: values.headerMedia, buttons: buttonValues)
    }

    /// What the customer reads: header, body, footer and buttons, with the send's values in (unfilled
    /// variables keep their placeholder: the dialog's live preview).
    public func render(_ send: TemplateSend) -> String {
        render(headerValues: send.header.map { [$0] } ?? [], bodyValues: send.parameters, media: send.headerMedia,
               buttons: Dictionary(send.buttons.map { ($0.index, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    /// The preview of partly filled values (values in `TemplateValues` order; empty ones keep their placeholder).
    public func preview(_ values: TemplateValues) -> String {
        let taking = valueButtons
        let byIndex = Dictionary(zip(taking.map(\.index), values.buttons).filter { !$0.1.isEmpty }, uniquingKeysWith: { a, _ in a })
        return render(headerValues: values.header.map { [$0] } ?? [], bodyValues: values.body, media: values.headerMedia, buttons: byIndex)
    }

    private func render(headerValues h: [String], bodyValues b: [String], media: TemplateMedia?, buttons: [Int: String]) -> String {
        var parts: [String] = []
        switch header {
        case .text(let t)?: parts.append(TemplateRendering.fill(t, with: h))
        case .media(let k)?:
            let what = media.map { $0.fileName ?? $0.link ?? $0.file.map { ($0 as NSString).lastPathComponent } ?? "" } ?? ""
            parts.append("[\(k.rawValue)]" + (what.isEmpty ? "" : " \(what)"))
        case .location?: parts.append("[location]")
        case nil: break
        }
        parts.append(TemplateRendering.fill(body, with: b))
        if let footer, !footer.isEmpty { parts.append(footer) }
        let shown = self.buttons.map { btn -> String in
            switch btn.kind {
            case .url, .otp:
                let target = btn.url.map { TemplateRendering.fill($0, with: buttons[btn.index].map { [$0] } ?? []) }
                return "[\(btn.text)" + (target.map { " → \($0)" } ?? "") + "]"
            case .copyCode: return "[\(btn.text.isEmpty ? "Copy code" : btn.text)" + (buttons[btn.index].map { ": \($0)" } ?? "") + "]"
            default: return "[\(btn.text)]"
            }
        }
        if !shown.isEmpty { parts.append(shown.joined(separator: " ")) }
        return parts.joined(separator: "\n")
    }
}

extension TemplateLayout {
    /// Values given as a list (the CLI's `--param`): the text header's variable first, then the body's, in order;
    /// or, for a named template, each as `NAME=VALUE` put in its place (a name the template does not have, or one
    /// left out, is an error). Counts are checked by ``resolve(_:name:language:)``.
    public func values(given: [String], headerMedia: TemplateMedia?, buttons: [String], name: String) throws(InputError) -> TemplateValues {
        let headerVars = headerVariables, bodyVars = bodyVariables
        if named, !given.isEmpty, given.allSatisfy({ $0.contains("=") }) {
            var byName: [String: String] = [:]
            let known = headerVars + bodyVars
            for p in given {
                let key = String(p.prefix { $0 != "=" }), value = String(p.drop { $0 != "=" }.dropFirst())
                guard known.contains(key) else {
                    throw InputError("template '{1}' has no variable '{2}'; it has {3}", name, key, known.joined(separator: ", "))
                }
                byName[key] = value
            }
            if let missing = known.first(where: { byName[$0] == nil }) {
                throw InputError("template '{1}' needs --param {2}=VALUE", name, missing)
            }
            return TemplateValues(body: bodyVars.map { byName[$0] ?? "" }, header: headerVars.first.map { byName[$0] ?? "" },
                                  headerMedia: headerMedia, buttons: buttons)
        }
        let headerValue = headerVars.isEmpty ? nil : given.first
        return TemplateValues(body: Array(given.dropFirst(headerVars.isEmpty ? 0 : 1)), header: headerValue,
                              headerMedia: headerMedia, buttons: buttons)
    }
}
