import LoketDomain
import LoketMedia
import LoketStore
import TermCore

/// `t` (or Enter on a conversation whose 24h window is closed): choose an approved template, fill its
/// parameters with the text following as you type, and queue it to the open conversation.
final class TemplateDialog: Dialog {
    private(set) var list: ListView<MessageTemplate>
    /// The parameters being filled, once a template with parameters is chosen.
    private(set) var form: FieldForm?
    /// What each category would cost for this customer now (rate card, their market, the window).
    let prices: [PricingCategory: MessagePrice]
    /// The customer's first name, offered as {{1}} when the template greets them with it.
    let customerName: String

    init(templates: [MessageTemplate], prices: [PricingCategory: MessagePrice] = [:], customerName: String = "",
         mediaFolder: MediaFolder? = nil) {
        list = TemplateChoice.list(templates)
        self.prices = prices
        self.customerName = customerName
        self.mediaFolder = mediaFolder
    }

    var scope: KeyScope { form != nil ? .field : list.isFiltering ? .filter : .list }

    /// The chosen template's variables, once one is chosen.
    private(set) var chosen: TemplateForm?
    /// The folder a header file is kept in (nil: none configured).
    let mediaFolder: MediaFolder?

    /// The whole template (header, body, footer, buttons) with what has been filled in so far.
    var preview: String {
        if let chosen { return chosen.preview(form?.values ?? []) }
        return list.selectedItem.map { TemplateForm($0).preview([]) } ?? ""
    }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        if var f = form {
            guard action != .back else { form = nil; chosen = nil; return }
            let outcome = f.handle(key, action: action)
            form = f
            if outcome == .done { send(in: console) }
            return
        }
        switch list.choose(key, action: action, height: list.rowsShown(in: listRect(console.dialogScreen))) {
        case .cancelled: console.close(self)
        case .chosen(let t):
            let fields = TemplateForm(t)
            chosen = fields
            guard !fields.slots.isEmpty else { send(in: console); return }
            form = FieldForm(fields.initialValues(customerName: customerName), labels: fields.labels(console.state.words))
        case .handled, .ignored: break
        }
    }

    private func send(in console: ConsoleController) {
        guard let ref = console.selectedRef, let t = list.selectedItem, let fields = chosen else { return }
        let (store, me, entered, folder) = (console.store, console.state.me.login, form?.values ?? [], mediaFolder)
        console.perform("template", {
            _ = try await fields.withValues(entered, folder: folder) {
                try await store.sendTemplate(ref, by: me, name: t.name, language: t.language, values: $0)
            }
        }) { [self, console] _ in
            console.close(self)
            console.say("template {1} queued", t.name)
            await console.reloadQueue()
            await console.loadConversation(resetScroll: true)
        }
    }

    /// The preview shows the whole template (header, body, footer, buttons): as many lines as it takes, leaving the
    /// list at least three rows (or all of them) and never less than three lines itself.
    private func previewLines(_ screen: Rect) -> Int {
        let wanted = MessageLines.wrap(preview, width: 76 - 4).count
        let room = screen.height - 2 - 6 - min(list.items.count, 3)
        return max(3, min(wanted, room))
    }

    private func frameHeight(_ screen: Rect) -> Int { min(screen.height - 2, list.items.count + 6 + previewLines(screen)) }

    private func listRect(_ screen: Rect) -> Rect {
        Overlay.region(width: 76, height: frameHeight(screen), in: screen, top: 0, bottom: 3 + previewLines(screen))
    }


    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme, w = area.state.words
        let inner = Overlay.frame(&buffer, width: 76, height: frameHeight(area.screen), in: area.screen, title: w("Send an approved template"), theme: theme)
        let rows = listRect(area.screen)
        var cursor = list.draw(&buffer, rows, theme: theme, words: w, row: ListView.textRow(TemplateChoice.row(w), theme: theme))
        let price = list.selectedItem.flatMap { prices[$0.category] }.map { p in
            " " + (p.cost.micros == 0 ? w("free ({1}, the 24h window is open)", w(p.category.rawValue))
                                      : w("about {1} ({2}, {3})", w.money(p.cost), w(p.category.rawValue), p.market))
        } ?? ""
        buffer.put(w("Preview:") + price, x: inner.x + 1, y: rows.maxY, style: theme["dialog.title"], maxX: inner.maxX)
        let shown = previewLines(area.screen), lines = MessageLines.wrap(preview, width: inner.width - 2)
        for (i, l) in lines.prefix(shown).enumerated() {
            // A template longer than the screen says so on its last line.
            let text = i == shown - 1 && lines.count > shown ? DisplayWidth.fit(l, inner.width - 4, pad: false) + " …" : l
            buffer.put(text, x: inner.x + 1, y: rows.maxY + 1 + i, style: theme["dialog"], maxX: inner.maxX)
        }
        if let form {
            cursor = form.drawCurrent(&buffer, row: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1), theme: theme, words: w)
        }
        return cursor
    }
}

extension DialogKind {
    static let template = DialogKind(opener: [.template]) { console, _ in await TemplateDialog.open(console) }
}

extension TemplateDialog {
    /// The picker for the open conversation, or nil after saying why not.
    static func open(_ console: ConsoleController) async -> TemplateDialog? {
        guard let c = console.state.conversation else { console.say("select a conversation first"); return nil }
        guard let templates = await TemplateChoice.load(console) else { return nil }
        var prices: [PricingCategory: MessagePrice] = [:]
        for category in Set(templates.map(\.category)) {
            prices[category] = try? await console.store.price(category: category, for: .id(c.id))
        }
        return TemplateDialog(templates: templates, prices: prices, customerName: c.customer.profileName.isEmpty ? "" : Format.firstName(c.customer),
                              mediaFolder: console.settings.mediaFolder.map { MediaFolder(path: $0, shared: console.settings.sharedMedia) })
    }
}
