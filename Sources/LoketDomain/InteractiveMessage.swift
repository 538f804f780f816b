import Foundation

/// A message with reply buttons or a list for the customer to choose from (Meta's `interactive` `button` and
/// `list` types), checked against Meta's limits before anything is queued.
public struct InteractiveMessage: Codable, Equatable, Sendable {
    public struct Choice: Codable, Equatable, Sendable {
        /// What comes back in the customer's `button_reply` / `list_reply`.
        public var id: String
        public var title: String
        /// List rows only.
        public var description: String?
        public init(id: String, title: String, description: String? = nil) { self.id = id; self.title = title; self.description = description }
    }

    public enum Kind: Codable, Equatable, Sendable {
        /// Up to three reply buttons.
        case buttons([Choice])
        /// A list opened by a button labelled `button`, with up to ten rows (one section).
        case list(button: String, rows: [Choice])
    }

    public var kind: Kind
    public var body: String
    public var header: String?
    public var footer: String?

    public init(kind: Kind, body: String, header: String? = nil, footer: String? = nil) {
        self.kind = kind; self.body = body; self.header = header; self.footer = footer
    }

    /// Reply buttons with ids `1`, `2`, `3` in order.
    public static func buttons(_ titles: [String], body: String, footer: String? = nil) -> InteractiveMessage {
        InteractiveMessage(kind: .buttons(titles.enumerated().map { Choice(id: "\($0.offset + 1)", title: $0.element) }), body: body, footer: footer)
    }

    /// A list whose rows are `TITLE` or `TITLE::DESCRIPTION`, ids `1`… in order.
    public static func list(button: String, rows: [String], body: String, footer: String? = nil) -> InteractiveMessage {
        let choices = rows.enumerated().map { i, row -> Choice in
            let parts = row.components(separatedBy: "::")
            return Choice(id: "\(i + 1)", title: parts[0], description: parts.count > 1 ? parts.dropFirst().joined(separator: "::") : nil)
        }
        return InteractiveMessage(kind: .list(button: button, rows: choices), body: body, footer: footer)
    }

    /// Meta's limits (docs/SPEC.md §9); the first one broken is a one-line error.
    public func validate() throws(InputError) {
        let body = self.body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { throw InputError("an interactive message needs a text (--text) above its choices") }
        func limit(_ text: String?, _ max: Int, _ what: String) throws(InputError) {
            if let text, text.count > max { throw InputError("{1} is {2} characters; WhatsApp allows {3}", what, text.count, max) }
        }
        try limit(header, 60, "the header")
        try limit(footer, 60, "the footer")
        switch kind {
        case .buttons(let choices):
            try limit(self.body, 1024, "the text")
            guard (1...3).contains(choices.count) else { throw InputError("reply buttons are 1 to 3; {1} given", choices.count) }
            for c in choices {
                guard !c.title.trimmingCharacters(in: .whitespaces).isEmpty else { throw InputError("a button needs a title") }
                try limit(c.title, 20, "button '\(c.title)'")
            }
            guard Set(choices.map { $0.title.lowercased() }).count == choices.count else { throw InputError("two buttons have the same title") }
        case .list(let button, let rows):
            try limit(self.body, 4096, "the text")
            guard !button.trimmingCharacters(in: .whitespaces).isEmpty else { throw InputError("a list needs the label of the button that opens it") }
            try limit(button, 20, "the list button")
            guard (1...10).contains(rows.count) else { throw InputError("a list has 1 to 10 rows; {1} given", rows.count) }
            for r in rows {
                guard !r.title.trimmingCharacters(in: .whitespaces).isEmpty else { throw InputError("a list row needs a title") }
                try limit(r.title, 24, "row '\(r.title)'")
                try limit(r.description, 72, "the description of row '\(r.title)'")
            }
            guard Set(rows.map { $0.title.lowercased() }).count == rows.count else { throw InputError("two rows have the same title") }
        }
    }

    /// How it reads in the conversation, search and export: the text, then the choices.
    public var readable: String {
        switch kind {
        case .buttons(let choices): return body + "\n" + choices.map { "[\($0.title)]" }.joined(separator: " ")
        case .list(let button, let rows): return body + "\n" + "[\(button)]: " + rows.map(\.title).joined(separator: " · ")
        }
    }
}
