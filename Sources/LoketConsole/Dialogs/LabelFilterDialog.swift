import LoketDomain
import LoketStore
import TermCore

/// `L`: show only the customers with one label in every queue tab (the counts follow); "every customer"
/// shows all again. The filter's label stands in the queue's top border while it is on.
final class LabelFilterDialog: Dialog {
    /// nil is "every customer".
    private(set) var list: ListView<String?>
    let customers: [String: Int]

    init(labels: [(name: String, customers: Int)], current: String?) {
        let names: [String?] = [nil] + labels.map(\.name).sorted()
        list = ListView(names, selected: names.firstIndex { $0 == current } ?? 0) { name, text in name?.contains(text) ?? false }
        customers = Dictionary(labels.map { ($0.name, $0.customers) }, uniquingKeysWith: { a, _ in a })
    }

    var scope: KeyScope { list.isFiltering ? .filter : .list }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        switch list.choose(key, action: action, height: list.rowsShown(in: listRect(console.dialogScreen))) {
        case .cancelled: console.close(self)
        case .chosen(let label):
            console.close(self)
            await console.filterQueue(by: label)
        case .handled, .ignored: break
        }
    }

    private func frameHeight(_ screen: Rect) -> Int { min(screen.height - 2, list.items.count + 3) }

    private func listRect(_ screen: Rect) -> Rect { Overlay.region(width: 48, height: frameHeight(screen), in: screen, top: 1, bottom: 0) }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme
        let inner = Overlay.frame(&buffer, width: 48, height: frameHeight(area.screen), in: area.screen, title: area.state.words("Show customers with label"), theme: theme)
        let w = area.state.words
        buffer.put(w("Enter shows only them in every tab"), x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        return list.draw(&buffer, listRect(area.screen), theme: theme, words: w) { [customers] buffer, row, label, selected in
            let style = theme[selected ? "dialog.selected" : "dialog"]
            let x = buffer.put(selected ? "▶ " : "  ", x: row.x, y: row.y, style: style, maxX: row.maxX)
            guard let label else { buffer.put(w("every customer (no filter)"), x: x, y: row.y, style: style, maxX: row.maxX); return }
            let end = buffer.put(DisplayWidth.fit(label, 28), x: x, y: row.y, style: selected ? style : LabelStyle.style(label, theme), maxX: row.maxX)
            buffer.put(" " + (customers[label] == 1 ? w("1 customer") : w("{1} customers", customers[label] ?? 0)), x: end, y: row.y, style: style, maxX: row.maxX)
        }
    }

    func label(for binding: ActionBinding) -> String { binding.action == .select ? L("show") : binding.label }
}

extension DialogKind {
    static let labelFilter = DialogKind(opener: [.labelFilter]) { console, _ in
        do { return LabelFilterDialog(labels: try await console.store.labels(), current: console.state.labelFilter) }
        catch { console.report(error); return nil }
    }
}

extension ConsoleController {
    /// Shows only customers with `label` in the queue (nil: everyone), keeping the selection when it is still there.
    func filterQueue(by label: String?) async {
        guard state.labelFilter != label else { return }
        state.labelFilter = label
        await reloadQueueFromTop()
        if let label { say("showing customers labelled {1} (L: every customer)", label) } else { say("showing every customer") }
    }
}
