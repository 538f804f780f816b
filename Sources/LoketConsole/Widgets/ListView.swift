import Foundation
import TermCore

/// A list in a dialog: selection, scrolling that follows it, filter-as-you-type (`/`, then type; Esc drops
/// the filter) and a row renderer. The agent picker, the template lists and the search results are one.
struct ListView<Item> {
    private(set) var items: [Item]
    /// Indices into `items` the filter keeps, in order.
    private(set) var shown: [Int]
    /// Position in `shown`.
    private(set) var selected = 0
    /// The first row shown (kept by ``follow(height:)`` after each key; drawing only reads it).
    private(set) var top = 0
    /// The filter being typed; nil when the list is not filtering.
    private(set) var filter: TextField?
    private let matches: (Item, String) -> Bool

    /// `matches` says whether an item is kept by a filter text (lowercased).
    init(_ items: [Item], selected: Int = 0, matches: @escaping (Item, String) -> Bool = { _, _ in true }) {
        self.items = items
        self.matches = matches
        shown = Array(items.indices)
        self.selected = max(0, min(selected, items.count - 1))
    }

    var isEmpty: Bool { shown.isEmpty }
    var isFiltering: Bool { filter != nil }
    /// The index into `items` of the selected row.
    var selectedIndex: Int? { shown.indices.contains(selected) ? shown[selected] : nil }
    var selectedItem: Item? { selectedIndex.map { items[$0] } }

    /// The list's own keys: moving (by row, page, to the ends) and the filter, in a window of `height` rows
    /// that then follows the selection. True when the key was one of them; select and back outside a filter
    /// are the dialog's.
    mutating func handle(_ key: Key, action: Action?, height: Int) -> Bool {
        guard move(key, action: action, page: height) else { return false }
        follow(height: height)
        return true
    }

    /// What a key did to a list used as a picker.
    enum Choice { case chosen(Item), cancelled, handled, ignored }

    /// A key in a picker: the list's own keys move or filter; Enter chooses the selected item; Esc (outside
    /// a filter) cancels.
    mutating func choose(_ key: Key, action: Action?, height: Int) -> Choice {
        if handle(key, action: action, height: height) { return .handled }
        switch action {
        case .back?: return .cancelled
        case .select?: return selectedItem.map { .chosen($0) } ?? .handled
        default: return .ignored
        }
    }

    private mutating func move(_ key: Key, action: Action?, page: Int) -> Bool {
        if filter != nil {
            switch action {
            case .nextMatch?: move(1)
            case .previousMatch?: move(-1)
            case .back?:
                // Esc drops the filter and keeps the selected item.
                let keep = selectedIndex
                filter = nil
                shown = Array(items.indices)
                selected = keep.flatMap { shown.firstIndex(of: $0) } ?? 0
            case .select?: return false
            default:
                guard filter?.edit(key) == true else { return false }
                refilter()
            }
            return true
        }
        switch action {
        case .moveDown?: move(1)
        case .moveUp?: move(-1)
        case .pageDown?: move(max(1, page))
        case .pageUp?: move(-max(1, page))
        case .top?: move(-shown.count)
        case .bottom?: move(shown.count)
        case .filter?: filter = TextField()
        default: return false
        }
        return true
    }

    /// Starts filtering, as if `/` had been pressed (a picker where typing filters right away).
    mutating func startFiltering() { if filter == nil { filter = TextField() } }

    mutating func move(_ delta: Int) {
        guard !shown.isEmpty else { return }
        selected = max(0, min(shown.count - 1, selected + delta))
    }

    private mutating func refilter() {
        let keep = selectedIndex
        let text = (filter?.string ?? "").lowercased().trimmingCharacters(in: .whitespaces)
        shown = text.isEmpty ? Array(items.indices) : items.indices.filter { matches(items[$0], text) }
        selected = keep.flatMap { shown.firstIndex(of: $0) } ?? 0
    }

    /// How many rows of items `r` shows (the filter takes its last row while typing).
    func rowsShown(in r: Rect) -> Int { max(1, r.height - (filter == nil ? 0 : 1)) }

    /// Keeps the selection inside a window of `height` rows; called after each key.
    mutating func follow(height: Int) { top = visibleTop(height: height) }

    /// The first row to show in `height` rows: the kept top, moved just enough to show the selection.
    func visibleTop(height: Int) -> Int {
        var t = top
        if selected < t { t = selected }
        if selected >= t + height { t = selected - height + 1 }
        return max(0, min(t, max(0, shown.count - height)))
    }

    /// Draws the rows that fit in `r` (the filter takes its last row while typing); `row` draws one item.
    func draw(_ buffer: inout ScreenBuffer, _ r: Rect, theme: Theme, words w: Words,
              row: (inout ScreenBuffer, Rect, Item, _ selected: Bool) -> Void) -> (x: Int, y: Int)? {
        let height = max(0, r.height - (filter == nil ? 0 : 1))
        let first = visibleTop(height: height)
        for (line, i) in (first..<min(shown.count, first + height)).enumerated() {
            row(&buffer, Rect(x: r.x, y: r.y + line, width: r.width, height: 1), items[shown[i]], i == selected)
        }
        if shown.isEmpty, height > 0 {
            buffer.put("  " + w(filter == nil ? "(nothing to choose)" : "no match"), x: r.x, y: r.y, style: theme["dialog"], maxX: r.maxX)
        }
        guard let filter, r.height > 0 else { return nil }
        return filter.drawRow(&buffer, label: w("Filter: "), row: Rect(x: r.x, y: r.maxY - 1, width: r.width, height: 1), theme: theme)
    }

    /// The usual dialog row: a marker and one line of text, highlighted when selected.
    static func textRow(_ text: @escaping (Item) -> String, theme: Theme) -> (inout ScreenBuffer, Rect, Item, Bool) -> Void {
        { buffer, r, item, selected in
            buffer.put((selected ? "▶ " : "  ") + text(item), x: r.x, y: r.y, style: theme[selected ? "dialog.selected" : "dialog"], maxX: r.maxX)
        }
    }
}

extension KeyScope {
    /// A list in a dialog.
    static let list = KeyScope("list", title: "Lists (assign, templates): / filters")
    /// Typing a list's filter.
    static let filter = KeyScope("filter", title: "Filtering a list")
}

extension DialogKind {
    /// The list widget's keys (every dialog list uses them).
    static let listWidget = DialogKind(bindings: [
        ActionBinding(.select, .list, "choose", "Choose the selected row", footer: true),
        ActionBinding(.moveDown, .list, "next", "Next row", footer: true),
        ActionBinding(.moveUp, .list, "previous", "Previous row"),
        ActionBinding(.pageDown, .list, "page down", "A page down"),
        ActionBinding(.pageUp, .list, "page up", "A page up"),
        ActionBinding(.top, .list, "first", "First row"),
        ActionBinding(.bottom, .list, "last", "Last row"),
        ActionBinding(.filter, .list, "filter", "Filter the rows as you type", footer: true),
        ActionBinding(.back, .list, "cancel", "Close the dialog (or go back a step)", footer: true),
        ActionBinding(.select, .filter, "choose", "Choose the selected match", footer: true),
        ActionBinding(.nextMatch, .filter, "next", "Next match", footer: true),
        ActionBinding(.previousMatch, .filter, "previous", "Previous match"),
        ActionBinding(.back, .filter, "clear filter", "Drop the filter (the selection stays)", footer: true),
    ])
}
