import Foundation
import LoketDomain
import LoketStore
import TermCore

extension ConsoleController {
    /// One key press, whatever mode the console is in.
    public func handle(_ key: Key) async {
        if key == .resize { return }
        if key == .ctrl("c") { requestQuit(); return }
        let scope = state.mode.scope
        if keymap.action(for: key, in: scope) == .suspend { suspendRequested = true; return }
        switch state.mode {
        case .normal: await handleNormal(key)
        case .composing(let note): await handleComposer(key, note: note)
        case .searchInput: await handleSearchInput(key)
        case .searchResults: await handleSearchResults(key)
        case .help:
            // j/k (and the page keys) scroll a help taller than the screen; any other key closes it.
            let most = HelpScreen.maxScroll(lineCount: HelpScreen.lines(state: state, keymap: keymap, now: clock()).count,
                                            screenHeight: lastScreenHeight)
            switch keymap.action(for: key, in: .help) {
            case .moveDown?: state.helpScroll = min(most, state.helpScroll + 1)
            case .moveUp?: state.helpScroll = max(0, state.helpScroll - 1)
            case .pageDown?: state.helpScroll = min(most, state.helpScroll + 10)
            case .pageUp?: state.helpScroll = max(0, state.helpScroll - 10)
            default: state.mode = .normal
            }
        case .assignPicker: await handleAssignPicker(key)
        case .assignReason(let to): await handleAssignReason(key, to: to)
        case .templatePicker: await handleTemplatePicker(key)
        case .templateParameters: await handleTemplateParameters(key)
        case .announceTemplate: await handleAnnounceTemplate(key)
        case .announceParameters: await handleAnnounceParameters(key)
        case .announceAudience: await handleAnnounceAudience(key)
        case .announceConfirm: await handleAnnounceConfirm(key)
        case .announceProgress(let cancelling): await handleAnnounceProgress(key, cancelling: cancelling)
        case .confirmResolve(let id, let name): handleConfirmResolve(key, id: id, name: name)
        }
        keepQueueScroll()
    }

    /// Keeps the queue's scroll where the last frame showed the selection (drawing never writes state).
    func keepQueueScroll() {
        guard let layout = Layout(width: 200, height: lastScreenHeight) else { return }
        state.queueScroll = QueuePane.scroll(state, height: layout.queue.inner.height)
    }

    /// The action a key does in the current dialog's scope.
    func dialogAction(_ key: Key) -> Action? { keymap.action(for: key, in: state.mode.scope) }

    func handleNormal(_ key: Key) async {
        guard let action = keymap.action(for: key) else { return }
        // Not allowed now: say why instead of trying (the footer dims it, the help says why too). While a
        // write is in flight the facts are about to change: the write's own gate answers instead.
        if state.pendingAction == nil, let why = ActionTable.disabledReason(action, in: .normal, state: state, now: clock()) {
            warn(why)
            return
        }
        switch action {
        case .help: state.mode = .help; state.helpScroll = 0
        case .quit: requestQuit()
        case .nextPane:
            state.pane = state.pane == .queue ? .conversation : .queue
            if state.pane == .conversation, let id = state.conversation?.id { markRead(id, thenReloadQueue: true) }
            heartbeat(force: true)
        case .moveDown: state.pane == .queue ? await moveSelection(1) : await moveMessageCursor(1)
        case .moveUp: state.pane == .queue ? await moveSelection(-1) : await moveMessageCursor(-1)
        case .pageDown: state.pane == .queue ? await moveSelection(10) : scroll(-10)
        case .pageUp: state.pane == .queue ? await moveSelection(-10) : await scrollUp(10)
        case .top: state.pane == .queue ? await moveSelection(-state.rows.count) : await moveMessageCursorToOldest()
        case .bottom: state.pane == .queue ? await moveSelection(state.rows.count) : moveMessageCursorToNewest()
        case .tabWaiting: await switchTab(.waiting)
        case .tabMine: await switchTab(.mine)
        case .tabAll: await switchTab(.all)
        case .open: await openComposer(note: false)
        case .note: await openComposer(note: true)
        case .search:
            state.mode = .searchInput
            state.searchReturnID = state.selectedID
            state.searchQuery = ComposerBuffer()
        case .claim: claimSelected()
        case .resolve:
            // One key confirms, naming the customer: a stray `r` never resolves anyone.
            guard let c = state.conversation else { say("select a conversation first"); return }
            state.mode = .confirmResolve(id: c.id, name: Format.name(c.customer))
        case .reopen:
            let name = state.conversation.map { Format.name($0.customer) } ?? "the conversation"
            conversationAction("reopen", done: "reopened \(name)") { [store] ref, me in try await store.reopen(ref, by: me) }
        case .pending: conversationAction("pending", done: "set pending") { [store] ref, me in try await store.setPending(ref, by: me) }
        case .assign: await openAssignPicker()
        case .template: await openTemplatePicker()
        case .announce: await openAnnouncementComposer()
        case .presetF6, .presetF7, .presetF8, .presetF9: await runPreset(action.presetKey ?? "")
        default: break
        }
    }

    func moveSelection(_ delta: Int) async {
        guard !state.rows.isEmpty else { return }
        // From a conversation no longer in the list, moving starts at its top (down) or bottom (up).
        let current = state.selectedIndex ?? (delta > 0 ? -1 : state.rows.count)
        let next = max(0, min(state.rows.count - 1, current + delta))
        guard next != current || state.selectedID != state.rows[next].id else { return }
        state.selectedID = state.rows[next].id
        await loadConversation(resetScroll: true)
        // What the agent views is published with the next tick, not on every keystroke (no write per key).
        presenceDirty = true
    }

    func switchTab(_ tab: QueueTab) async {
        guard state.tab != tab else { return }
        state.tab = tab
        state.queueScroll = 0
        let keep = state.selectedID
        await reloadQueue()
        state.selectedID = keep.flatMap { k in state.rows.contains { $0.id == k } ? k : nil } ?? state.rows.first?.id
        await loadConversation(resetScroll: true)
    }

    func scroll(_ lines: Int) { state.scrollBack = max(0, min(maxScrollBack, state.scrollBack + lines)) }

    /// Scrolled up as far as the oldest loaded line at the top of the pane.
    var maxScrollBack: Int { max(0, renderedHistoryLines - max(1, lastHistoryHeight)) }

    func scrollUp(_ lines: Int) async {
        state.scrollBack += lines
        // Near the top of what is loaded: fetch the page before it.
        if state.hasOlderMessages, state.scrollBack > max(0, renderedHistoryLines - 40) { await loadOlderMessages() }
        state.scrollBack = min(state.scrollBack, maxScrollBack)
    }

    /// The selected conversation as a store reference.
    var selectedRef: ConversationRef? { (state.conversation?.id ?? state.selectedID).map { .id($0) } }

    func claimSelected() {
        guard let id = state.selectedID else { say("nothing selected"); return }
        let name = state.selected.map { Format.name($0.customer) } ?? "the conversation"
        let me = state.me.login
        perform("claim", { [store] in try await store.claim(.id(id), by: me) }) { [self] t in
            // The claimed chat leaves Waiting: follow it to Mine, still selected (unless the agent moved on meanwhile).
            guard state.selectedID == id else {
                say(t.changed ? "claimed \(name)" : "you already hold \(name)")
                await reloadQueue()
                return
            }
            say(t.changed ? "claimed \(name) — Enter to reply" : "you already hold it")
            if state.tab == .waiting { state.tab = .mine }
            await reloadQueue()
            state.selectedID = id
            await loadConversation(resetScroll: false)
        }
    }

    /// `y`/Enter resolves the conversation named in the question; any other key keeps it open.
    func handleConfirmResolve(_ key: Key, id: Int64, name: String) {
        let yes = keymap.action(for: key, in: .confirm) == .yes
        state.mode = .normal
        guard yes else {
            say("\(name) not resolved")
            return
        }
        conversationAction("resolve", done: "resolved \(name) — o reopens it", ref: .id(id)) { [store] ref, me in
            try await store.resolve(ref, by: me)
        }
    }

    func conversationAction(_ label: String, done: String, ref explicit: ConversationRef? = nil,
                            _ op: @escaping @Sendable (ConversationRef, String) async throws -> Transition) {
        guard let ref = explicit ?? selectedRef else { say("nothing selected"); return }
        let me = state.me.login
        perform(label, { try await op(ref, me) }) { [self] t in
            say(t.changed ? done : "nothing to change")
            await reloadQueue()
            await loadConversation(resetScroll: false)
        }
    }

    // MARK: Composer

    func openComposer(note: Bool) async {
        guard let c = state.conversation else { say("select a conversation first"); return }
        if !note {
            // Replying follows the team rules: refuse early, with the reason, rather than after typing.
            do { _ = try ConversationRules.reply(c.facts, by: state.me.actor, at: clock()) }
            catch {
                if !c.window.isOpen(at: clock()) {
                    state.pane = .conversation
                    await openTemplatePicker()
                    say("the 24h window is closed: choose an approved template")
                } else { report(error) }
                return
            }
        }
        state.pane = .conversation
        state.mode = .composing(note: note)
        markRead(c.id, thenReloadQueue: false)
        heartbeat(force: true)
    }

    func handleComposer(_ key: Key, note: Bool) async {
        switch keymap.action(for: key, in: .composer) {
        case .back?:
            state.mode = .normal
            stopTyping()
            return
        case .send?:
            send(note: note)
            return
        case .newline?: state.composer.newline()
        case .editor?: editorRequested = true; return
        default:
            guard await editText(key) else { return }
        }
        if let id = state.conversation?.id { state.drafts[id] = state.composer }
        if !note { markTyping() }
    }

    /// The composer's fixed line-editing keys; false for a key that changes nothing in the draft.
    func editText(_ key: Key) async -> Bool {
        switch key {
        case .backspace, .ctrl("h"): state.composer.backspace()
        case .delete, .ctrl("d"): state.composer.deleteForward()
        case .ctrl("w"), .alt(.backspace): state.composer.deleteWordBackward()
        case .ctrl("u"): state.composer.deleteToLineStart()
        case .left, .ctrl("b"): state.composer.left()
        case .right, .ctrl("f"): state.composer.right()
        case .alt(.left), .alt(.char("b")): state.composer.wordLeft()
        case .alt(.right), .alt(.char("f")): state.composer.wordRight()
        case .home, .ctrl("a"): state.composer.home()
        case .end, .ctrl("e"): state.composer.end()
        case .up: state.composer.up()
        case .down: state.composer.down()
        case .pageUp: await scrollUp(10); return false
        case .pageDown: scroll(-10); return false
        case .char(let c):
            if !state.composer.insert(String(c)) { say("the 4096-character limit is reached") }
        case .paste(let s):
            if !state.composer.insert(s) { say("pasted text cut at the 4096-character limit") }
        case .tab: state.composer.insert("    ")
        default: return false
        }
        return true
    }

    /// Sends the draft. If it fails nothing was written and the draft stays for the agent to fix or keep.
    func send(note: Bool) {
        guard let ref = selectedRef else { return }
        let text = state.composer.string
        guard !state.composer.isBlank else { say("nothing to send"); return }
        let (me, target) = (state.me.login, state.conversation?.id)
        perform(note ? "note" : "reply", { [store] in
            if note { _ = try await store.note(ref, by: me, text: text) }
            else { _ = try await store.reply(ref, by: me, text: text, replyTo: nil) }
        }) { [self] _ in
            say(note ? "note saved" : "queued for sending")
            if let id = target { takeSent(text, from: id, note: note) }
            state.scrollBack = 0
            await reloadQueue()
            await loadConversation(resetScroll: true)
        }
    }

    /// Takes sent text out of its conversation's draft; keys typed after Enter stay in the composer.
    func takeSent(_ text: String, from id: Int64, note: Bool) {
        func rest(_ draft: ComposerBuffer) -> ComposerBuffer {
            draft.string.hasPrefix(text) ? ComposerBuffer(String(draft.string.dropFirst(text.count))) : draft
        }
        guard state.conversation?.id == id else {
            state.drafts[id] = state.drafts[id].map(rest).flatMap { $0.count == 0 ? nil : $0 }
            return
        }
        state.composer = rest(state.composer)
        state.drafts[id] = state.composer.count == 0 ? nil : state.composer
        // The composer stays open (Esc leaves it): text typed right after Enter is never read as commands.
        if state.composer.count == 0 { stopTyping() }
    }

    /// Typing into a one-line field.
    func edit(_ buffer: inout ComposerBuffer, _ key: Key) {
        switch key {
        case .backspace: buffer.backspace()
        case .ctrl("w"): buffer.deleteWordBackward()
        case .char(let c): buffer.insert(String(c))
        case .paste(let s): buffer.insert(s.replacingOccurrences(of: "\n", with: " "))
        default: break
        }
    }

    /// j/k (and, with `page`, the page keys) in a list of `count` rows: the new selection, or nil for any
    /// other key. The agent picker, the template lists and the search results move this way.
    func listSelection(after key: Key, from index: Int, count: Int, page: Int? = nil) -> Int? {
        let step: Int
        switch keymap.action(for: key, in: state.mode.scope) {
        case .moveDown?: step = 1
        case .moveUp?: step = -1
        case .pageDown?: guard let page else { return nil }; step = page
        case .pageUp?: guard let page else { return nil }; step = -page
        default: return nil
        }
        return max(0, min(count - 1, index + step))
    }
}
