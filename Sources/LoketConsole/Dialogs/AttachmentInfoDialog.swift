import Foundation
import LoketDomain
import LoketStore
import TermCore

extension KeyScope {
    static let attachmentInfo = KeyScope("attachment", title: "An attachment's file")
}

/// `o` where nothing can show the file (no graphical session, no `$LOKET_OPENER`, no chafa for an image): what it
/// is, its whole path (wrapped, never cut), and how to get it from a shell or set up a viewer.
final class AttachmentInfoDialog: Dialog {
    let message: Message
    let media: MessageMedia
    let file: String

    init(message: Message, media: MessageMedia, file: String) {
        self.message = message; self.media = media; self.file = file
    }

    var scope: KeyScope { .attachmentInfo }

    func handle(_ key: Key, action: Action?, in console: ConsoleController) async {
        if action == .back || action == .select { console.close(self) }
    }

    func draw(_ buffer: inout ScreenBuffer, _ area: DialogArea) -> (x: Int, y: Int)? {
        let theme = area.theme, w = area.state.words
        let width = min(90, area.screen.width - 4)
        let about = [AttachmentLine.kindWord(media, words: w), media.fileName, media.size.map(MediaLimits.byteSize), media.mimeType]
            .compactMap { $0 }.joined(separator: " · ")
        let pathRows = Self.split(file, width: width - 4)
        let hints = [w("From a shell: loket media get {1} --out FILE", message.id),
                     w("To view files here, set $LOKET_OPENER (a program given the path), or install chafa for photos")]
        let hintRows = hints.flatMap { MessageLines.wrap($0, width: width - 4) }
        let inner = Overlay.frame(&buffer, width: width, height: 5 + pathRows.count + hintRows.count, in: area.screen,
                                  title: w("Attachment"), theme: theme)
        var y = inner.y
        buffer.put(about, x: inner.x + 1, y: y, style: theme["dialog"], maxX: inner.maxX)
        y += 1
        for row in pathRows { y += 1; buffer.put(row, x: inner.x + 1, y: y, style: theme["dialog.selected"], maxX: inner.maxX) }
        y += 1
        for row in hintRows { y += 1; buffer.put(row, x: inner.x + 1, y: y, style: theme["dialog"], maxX: inner.maxX) }
        return nil
    }

    /// A path cut into rows of `width` columns (paths have no spaces to wrap at).
    static func split(_ text: String, width: Int) -> [String] {
        var rows: [String] = [], current = ""
        for ch in text {
            if DisplayWidth.of(current + String(ch)) > max(8, width) { rows.append(current); current = "" }
            current.append(ch)
        }
        return rows + (current.isEmpty ? [] : [current])
    }

    func label(for binding: ActionBinding) -> String { binding.label }
}

extension DialogKind {
    static let attachmentInfo = DialogKind(bindings: [
        ActionBinding(.back, .attachmentInfo, "close", "Close", footer: true),
        ActionBinding(.select, .attachmentInfo, "close", "Close", footer: true),
    ])
}
