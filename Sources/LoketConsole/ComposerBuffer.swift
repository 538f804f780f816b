import Foundation
import LoketDomain

/// The composer's text and cursor: multi-line UTF-8 editing by grapheme (Indonesian text, emoji, CJK),
/// word delete, paste, and the 4096-character limit of a WhatsApp text message.
public struct ComposerBuffer: Equatable, Sendable {
    public private(set) var text: [Character] = []
    /// Cursor position as an index into `text` (0…count).
    public private(set) var cursor = 0
    public static let limit = MessageLimits.textBody

    public init(_ s: String = "") { text = Array(s); cursor = text.count }

    public var string: String { String(text) }
    public var isBlank: Bool { text.allSatisfy { $0.isWhitespace } }
    public var count: Int { text.count }

    /// Inserts typed or pasted text at the cursor, up to the limit; returns false when some was cut off.
    @discardableResult
    public mutating func insert(_ s: String) -> Bool {
        let chars = Array(s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        let room = max(0, Self.limit - text.count)
        let taken = Array(chars.prefix(room))
        text.insert(contentsOf: taken, at: cursor)
        cursor += taken.count
        return taken.count == chars.count
    }

    public mutating func newline() { insert("\n") }

    public mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: cursor)
    }

    /// Ctrl-W: deletes the word before the cursor (and the spaces after it).
    public mutating func deleteWordBackward() {
        var i = cursor
        while i > 0 && text[i - 1].isWhitespace { i -= 1 }
        while i > 0 && !text[i - 1].isWhitespace { i -= 1 }
        text.removeSubrange(i..<cursor)
        cursor = i
    }

    /// Ctrl-U: deletes from the start of the line to the cursor.
    public mutating func deleteToLineStart() {
        let start = lineStart(cursor)
        text.removeSubrange(start..<cursor)
        cursor = start
    }

    public mutating func left() { cursor = max(0, cursor - 1) }
    public mutating func right() { cursor = min(text.count, cursor + 1) }
    public mutating func home() { cursor = lineStart(cursor) }
    public mutating func end() { cursor = lineEnd(cursor) }

    public mutating func wordLeft() {
        while cursor > 0 && text[cursor - 1].isWhitespace { cursor -= 1 }
        while cursor > 0 && !text[cursor - 1].isWhitespace { cursor -= 1 }
    }

    public mutating func wordRight() {
        while cursor < text.count && text[cursor].isWhitespace { cursor += 1 }
        while cursor < text.count && !text[cursor].isWhitespace { cursor += 1 }
    }

    /// Moves to the same column on the previous / next line.
    public mutating func up() {
        let start = lineStart(cursor)
        guard start > 0 else { cursor = 0; return }
        let col = cursor - start
        let prevStart = lineStart(start - 1)
        cursor = min(prevStart + col, start - 1)
    }

    public mutating func down() {
        let end = lineEnd(cursor)
        guard end < text.count else { cursor = text.count; return }
        let col = cursor - lineStart(cursor)
        let nextStart = end + 1
        cursor = min(nextStart + col, lineEnd(nextStart))
    }

    public mutating func clear() { text = []; cursor = 0 }

    private func lineStart(_ i: Int) -> Int {
        var j = i
        while j > 0 && text[j - 1] != "\n" { j -= 1 }
        return j
    }

    private func lineEnd(_ i: Int) -> Int {
        var j = i
        while j < text.count && text[j] != "\n" { j += 1 }
        return j
    }
}
