import Foundation
import LoketDomain
import LoketMedia
import LoketStore
import TermCore

extension KeyScope {
    static let attachFile = KeyScope("attach", title: "Attach a file")
}

/// The composer's attach key: a file's path (Tab completes it), what it will be sent as ("photo · 68 KB") or
/// why WhatsApp would refuse it, checked as the agent types; Enter sends it with the draft as its caption.
final class AttachDialog: Dialog {
    private(set) var field: TextField
    let ref: ConversationRef
    let folder: MediaFolder
    /// Files that start with what was typed, when Tab found several.
    private(set) var candidates: [String] = []

    init(ref: ConversationRef, folder: MediaFolder, start: String = FileManager.default.currentDirectoryPath + "/") {
        self.ref = ref
        self.folder = folder
        field = TextField(start)
    }

    var scope: KeyScope { .attachFile }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        switch action {
        case .back?: console.close(self)
        case .select?:
            // The send checks the file and the caption before anything is kept; a refusal is reported and the dialog stays.
            console.sendAttachment(path: Self.expand(field.string), ref: ref, folder: folder, dialog: self)
        case .nextField?: complete()
        default:
            guard field.edit(key) else { return }
            candidates = []
        }
    }

    /// `~/` is the home folder.
    static func expand(_ path: String) -> String {
        path.hasPrefix("~/") ? FileManager.default.homeDirectoryForCurrentUser.path + String(path.dropFirst(1)) : path
    }

    /// Completes the path as far as the folder's names agree; a folder gets its `/`; several matches are listed.
    func complete() {
        let typed = field.string
        let path = Self.expand(typed)
        let folder = path.hasSuffix("/") ? path : (path as NSString).deletingLastPathComponent
        let prefix = path.hasSuffix("/") ? "" : (path as NSString).lastPathComponent
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? [])
            .filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
        guard let first = names.first else { candidates = []; return }
        func isFolder(_ n: String) -> Bool {
            var d: ObjCBool = false
            return FileManager.default.fileExists(atPath: (folder.isEmpty ? "." : folder) + "/" + n, isDirectory: &d) && d.boolValue
        }
        var common = first
        for n in names.dropFirst() { while !n.hasPrefix(common) { common.removeLast() } }
        let base = typed.hasSuffix("/") ? typed : String(typed.dropLast(prefix.count))
        var completed = base + common
        if names.count == 1, isFolder(first) { completed += "/" }
        field = TextField(completed)
        // Folders are listed with their slash.
        candidates = names.count > 1 ? names.map { isFolder($0) ? $0 + "/" : $0 } : []
    }

    /// What the file would be sent as, or why not, with `caption` (worked out from the file when drawn: it is one
    /// stat and a read). Nil while Tab lists several matches.
    func check(words w: Words, caption: String) -> (ok: Bool, text: String)? {
        if !candidates.isEmpty { return nil }
        let path = Self.expand(field.string)
        if path.hasSuffix("/") || path.isEmpty { return (false, w("type or complete a file's path")) }
        do {
            let (accepted, size) = try AttachmentIntake.inspect(path: path)
            try MediaLimits.checkCaption(caption, kind: accepted.kind)
            return (true, "\(AttachmentLine.kindWord(MessageMedia(kind: accepted.kind), words: w)) · \(MediaLimits.byteSize(size)) · \(accepted.mimeType)")
        } catch {
            return (false, w(error.phrase))
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme
        let w = area.state.words
        let shown = Array(candidates.prefix(6))
        let more = candidates.count > shown.count ? 1 : 0
        let inner = Overlay.frame(&buffer, width: 72, height: 8 + shown.count + more, in: area.screen, title: w("Attach a file"), theme: theme)
        let caption = area.state.composer.isBlank ? w("(none)") : area.state.composer.string.replacingOccurrences(of: "\n", with: " ")
        buffer.put(w("Caption: {1}", caption), x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        let cursor = field.drawRow(&buffer, label: w("File: "), row: Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: 1),
                                   indent: 1, theme: theme)
        // What it would be sent as, or why not: up to two rows.
        if let verdict = check(words: w, caption: area.state.composer.string) {
            let rows = MessageLines.wrap((verdict.ok ? "✓ " : "✗ ") + verdict.text, width: max(10, inner.width - 2))
            for (i, row) in rows.prefix(2).enumerated() {
                buffer.put(row, x: inner.x + 1, y: inner.y + 3 + i, style: theme[verdict.ok ? "dialog" : "message.failed"], maxX: inner.maxX)
            }
        } else {
            buffer.put(w("{1} match: type more, or Tab again", candidates.count), x: inner.x + 1, y: inner.y + 3, style: theme["dialog"],
                       maxX: inner.maxX)
        }
        for (i, name) in shown.enumerated() {
            buffer.put("  " + name, x: inner.x + 1, y: inner.y + 6 + i, style: theme["dialog"], maxX: inner.maxX)
        }
        if more > 0 {
            buffer.put(w("… and {1} more", candidates.count - shown.count), x: inner.x + 3, y: inner.y + 6 + shown.count,
                       style: theme["dialog"], maxX: inner.maxX)
        }
        return cursor
    }
}

extension DialogKind {
    static let attach = DialogKind(bindings: [
        ActionBinding(.select, .attachFile, "send", "Send the file, the draft as its caption", footer: true),
        ActionBinding(.nextField, .attachFile, "complete", "Complete the path (several matches are listed)", footer: true),
        ActionBinding(.back, .attachFile, "cancel", "Back to the draft", footer: true),
    ])
}
