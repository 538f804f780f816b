import Foundation
import LoketDomain
import LoketStore
import TermCore

/// `l`: the customer's labels. Every label in use is listed with a tick on the customer's; typing filters
/// them right away, Enter adds or removes the selected one at once (audited), and Enter on a name nothing
/// matches creates that label. Esc clears the filter, then closes.
final class LabelDialog: Dialog {
    private(set) var list: ListView<String>
    /// The customer's labels, as the store last said.
    private(set) var on: Set<String>
    let customers: [String: Int]
    let ref: ConversationRef
    let name: String

    init(labels: [(name: String, customers: Int)], on: [String], ref: ConversationRef, name: String) {
        list = Self.list(Set(labels.map(\.name)).union(on), selecting: nil)
        list.startFiltering()
        self.on = Set(on)
        customers = Dictionary(labels.map { ($0.name, $0.customers) }, uniquingKeysWith: { a, _ in a })
        self.ref = ref
        self.name = name
    }

    var scope: KeyScope { list.isFiltering ? .filter : .list }

    private static func list(_ names: Set<String>, selecting label: String?) -> ListView<String> {
        let sorted = names.sorted()
        return ListView(sorted, selected: label.flatMap { sorted.firstIndex(of: $0) } ?? 0) { name, text in name.contains(text) }
    }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        // Enter on a filter that matches nothing: a new label by that name.
        if action == .select, list.isEmpty, let typed = list.filter?.string, !typed.isEmpty {
            do { toggle(try LabelName.validate(typed), in: console) } catch { console.report(error) }
            return
        }
        // Esc with nothing typed closes (the filter is where typing goes from the start).
        if action == .back, list.filter?.string.isEmpty == true { console.close(self); return }
        switch list.choose(key, action: action, height: list.rowsShown(in: listRect(console.dialogScreen))) {
        case .cancelled: console.close(self)
        case .chosen(let label): toggle(label, in: console)
        case .handled, .ignored: break
        }
    }

    private func toggle(_ label: String, in console: ConsoleController) {
        let adding = !on.contains(label)
        let (store, me, ref, name) = (console.store, console.state.me.login, self.ref, self.name)
        console.perform("label", {
            try await store.setLabels(ref, add: adding ? [label] : [], remove: adding ? [] : [label], by: me)
        }) { [self, console] labels in
            on = Set(labels)
            // A label just created joins the list, selected; a filter that found nothing is done with.
            if !list.items.contains(label) {
                list = Self.list(Set(list.items).union(labels), selecting: label)
                list.startFiltering()
            }
            adding ? console.say("{1}: label {2} added", name, label) : console.say("{1}: label {2} removed", name, label)
            await console.reloadQueue()
            await console.loadConversation(resetScroll: false)
        }
    }

    private func frameHeight(_ screen: Rect) -> Int { min(screen.height - 2, max(list.items.count, 1) + 4) }

    private func listRect(_ screen: Rect) -> Rect { Overlay.region(width: 68, height: frameHeight(screen), in: screen, top: 1, bottom: 0) }


    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme
        let inner = Overlay.frame(&buffer, width: 68, height: frameHeight(area.screen), in: area.screen, title: area.state.words("Labels for {1}", name), theme: theme)
        let w = area.state.words
        buffer.put(w("Type to filter · Enter adds or removes · a new name creates it"), x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        if list.items.isEmpty, list.filter?.string.isEmpty ?? true {
            buffer.put("  " + w("no labels yet: type a name to create one"), x: inner.x, y: inner.y + 1, style: theme["dialog"], maxX: inner.maxX)
        }
        // A name nothing matches: say what Enter will do with it.
        defer {
            if list.isEmpty, let typed = list.filter?.string.trimmingCharacters(in: .whitespaces), !typed.isEmpty {
                let r = listRect(area.screen)
                buffer.put("  " + w("Enter creates the label {1}", typed.lowercased()) + " ", x: r.x, y: r.y, style: theme["dialog.title"], maxX: r.maxX)
            }
        }
        return list.draw(&buffer, listRect(area.screen), theme: theme, words: w, row: ListView.textRow({ [on, customers] label in
            "[\(on.contains(label) ? "x" : " ")] \(DisplayWidth.fit(label, 32)) \(customers[label].map { $0 == 1 ? w("1 customer") : w("{1} customers", $0) } ?? w("new"))"
        }, theme: theme))
    }

    func label(for binding: ActionBinding) -> String {
        switch binding.action {
        case .select: return list.isEmpty && list.isFiltering ? L("create") : L("add/remove")
        case .back where !list.isFiltering: return L("close")
        default: return binding.label
        }
    }
}

extension DialogKind {
    static let label = DialogKind(opener: [.label]) { console, _ in
        guard let c = console.state.conversation else { console.say("select a conversation first"); return nil }
        do {
            return LabelDialog(labels: try await console.store.labels(), on: c.customer.labels, ref: .id(c.id), name: Format.name(c.customer))
        } catch { console.report(error); return nil }
    }
}
