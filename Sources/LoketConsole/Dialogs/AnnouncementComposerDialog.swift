import Foundation
import LoketConfig
import LoketDomain
import LoketMedia
import LoketStore
import TermCore

/// `A`: a new announcement in four steps (template, parameters, audience, then the preview with recipients,
/// cost and ETA to confirm), or a preset from F6–F9 straight at its confirmation. Sending turns it into the
/// progress dialog.
final class AnnouncementComposerDialog: Dialog {
    enum Step: Equatable { case template, parameters, audience, confirm }

    /// Audiences offered by Tab in the audience field, after what the supervisor typed.
    static let audienceSuggestions = ["open", "all", "label:", "country:"]

    private(set) var step: Step = .template
    private(set) var list: ListView<MessageTemplate>
    private(set) var template: MessageTemplate?
    /// The chosen template's variables (header, body, buttons).
    private(set) var fields: TemplateForm?
    private(set) var form = FieldForm(count: 0)
    private(set) var audience = TextField("open")
    private(set) var preview: AnnouncementPreview?
    /// `F6`…`F9` when it comes from a preset (Esc then closes instead of going back).
    let preset: String?

    /// The folder a header file is kept in (nil: none configured).
    let mediaFolder: MediaFolder?

    init(templates: [MessageTemplate], mediaFolder: MediaFolder? = nil) {
        list = TemplateChoice.list(templates)
        preset = nil
        self.mediaFolder = mediaFolder
    }

    /// A preset: template, parameters and audience given; the preview comes next.
    /// The preset's parameters fill the template's variables in order (header first, then body, then buttons).
    init(preset key: String, template: MessageTemplate, parameters: [String], audience: String, mediaFolder: MediaFolder? = nil) {
        list = TemplateChoice.list([template])
        preset = key
        self.template = template
        let fields = TemplateForm(template)
        self.fields = fields
        var values = fields.initialValues()
        for (i, p) in parameters.enumerated() where i < values.count { values[i] = p }
        form = FieldForm(values.count >= parameters.count ? values : parameters)
        self.audience = TextField(audience)
        self.mediaFolder = mediaFolder
    }

    var scope: KeyScope {
        switch step {
        case .template: return list.isFiltering ? .filter : .list
        case .parameters, .audience: return .field
        case .confirm: return .confirm
        }
    }

    /// The whole template with the values typed so far (what customers will read).
    var text: String { fields?.preview(form.values) ?? "" }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        switch step {
        case .template: await chooseTemplate(key, action: action, in: console)
        case .parameters:
            guard action != .back else { step = .template; return }
            if form.handle(key, action: action) == .done { step = .audience }
        case .audience:
            switch action {
            case .back?: step = form.isEmpty ? .template : .parameters
            case .nextField?:
                // Cycle through the audience kinds.
                let current = audience.string, all = Self.audienceSuggestions
                let i = all.firstIndex { current == $0 || (current.hasPrefix($0) && $0.hasSuffix(":")) } ?? -1
                audience = TextField(all[(i + 1) % all.count])
            case .select?: await showPreview(in: console)
            default: _ = audience.edit(key)
            }
        case .confirm:
            switch action {
            case .yes?: send(in: console)
            case .no?, .back?:
                if preset != nil { console.close(self); console.say("announcement not sent") } else { step = .audience }
            default: break
            }
        }
    }

    private func chooseTemplate(_ key: Key, action: Action?, in console: ConsoleController) async {
        switch list.choose(key, action: action, height: list.rowsShown(in: listRect(console.dialogScreen))) {
        case .cancelled: console.close(self)
        case .chosen(let t):
            template = t
            let chosen = TemplateForm(t)
            fields = chosen
            form = FieldForm(chosen.initialValues(), labels: chosen.labels(console.state.words))
            step = form.isEmpty ? .audience : .parameters
        case .handled, .ignored: break
        }
    }

    /// Resolves the audience and prices it; on success the confirmation is shown.
    func showPreview(in console: ConsoleController) async {
        guard let t = template, let fields else { return }
        do {
            let spec = try AudienceSpec(parsing: audience.string.trimmingCharacters(in: .whitespaces))
            preview = try await console.store.previewAnnouncement(template: t.name, language: t.language, values: try fields.checkedValues(form.values),
                                                                  audience: spec, by: console.state.me.login)
            step = .confirm
            // A refusal of an earlier audience is no longer true.
            if console.state.status?.isError == true { console.state.status = nil }
        } catch { console.report(error) }
    }

    private func send(in console: ConsoleController) {
        guard let p = preview, let fields else { return }
        let (store, me, entered, folder) = (console.store, console.state.me.login, form.values, mediaFolder)
        console.perform("announcement", {
            try await fields.withValues(entered, folder: folder) {
                try await store.startAnnouncement(template: p.template, language: p.language, values: $0, audience: p.audience, by: me).id
            }
        }) { [self, console] id in
            let progress: AnnouncementProgress
            do { progress = try await store.announcementProgress(id) } catch { console.report(error); return }
            console.replace(self, with: AnnouncementProgressDialog(progress: progress))
            console.say("announcement #{1} queued to {2} customers", id, p.recipients)
            await console.reloadHeaderFigures()
        }
    }

    private func frameHeight(_ screen: Rect) -> Int {
        let wanted = step == .template ? list.items.count + 8 : 13 + min(5, form.values.count)
        return min(screen.height - 2, max(12, wanted))
    }

    private func listRect(_ screen: Rect) -> Rect { Overlay.region(width: 78, height: frameHeight(screen), in: screen, top: 1, bottom: 5) }


    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme, w = area.state.words
        let title = preset.map { w("Preset announcement {1}", $0) } ?? w("New announcement")
        let inner = Overlay.frame(&buffer, width: 78, height: frameHeight(area.screen), in: area.screen, title: title, theme: theme)
        var y = inner.y
        func line(_ text: String, _ style: String = "dialog", indent: Int = 1) {
            guard y < inner.maxY else { return }
            buffer.put(text, x: inner.x + indent, y: y, style: theme[style], maxX: inner.maxX)
            y += 1
        }
        func field(_ f: TextField, _ label: String) -> (x: Int, y: Int)? {
            guard y < inner.maxY else { return nil }
            defer { y += 1 }
            return f.drawRow(&buffer, label: label, row: Rect(x: inner.x, y: y, width: inner.width, height: 1), indent: 1, theme: theme)
        }

        if step == .template {
            line(w("1 Template · 2 Parameters · 3 Audience · 4 Confirm"), "dialog.title")
            let rows = listRect(area.screen)
            let cursor = list.draw(&buffer, rows, theme: theme, words: w, row: ListView.textRow(TemplateChoice.row(w), theme: theme))
            y = max(rows.maxY, inner.maxY - 4)
            line(w("Text:"), "dialog.title")
            for l in MessageLines.wrap(list.selectedItem.map { TemplateForm($0).preview([]) } ?? "", width: inner.width - 2).prefix(3) { line(l) }
            return cursor
        }

        // The steps after the template: what customers will read, the step's own lines, and its field or
        // question pinned to the last row, so nothing is confirmed unseen at any size (60x16 too).
        var lines = DialogLines(width: inner.width)
        if let t = template { lines.add(w("Template  {1} ({2}, {3})", t.name, t.language, w(t.category.rawValue)), "dialog.title", priority: 3) }
        lines.add(w("Customers will read:"), "dialog.title", priority: 2)
        lines.addBody(step == .confirm ? preview?.body ?? text : text, indent: 3, maxLines: 5)
        lines.add("", priority: 0)
        let pinned: TextField
        let label: String
        switch step {
        case .parameters:
            lines.add(w("Fill the parameters ({{1}}, {{2}}, …); the text above follows as you type."), priority: 4)
            let names = form.labels ?? form.values.indices.map { "{{\($0 + 1)}}" }
            for (i, p) in form.values.enumerated() where i != form.index && i < names.count {
                lines.add("\(names[i]) \(p.isEmpty ? "—" : p)", indent: 3, priority: 5)
            }
            (pinned, label) = (form.current, form.currentLabel(w))
        case .audience:
            lines.add(w("Who gets it: open (unresolved chats), all (every opted-in customer),"), priority: 4)
            lines.add(w("label:NAME, or country:CC (ISO code, e.g. country:ID). Tab cycles."), priority: 4)
            (pinned, label) = (audience, w("Audience: "))
        case .confirm:
            guard let p = preview else { return nil }
            let throughput = area.throughput
            lines.add(w("Audience  {1}", p.audience), priority: 9)
            lines.add(w("Recipients {1}   opted out (excluded) {2}", p.recipients, p.excludedOptedOut), "dialog.title", priority: 9)
            lines.add(w("Cost      about {1} ({2}, rate card; priced on delivery)", w.money(p.estimatedCost), w(p.category.rawValue)),
                      priority: 9)
            lines.add(w("ETA       {1} at {2} messages/s", p.etaText(throughput: throughput), throughput), priority: 9)
            // A preset written for one day: its date or time may be stale now.
            if preset != nil, let dated = DatedText.firstMention(in: form.values) {
                lines.add("⚠ " + w("This preset names a date or time ({1}): is it still right?", dated), "status.error", priority: 9)
            }
            lines.add("", priority: 0)
            (pinned, label) = (TextField(w(preset == nil ? "back" : "don't send")),
                               w("Send it to {1} customers? Enter/y send · Esc/n ", p.recipients))
        case .template: return nil
        }
        lines.draw(&buffer, in: Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - 1), theme: theme)
        let cursor = pinned.drawRow(&buffer, label: label, row: Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1), indent: 1,
                                    theme: theme)
        return step == .confirm ? nil : cursor
    }

    func label(for binding: ActionBinding) -> String {
        switch (step, binding.action) {
        case (.confirm, .yes): return L("send")
        case (.confirm, .no), (.confirm, .back): return preset == nil ? L("back") : L("don't send")
        case (.audience, .select): return L("preview")
        case (.audience, .nextField): return L("open/all/label:/country:")
        default: return binding.label
        }
    }
}

extension DialogKind {
    /// `A` opens the composer (or the running announcement's progress first); F6–F9 run presets.
    static let announcement = DialogKind(opener: [.announce, .presetF6, .presetF7, .presetF8, .presetF9]) { console, action in
        guard console.state.me.role == .supervisor else { console.say("only supervisors send announcements"); return nil }
        if let key = action.presetKey { return await AnnouncementComposerDialog.preset(key, in: console) }
        // One is running: show it first (n starts a new one, x cancels it).
        if let running = console.state.announcements.last { return AnnouncementProgressDialog(progress: running.progress) }
        let folder = console.settings.mediaFolder.map { MediaFolder(path: $0, shared: console.settings.sharedMedia) }
        return await TemplateChoice.load(console).map { AnnouncementComposerDialog(templates: $0, mediaFolder: folder) }
    }
}

extension AnnouncementComposerDialog {
    /// F6–F9: the preset's preview, one confirmation away from sending.
    static func preset(_ key: String, in console: ConsoleController) async -> AnnouncementComposerDialog? {
        guard let preset = console.settings.presets.first(where: { $0.key == key }) else {
            console.say("no preset on {1}: add [[announcements.presets]] with key = \"{2}\" to loket.toml", key, key)
            return nil
        }
        do {
            let templates = try await console.store.templates()
            guard let t = templates.first(where: { $0.name == preset.template && $0.language == preset.language })
                    ?? templates.first(where: { $0.name == preset.template }) else {
                console.say("preset {1}: no template {2}; import it with loket templates import FILE", key, preset.template)
                return nil
            }
            let folder = console.settings.mediaFolder.map { MediaFolder(path: $0, shared: console.settings.sharedMedia) }
            let dialog = AnnouncementComposerDialog(preset: key, template: t, parameters: preset.params, audience: preset.audience,
                                                    mediaFolder: folder)
            await dialog.showPreview(in: console)
            return dialog.step == .confirm ? dialog : nil
        } catch { console.report(error); return nil }
    }
}
