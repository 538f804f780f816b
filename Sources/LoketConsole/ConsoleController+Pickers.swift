import Foundation
import LoketDomain
import LoketStore
import TermCore

extension ConsoleController {
    // MARK: Assign

    func openAssignPicker() async {
        guard state.conversation != nil else { say("select a conversation first"); return }
        do { state.agents = try await store.agents() } catch { report(error); return }
        state.pickerSelected = state.agents.firstIndex { $0.login != state.conversation?.assignee } ?? 0
        state.mode = .assignPicker
    }

    func handleAssignPicker(_ key: Key) async {
        switch dialogAction(key) {
        case .back?: state.mode = .normal
        case .select?:
            guard state.agents.indices.contains(state.pickerSelected) else { return }
            let target = state.agents[state.pickerSelected].login
            // Moving someone's chat asks for a reason (kept in the audit trail); claiming does not.
            if let holder = state.conversation?.assignee, holder != target {
                state.reason = ComposerBuffer()
                state.mode = .assignReason(to: target)
            } else {
                assign(to: target, reason: nil)
            }
        default:
            if let moved = listSelection(after: key, from: state.pickerSelected, count: state.agents.count) { state.pickerSelected = moved }
        }
    }

    func handleAssignReason(_ key: Key, to target: String) async {
        switch dialogAction(key) {
        case .back?: state.mode = .assignPicker
        case .select?: assign(to: target, reason: state.reason.string)
        default: edit(&state.reason, key)
        }
    }

    func assign(to target: String, reason: String?) {
        guard let ref = selectedRef else { return }
        state.mode = .normal
        let me = state.me.login
        perform("assignment", { [store] in try await store.assign(ref, to: target, by: me, reason: reason) }) { [self] t in
            say(t.changed ? "assigned to \(target)" : "\(target) already holds it")
            await reloadQueue()
            await loadConversation(resetScroll: false)
        }
    }

    // MARK: Templates

    var approvedTemplates: [MessageTemplate] { state.templates.filter(\.isApproved) }

    func openTemplatePicker() async {
        guard state.conversation != nil else { say("select a conversation first"); return }
        guard await loadApprovedTemplates() else { return }
        state.mode = .templatePicker
    }

    /// Reads the templates and selects the first approved one; false (and says why) when none can be sent.
    func loadApprovedTemplates() async -> Bool {
        do { state.templates = try await store.templates() } catch { report(error); return false }
        guard !approvedTemplates.isEmpty else {
            say("no approved templates; import them with loket templates import FILE")
            return false
        }
        state.templateSelected = 0
        return true
    }

    /// How many parameters a template's body takes.
    static func parameterCount(_ t: MessageTemplate) -> Int {
        TemplateRendering.placeholders(in: t.bodyText).count
    }

    func handleTemplatePicker(_ key: Key) async {
        let list = approvedTemplates
        switch dialogAction(key) {
        case .back?: state.mode = .normal
        case .select?:
            guard list.indices.contains(state.templateSelected) else { return }
            let count = Self.parameterCount(list[state.templateSelected])
            state.templateParameters = Array(repeating: "", count: count)
            state.templateParameterIndex = 0
            state.reason = ComposerBuffer()
            if count == 0 { sendTemplate() } else { state.mode = .templateParameters }
        default:
            if let moved = listSelection(after: key, from: state.templateSelected, count: list.count) { state.templateSelected = moved }
        }
    }

    func handleTemplateParameters(_ key: Key) async {
        guard dialogAction(key) != .back else { state.mode = .templatePicker; return }
        let r = editParameterFields(key, state.templateParameters, at: state.templateParameterIndex)
        state.templateParameters = r.values
        state.templateParameterIndex = r.index
        if r.done { sendTemplate() }
    }

    /// One key in a row of template parameter fields typed through `state.reason`: Enter and Tab go to the
    /// next field, Shift-Tab to the previous one, anything else edits the current one. `done` is Enter on the
    /// last field. (The template picker and the announcement composer both use it.)
    func editParameterFields(_ key: Key, _ values: [String], at index: Int) -> (values: [String], index: Int, done: Bool) {
        var values = values, index = index
        values[index] = state.reason.string
        let action = dialogAction(key)
        switch action {
        case .select?, .nextField?:
            if index + 1 < values.count {
                index += 1
                state.reason = ComposerBuffer(values[index])
            } else if action == .select {
                return (values, index, true)
            }
        case .previousField?:
            index = max(0, index - 1)
            state.reason = ComposerBuffer(values[index])
        default:
            edit(&state.reason, key)
            values[index] = state.reason.string
        }
        return (values, index, false)
    }

    func sendTemplate() {
        let list = approvedTemplates
        guard let ref = selectedRef, list.indices.contains(state.templateSelected) else { return }
        let (me, name, language, parameters) = (state.me.login, list[state.templateSelected].name, list[state.templateSelected].language,
                                                state.templateParameters)
        perform("template", { [store] in
            _ = try await store.sendTemplate(ref, by: me, name: name, language: language, parameters: parameters)
        }) { [self] _ in
            if state.mode == .templatePicker || state.mode == .templateParameters { state.mode = .normal }
            say("template \(name) queued")
            await reloadQueue()
            await loadConversation(resetScroll: true)
        }
    }

    /// The template text with what has been filled in so far (the live preview).
    var templatePreview: String {
        let list = approvedTemplates
        guard list.indices.contains(state.templateSelected) else { return "" }
        return TemplateRendering.fill(list[state.templateSelected].bodyText, with: state.templateParameters)
    }
}
