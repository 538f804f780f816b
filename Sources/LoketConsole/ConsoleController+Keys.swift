import Foundation
import LoketDomain
import LoketStore
public import TermCore

extension ConsoleController {
    /// One key press: the top dialog's, the composer's, or the queue and conversation's.
    public func handle(_ key: Key) async {
        if key == .resize { return }
        if key == .ctrl("c") { interrupt(); return }
        let scope = currentScope
        let action = keymap.action(for: key, in: scope)
        if action == .suspend { suspendRequested = true; return }
        if let dialog = dialogs.last {
            await dialog.handle(key, action: action, in: self)
        } else if let composing = state.composing {
            await handleComposer(key, note: composing == .note)
        } else {
            await handleNormal(key)
        }
        keepQueueScroll()
    }

    /// Keeps the queue's scroll where the last frame showed the selection (drawing never writes state).
    func keepQueueScroll() {
        guard let layout = lastLayout else { return }
        state.queueScroll = QueuePane.scroll(state, height: QueuePane.rowsArea(layout.queue).height)
    }

    func handleNormal(_ key: Key) async {
        guard let action = keymap.action(for: key) else { return }
        // Not allowed now: say why instead of trying (the footer dims it, the help says why too). While a
        // write is in flight the facts are about to change: the write's own gate answers instead.
        if state.pendingAction == nil, let why = ActionTable.disabledReason(action, in: .normal, state: state, now: clock()) {
            warn(why)
            return
        }
        if await openDialog(for: action) { return }
        switch action {
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
        case .quote:
            let quoted = state.selectedMessage
            await openComposer(note: false)
            if state.composing == .reply { state.quoting = quoted }
        case .claim: claimSelected()
        case .openAttachment: openSelectedAttachment()
        case .markRead: markReadForCustomer()
        case .reopen:
            let name = state.conversation.map { Format.name($0.customer) } ?? w("the conversation")
            conversationAction("reopen", done: w("reopened {1}", name)) { [store] ref, me in try await store.reopen(ref, by: me) }
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
        await reloadQueueFromTop()
    }

    /// The queue shows other rows (a tab, a label filter): from its top, keeping the selected conversation
    /// when it is among them, else the first row's.
    func reloadQueueFromTop() async {
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
        noteOwnWrite(.id(id))
        perform("claim", { [store] in try await store.claim(.id(id), by: me) }) { [self] t in
            // The claimed chat leaves Waiting: follow it to Mine, still selected (unless the agent moved on meanwhile).
            guard state.selectedID == id else {
                t.changed ? say("claimed {1}", name) : say("you already hold {1}", name)
                await reloadQueue()
                return
            }
            t.changed ? say("claimed {1} — Enter to reply", name) : say("you already hold it")
            if state.tab == .waiting { state.tab = .mine }
            await reloadQueue()
            state.selectedID = id
            await loadConversation(resetScroll: false)
        }
    }

    func conversationAction(_ label: String, done: String, ref explicit: ConversationRef? = nil,
                            _ op: @escaping @Sendable (ConversationRef, String) async throws -> Transition) {
        guard let ref = explicit ?? selectedRef else { say("nothing selected"); return }
        let me = state.me.login
        noteOwnWrite(ref)
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
                    if let picker = await TemplateDialog.open(self) {
                        push(picker)
                        say("the 24h window is closed: choose an approved template")
                    }
                } else { report(error) }
                return
            }
        }
        state.pane = .conversation
        state.composing = note ? .note : .reply
        markRead(c.id, thenReloadQueue: false)
        heartbeat(force: true)
    }

    func handleComposer(_ key: Key, note: Bool) async {
        switch keymap.action(for: key, in: .composer) {
        case .back?:
            state.composing = nil
            state.quoting = nil
            stopTyping()
            return
        case .send?:
            send(note: note)
            return
        case .newline?: state.composer.newline()
        case .editor?: editorRequested = true; return
        case .attach?: openAttachDialog(); return
        case .canned? where state.composer.count == 0: await openCanned(); return
        default:
            guard await editText(key) else { return }
        }
        if let id = state.conversation?.id { state.drafts[id] = state.composer }
        if !note { markTyping(); sendTypingIndicator() }
    }

    /// The composer's keys beyond the shared line editing; false for a key that changes nothing in the draft.
    func editText(_ key: Key) async -> Bool {
        if state.composer.applyLineEditing(key) { return true }
        switch key {
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
        let (me, target, quoted) = (state.me.login, state.conversation?.id, note ? nil : state.quoting?.wamid)
        perform(note ? "note" : "reply", { [store] in
            if note { _ = try await store.note(ref, by: me, text: text) }
            else { _ = try await store.reply(ref, by: me, text: text, replyTo: quoted) }
        }) { [self] _ in
            if quoted != nil, state.quoting?.wamid == quoted { state.quoting = nil }
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
}
