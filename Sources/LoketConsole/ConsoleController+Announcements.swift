import Foundation
import LoketDomain
import LoketStore
import TermCore

/// The announcement composer (`A`), presets (F6–F9) and the progress dialog with cancel.
extension ConsoleController {
    /// Audiences offered by Tab in the audience field, after what the supervisor typed.
    static let audienceSuggestions = ["open", "all", "label:", "country:"]

    var mayAnnounce: Bool { state.me.role == .supervisor }

    func openAnnouncementComposer() async {
        guard mayAnnounce else { say("only supervisors send announcements"); return }
        // One is running: show it first (n starts a new one, x cancels it).
        if let running = state.announcements.last {
            state.watched = running.progress
            state.mode = .announceProgress(cancelling: false)
            return
        }
        await startComposing()
    }

    func startComposing() async {
        guard await loadApprovedTemplates() else { return }
        state.announcement = ConsoleState.AnnouncementDraft()
        state.mode = .announceTemplate
    }

    func handleAnnounceTemplate(_ key: Key) async {
        let list = approvedTemplates
        switch dialogAction(key) {
        case .back?: state.mode = .normal
        case .select?:
            guard list.indices.contains(state.templateSelected) else { return }
            let t = list[state.templateSelected]
            let count = Self.parameterCount(t)
            state.announcement.template = t
            state.announcement.parameters = Array(repeating: "", count: count)
            state.announcement.parameterIndex = 0
            state.reason = ComposerBuffer()
            if count == 0 { enterAudience() } else { state.mode = .announceParameters }
        default:
            if let moved = listSelection(after: key, from: state.templateSelected, count: list.count) { state.templateSelected = moved }
        }
    }

    func handleAnnounceParameters(_ key: Key) async {
        guard dialogAction(key) != .back else { state.mode = .announceTemplate; return }
        let r = editParameterFields(key, state.announcement.parameters, at: state.announcement.parameterIndex)
        state.announcement.parameters = r.values
        state.announcement.parameterIndex = r.index
        if r.done { enterAudience() }
    }

    func enterAudience() {
        state.reason = ComposerBuffer(state.announcement.audience)
        state.mode = .announceAudience
    }

    func handleAnnounceAudience(_ key: Key) async {
        switch dialogAction(key) {
        case .back?:
            state.announcement.audience = state.reason.string
            if state.announcement.parameters.isEmpty { state.mode = .announceTemplate } else {
                state.reason = ComposerBuffer(state.announcement.parameters[state.announcement.parameterIndex])
                state.mode = .announceParameters
            }
        case .nextField?:
            // Cycle through the audience kinds.
            let current = state.reason.string
            let i = Self.audienceSuggestions.firstIndex { current == $0 || (current.hasPrefix($0) && $0.hasSuffix(":")) } ?? -1
            state.reason = ComposerBuffer(Self.audienceSuggestions[(i + 1) % Self.audienceSuggestions.count])
        case .select?:
            state.announcement.audience = state.reason.string
            await previewDraft()
        default: edit(&state.reason, key)
        }
    }

    /// Resolves the audience and prices it; on success the confirmation is shown.
    func previewDraft() async {
        guard let t = state.announcement.template else { return }
        let audience: AudienceSpec
        do { audience = try AudienceSpec(parsing: state.announcement.audience.trimmingCharacters(in: .whitespaces)) }
        catch { report(error); return }
        do {
            state.announcement.preview = try await store.previewAnnouncement(
                template: t.name, language: t.language, parameters: state.announcement.parameters, audience: audience, by: state.me.login)
            state.mode = .announceConfirm
        } catch { report(error) }
    }

    func handleAnnounceConfirm(_ key: Key) async {
        switch dialogAction(key) {
        case .yes?: sendDraft()
        case .no?, .back?:
            if state.announcement.preset != nil { state.mode = .normal; say("announcement not sent") } else { enterAudience() }
        default: break
        }
    }

    func sendDraft() {
        guard let p = state.announcement.preview else { return }
        let (me, parameters) = (state.me.login, state.announcement.parameters)
        perform("announcement", { [store] in
            try await store.startAnnouncement(template: p.template, language: p.language, parameters: parameters, audience: p.audience, by: me).id
        }) { [self] id in
            do { state.watched = try await store.announcementProgress(id) } catch { report(error); return }
            state.mode = .announceProgress(cancelling: false)
            say("announcement #\(id) queued to \(p.recipients) customers")
            await reloadHeaderFigures()
        }
    }

    /// F6–F9: the preset's preview, one confirmation away from sending.
    func runPreset(_ key: String) async {
        guard mayAnnounce else { say("only supervisors send announcements"); return }
        guard let preset = settings.presets.first(where: { $0.key == key }) else {
            say("no preset on \(key): add [[announcements.presets]] with key = \"\(key)\" to loket.toml")
            return
        }
        do {
            state.templates = try await store.templates()
            guard let t = state.templates.first(where: { $0.name == preset.template && $0.language == preset.language })
                    ?? state.templates.first(where: { $0.name == preset.template }) else {
                say("preset \(key): no template \(preset.template); import it with loket templates import FILE")
                return
            }
            var draft = ConsoleState.AnnouncementDraft()
            draft.template = t
            draft.parameters = preset.params
            draft.audience = preset.audience
            draft.preset = key
            state.announcement = draft
            await previewDraft()
        } catch { report(error) }
    }

    func handleAnnounceProgress(_ key: Key, cancelling: Bool) async {
        if cancelling {
            switch dialogAction(key) {
            case .yes?: cancelWatched()
            default: state.mode = .announceProgress(cancelling: false)
            }
            return
        }
        switch dialogAction(key) {
        case .back?, .select?, .quit?: state.mode = .normal
        case .cancelAnnouncement?:
            await refreshWatched()
            if let why = ActionTable.disabledReason(.cancelAnnouncement, in: .progress, state: state, now: clock()) { say(why); return }
            state.mode = .announceProgress(cancelling: true)
        case .newAnnouncement?: await startComposing()
        default: break
        }
    }

    func cancelWatched() {
        state.mode = .announceProgress(cancelling: false)
        guard let id = state.watched?.id else { return }
        let me = state.me.login
        perform("cancellation", { [store] in try await store.cancelAnnouncement(id, by: me) }) { [self] progress in
            state.watched = progress
            say("announcement #\(id) cancelled: \(progress.cancelled) not sent")
            await reloadHeaderFigures()
        }
    }

    /// Fresh counts for the progress dialog (on changes and every tick).
    func refreshWatched() async {
        guard case .announceProgress = state.mode, let id = state.watched?.id else { return }
        if let p = try? await store.announcementProgress(id) { state.watched = p }
    }

    /// The template text with the parameters typed so far.
    var announcementText: String {
        guard let t = state.announcement.template else { return "" }
        return TemplateRendering.fill(t.bodyText, with: state.announcement.parameters)
    }
}
