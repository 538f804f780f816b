@testable import LoketConsole
import TermCore
import Testing

/// The composer wraps between words, as the conversation does, and its cursor follows.
@Suite struct ComposerWrapTests {
    func layout(_ text: String, cursor: Int? = nil, width: Int) -> ([String], Int, Int) {
        var b = ComposerBuffer(text)
        if let cursor { while b.cursor > cursor { _ = b.applyLineEditing(.left) } }
        let r = ComposerView.rows(b, width: width)
        return (r.rows, r.cursor.row, r.cursor.col)
    }

    @Test func wordsMoveToTheNextRowWhole() {
        let (rows, row, col) = layout("Terima kasih Bank Nusantara. Saya Demo", width: 16)
        #expect(rows == ["Terima kasih ", "Bank Nusantara. ", "Saya Demo"])
        #expect(row == 2 && col == 9)
    }

    @Test func aWordLongerThanARowIsCutAndNewlinesBreak() {
        #expect(layout("abcdefghijkl", width: 5).0 == ["abcde", "fghij", "kl"])
        #expect(layout("halo\nsaya", width: 10).0 == ["halo", "saya"])
        #expect(layout("我们的转账一直", width: 6).0 == ["我们的", "转账一", "直"])
    }

    @Test func theCursorFollowsTheWrappedWord() {
        // Cursor just before "Nusantara" (index 18), which moved to row 1.
        let (_, row, col) = layout("Terima kasih Bank Nusantara", cursor: 18, width: 16)
        #expect(row == 1 && col == 5)
        // At the end of a full row the cursor goes to a new one.
        let full = layout("abcde", width: 5)
        #expect(full.0 == ["abcde", ""] && full.1 == 1 && full.2 == 0)
        // At a soft break the cursor starts the next row.
        let soft = layout("halo saya", cursor: 5, width: 6)
        #expect(soft.0 == ["halo ", "saya"] && soft.1 == 1 && soft.2 == 0)
    }
}
