import Foundation
import LoketDomain
import LoketMedia
import LoketStore

/// Attachments in the console (docs/SPEC.md §9): `o` opens the selected message's file, the composer's attach key
/// sends one. Opening only records the request; ``ConsoleLoop`` owns the terminal and runs the viewer.
extension ConsoleController {
    /// `o` on the selected message.
    func openSelectedAttachment() {
        guard let m = state.selectedMessage, let media = m.media else { warn("the selected message has no attachment"); return }
        switch media.state {
        case .fetching:
            say(m.direction == .inbound ? "the attachment is still being fetched" : "the attachment is waiting to be uploaded")
            return
        case .failed: warn("the attachment could not be fetched; loket media get {1} tries again", m.id); return
        case .expired: warn("Meta no longer has this attachment and it was never stored"); return
        case .tooLarge: warn("the attachment is over [media] max_download_mb; it was not fetched"); return
        case .ready: break
        }
        guard let file = media.file, FileManager.default.fileExists(atPath: file) else {
            warn("the attachment's file is missing from the media folder")
            return
        }
        let plan = AttachmentOpener.plan(file: file, mimeType: media.mimeType, environment: settings.environment)
        if plan == .showPath {
            // No viewer here (over SSH, say): where the file is, whole, and how to get it.
            push(AttachmentInfoDialog(message: m, media: media, file: file))
        } else {
            openRequested = plan
        }
    }

    /// The viewer to run, once after `o`.
    func takeOpenRequest() -> AttachmentOpener.Plan? {
        defer { openRequested = nil }
        return openRequested
    }

    /// The viewer ended (nil: it could not start).
    func openerFinished(_ status: Int32?) {
        if status == nil { warn("the viewer could not start") }
        else if status == 127 { warn("the viewer was not found: check $LOKET_OPENER") }
        else if status != 0 { warn("the viewer ended with status {1}", status ?? 0) }
    }

    /// The composer's attach key: a reply with a file, the draft as its caption.
    func openAttachDialog() {
        guard state.composing == .reply, let c = state.conversation else {
            warn("attachments go to the customer, not in a note: Esc, then Enter to write a reply")
            return
        }
        guard let folder = settings.mediaFolder else { warn("no media folder is configured ([media] dir)"); return }
        push(AttachDialog(ref: .id(c.id), folder: MediaFolder(path: folder, shared: settings.sharedMedia)))
    }

    /// Queues the file with the draft as its caption; on success the caption leaves the draft.
    func sendAttachment(path: String, ref: ConversationRef, folder: MediaFolder, dialog: AttachDialog) {
        let caption = state.composer.isBlank ? nil : state.composer.string
        let (me, target, quoted) = (state.me.login, state.conversation?.id, state.quoting?.wamid)
        let name = (path as NSString).lastPathComponent
        perform("attach", { [store] in
            try await AttachmentIntake.send(path: path, folder: folder) { a in
                try await store.sendAttachment(ref, by: me, attachment: a, caption: caption, replyTo: quoted)
            }
        }) { [self] _ in
            close(dialog)
            if quoted != nil, state.quoting?.wamid == quoted { state.quoting = nil }
            say("{1} queued for sending", name)
            if let id = target, let caption { takeSent(caption, from: id, note: false) }
            state.scrollBack = 0
            await reloadQueue()
            await loadConversation(resetScroll: true)
        }
    }
}
