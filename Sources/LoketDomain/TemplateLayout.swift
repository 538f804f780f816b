import Foundation

/// A template as Meta defines it (docs/SPEC.md §9), read from its `components`: a header (text with at most one
/// variable, or an image/video/document filled at send time), the body with its variables, a footer, and buttons
/// (quick replies, URL buttons whose URL may end in a variable, copy-code buttons, call buttons). It lists every
/// variable a send must fill, in the order they are asked for.
public struct TemplateLayout: Equatable, Sendable {
    public enum Header: Equatable, Sendable {
        case text(String)
        /// A picture, video or document chosen when sending (by uploaded file or link).
        case media(MediaKind)
        /// A location header: Meta takes its coordinates at send time; Loket does not send these.
        case location
    }

    /// One of the template's buttons, in Meta's order (its `index` is its place among all buttons).
    public struct Button: Equatable, Sendable {
        public enum Kind: String, Sendable {
            /// Sends its text back (or a payload given at send time) when tapped.
            case quickReply = "quick_reply"
            /// Opens a URL; a URL ending in `{{1}}` takes its suffix at send time.
            case url
            /// Copies a code (an offer's coupon) given at send time.
            case copyCode = "copy_code"
            /// Authentication templates' one-time-password button: the code goes in as a URL parameter.
            case otp
            case phoneNumber = "phone_number"
            case other
        }
        public var index: Int
        public var kind: Kind
        public var text: String
        public var url: String?

        /// Whether a send gives it a value: a quick reply may (its payload), a dynamic URL, a copy code and a
        /// one-time password must.
        public var takesValue: Bool {
            switch kind {
            case .quickReply, .copyCode, .otp: return true
            case .url: return url.map { !TemplateRendering.placeholders(in: $0).isEmpty } ?? false
            case .phoneNumber, .other: return false
            }
        }
        /// Whether the value can be left out (a quick reply then answers with its own text).
        public var valueIsOptional: Bool { kind == .quickReply }
        /// The `sub_type` Meta's send takes for it.
        public var subType: String { kind == .otp ? "url" : kind.rawValue }
    }

    public var header: Header?
    public var body: String
    public var footer: String?
    public var buttons: [Button]
    /// Variables are `{{name}}` (sent with `parameter_name`) rather than `{{1}}`.
    public var named: Bool

    public init(header: Header? = nil, body: String, footer: String? = nil, buttons: [Button] = [], named: Bool = false) {
        self.header = header; self.body = body; self.footer = footer; self.buttons = buttons; self.named = named
    }

    /// Reads Meta's `components` JSON (unknown parts are kept out, never an error: Meta adds component types).
    public init(componentsJSON: String, parameterFormat: String?) {
        let comps = (try? JSONSerialization.jsonObject(with: Data(componentsJSON.utf8))) as? [[String: Any]] ?? []
        var layout = TemplateLayout(body: "")
        for c in comps {
            switch (c["type"] as? String)?.uppercased() {
            case "HEADER":
                switch (c["format"] as? String)?.uppercased() ?? "TEXT" {
                case "TEXT": layout.header = .text(c["text"] as? String ?? "")
                case "IMAGE": layout.header = .media(.image)
                case "VIDEO": layout.header = .media(.video)
                case "DOCUMENT": layout.header = .media(.document)
                case "LOCATION": layout.header = .location
                default: break
                }
            case "BODY": layout.body = c["text"] as? String ?? ""
            case "FOOTER": layout.footer = c["text"] as? String
            case "BUTTONS":
                for (i, b) in ((c["buttons"] as? [[String: Any]]) ?? []).enumerated() {
                    let kind = Button.Kind(meta: b["type"] as? String ?? "")
                    layout.buttons.append(Button(index: i, kind: kind, text: b["text"] as? String ?? "", url: b["url"] as? String))
                }
            default: break
            }
        }
        let declared = parameterFormat?.lowercased()
        layout.named = declared.map { $0 == "named" }
            ?? (layout.headerVariables + layout.bodyVariables).contains { Int($0) == nil }
        self = layout
    }

    /// The text header's variable names (at most one, Meta's rule).
    public var headerVariables: [String] {
        if case .text(let t)? = header { return TemplateRendering.placeholders(in: t) }
        return []
    }
    public var bodyVariables: [String] { TemplateRendering.placeholders(in: body) }
    /// The media a send must give for the header, if the header is one.
    public var headerMedia: MediaKind? {
        if case .media(let k)? = header { return k }
        return nil
    }
    /// The buttons a send gives a value to, in button order.
    public var valueButtons: [Button] { buttons.filter(\.takesValue) }
}

extension TemplateLayout.Button.Kind {
    init(meta: String) {
        switch meta.uppercased() {
        case "QUICK_REPLY": self = .quickReply
        case "URL": self = .url
        case "COPY_CODE": self = .copyCode
        case "OTP": self = .otp
        case "PHONE_NUMBER": self = .phoneNumber
        default: self = .other
        }
    }
}
