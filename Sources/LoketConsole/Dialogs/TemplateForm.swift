import LoketDomain
import LoketMedia
import LoketStore
import TermCore

/// Every variable of a template, as the template dialog and the announcement composer ask for them (docs/SPEC.md
/// §9): the text header's variable or the header's image/video/document (a file or an https link), the body's
/// variables (by name for a named template), then the value of each button that takes one.
struct TemplateForm: Equatable {
    enum Slot: Equatable {
        case header(String)
        case headerMedia(MediaKind)
        case body(String)
        case button(TemplateLayout.Button)
    }

    let name: String
    let layout: TemplateLayout
    let slots: [Slot]

    init(_ t: MessageTemplate) {
        name = t.name
        layout = TemplateLayout(componentsJSON: t.componentsJSON, parameterFormat: t.parameterFormat)
        slots = layout.headerVariables.map(Slot.header) + (layout.headerMedia.map { [Slot.headerMedia($0)] } ?? [])
            + layout.bodyVariables.map(Slot.body) + layout.valueButtons.map(Slot.button)
    }

    /// What each field asks for, in the console's language (nil when every field is a numbered body variable:
    /// the form then says "{{2}} of 3").
    func labels(_ w: Words) -> [String]? {
        let numbered = slots.allSatisfy { if case .body(let v) = $0 { return Int(v) != nil } else { return false } }
        if numbered { return nil }
        return slots.map { slot in
            switch slot {
            case .header(let v): return w("header {1}", "{{\(v)}}")
            case .headerMedia(let k): return w("header {1} (a file or an https link)", AttachmentLine.kindWord(k, words: w))
            case .body(let v): return "{{\(v)}}"
            case .button(let b):
                switch b.kind {
                case .quickReply: return w("button “{1}” payload", b.text)
                case .copyCode: return w("button “{1}” code", b.text.isEmpty ? w("Copy code") : b.text)
                default: return w("button “{1}” link ending", b.text)
                }
            }
        }
    }

    /// The fields' first values: a quick reply's payload is its own text; `customerName` goes in the body's first
    /// variable when the template greets the customer with it.
    func initialValues(customerName: String = "") -> [String] {
        var greeted = customerName.isEmpty || !TemplateRendering.greetsWithFirstParameter(layout.body)
        return slots.map { slot in
            switch slot {
            case .button(let b) where b.kind == .quickReply: return b.text
            case .body where !greeted:
                greeted = true
                return customerName
            default: return ""
            }
        }
    }

    /// The fields' values put in their places (`media` for the header media field).
    func values(_ fields: [String], media: TemplateMedia?) -> TemplateValues {
        var v = TemplateValues(headerMedia: media)
        for (slot, value) in zip(slots, fields) {
            switch slot {
            case .header: v.header = value
            case .headerMedia: break
            case .body: v.body.append(value)
            case .button: v.buttons.append(value)
            }
        }
        return v
    }

    /// The header media field's text, if the template has one.
    func mediaField(_ fields: [String]) -> (kind: MediaKind, value: String)? {
        for (slot, value) in zip(slots, fields) { if case .headerMedia(let k) = slot { return (k, value) } }
        return nil
    }

    /// The whole template with what is filled in so far (the header file by its name).
    func preview(_ fields: [String]) -> String {
        let media = mediaField(fields).flatMap { f in
            f.value.isEmpty ? nil : TemplateMedia(kind: f.kind, link: TemplateMedia.isLink(f.value) ? f.value : nil,
                                                  fileName: TemplateMedia.isLink(f.value) ? nil : f.value.split(separator: "/").last.map(String.init))
        }
        return layout.preview(values(fields, media: media))
    }

    /// Runs `queue` with the checked values; a header file is kept in `folder` first (nothing kept when refused).
    func withValues<T>(_ fields: [String], folder: MediaFolder?, _ queue: (TemplateValues) async throws -> T) async throws -> T {
        guard let (kind, value) = mediaField(fields) else { return try await queue(values(fields, media: nil)) }
        if TemplateMedia.isLink(value) { return try await queue(values(fields, media: try TemplateMedia.link(value, kind: kind))) }
        guard let folder else { throw InputError("no media folder is configured ([media] dir), so the header file cannot be kept") }
        return try await TemplateHeaderIntake.send(value, kind: kind, folder: folder) { try await queue(values(fields, media: $0)) }
    }

    /// The values for a preview (a header file checked, not kept).
    func checkedValues(_ fields: [String]) throws -> TemplateValues {
        guard let (kind, value) = mediaField(fields) else { return values(fields, media: nil) }
        return values(fields, media: try TemplateHeaderIntake.inspect(value, kind: kind))
    }
}
