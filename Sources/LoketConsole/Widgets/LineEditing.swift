import TermCore

extension ComposerBuffer {
    /// The line-editing keys every text input shares (the composer, dialog fields, list filters): fixed, like
    /// a shell's. False for a key that is not one of them.
    mutating func applyLineEditing(_ key: Key) -> Bool {
        switch key {
        case .backspace, .ctrl("h"): backspace()
        case .delete, .ctrl("d"): deleteForward()
        case .ctrl("w"), .alt(.backspace): deleteWordBackward()
        case .ctrl("u"): deleteToLineStart()
        case .left, .ctrl("b"): left()
        case .right, .ctrl("f"): right()
        case .alt(.left), .alt(.char("b")): wordLeft()
        case .alt(.right), .alt(.char("f")): wordRight()
        case .home, .ctrl("a"): home()
        case .end, .ctrl("e"): end()
        default: return false
        }
        return true
    }
}
