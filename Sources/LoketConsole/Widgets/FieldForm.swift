import TermCore

/// A row of one-line fields filled one after another (a template's {{1}}, {{2}}, …): Enter and Tab go to
/// the next field, Shift-Tab back, Enter on the last one is done.
struct FieldForm: Equatable {
    private(set) var fields: [TextField]
    private(set) var index = 0
    /// What each field asks for (nil: `{{1}}`, `{{2}}`, … by place).
    let labels: [String]?

    init(_ values: [String], labels: [String]? = nil) {
        fields = values.map { TextField($0) }
        self.labels = labels
    }

    init(count: Int) { self.init(Array(repeating: "", count: count)) }

    var values: [String] { fields.map(\.string) }
    var isEmpty: Bool { fields.isEmpty }
    var current: TextField { fields[index] }

    enum Outcome { case done, handled, ignored }

    mutating func handle(_ key: Key, action: Action?) -> Outcome {
        guard !fields.isEmpty else { return action == .select ? .done : .ignored }
        switch action {
        case .select?:
            if index + 1 < fields.count { index += 1 } else { return .done }
        case .nextField?: index = min(fields.count - 1, index + 1)
        case .previousField?: index = max(0, index - 1)
        default: return fields[index].edit(key) ? .handled : .ignored
        }
        return .handled
    }

    /// The current field as a highlighted row: "{{2}} of 3: text▏", or with its label "{{order_id}} (2 of 3): text▏".
    func drawCurrent(_ buffer: inout ScreenBuffer, row: Rect, indent: Int = 0, theme: Theme, words w: Words) -> (x: Int, y: Int)? {
        guard !fields.isEmpty else { return nil }
        return current.drawRow(&buffer, label: currentLabel(w), row: row, indent: indent, theme: theme)
    }

    func currentLabel(_ w: Words) -> String {
        guard let labels, index < labels.count else { return w("{{{1}}} of {2}: ", index + 1, fields.count) }
        return w("{1} ({2} of {3}): ", labels[index], index + 1, fields.count)
    }
}

extension KeyScope {
    /// One-line fields in dialogs.
    static let field = KeyScope("field", title: "Fields (reason, template parameters, audience)")
}

extension DialogKind {
    static let fieldWidget = DialogKind(bindings: [
        ActionBinding(.select, .field, "next / done", "Next field; on the last one, go on", footer: true),
        ActionBinding(.nextField, .field, "next", "Next field (the audience: cycle open/all/label:/country:)", footer: true),
        ActionBinding(.previousField, .field, "previous", "Previous field", footer: true),
        ActionBinding(.back, .field, "back", "Go back a step", footer: true),
    ])
}
