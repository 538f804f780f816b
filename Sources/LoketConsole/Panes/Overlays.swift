import Foundation
import LoketDomain
import LoketStore
import TermCore

/// The frame every dialog is drawn in, and the "terminal too small" screen.
enum Overlay {
    /// Where a dialog of (at most) this size goes on the screen: centred, clipped to fit.
    static func frameRect(width: Int, height: Int, in screen: Rect) -> Rect {
        let w = min(width, screen.width - 4), h = min(height, screen.height - 2)
        return Rect(x: screen.x + (screen.width - w) / 2, y: screen.y + max(1, (screen.height - h) / 2), width: w, height: h)
    }

    /// The part of a dialog's inside between `top` rows above and `bottom` rows below (where its list goes).
    static func region(width: Int, height: Int, in screen: Rect, top: Int, bottom: Int) -> Rect {
        let inner = frameRect(width: width, height: height, in: screen).inner
        return Rect(x: inner.x, y: inner.y + top, width: inner.width, height: max(1, inner.height - top - bottom))
    }

    /// Draws a dialog's box and returns its inside.
    @discardableResult
    static func frame(_ buffer: inout ScreenBuffer, width: Int, height: Int, in screen: Rect, title: String, theme: Theme) -> Rect {
        let r = frameRect(width: width, height: height, in: screen)
        buffer.fill(r, style: theme["dialog"])
        Box.draw(&buffer, r, title: title, focused: true, theme: theme)
        buffer.fill(r.inner, style: theme["dialog"])
        return r.inner
    }

    static func tooSmall(_ buffer: inout ScreenBuffer, theme: Theme, words w: Words) {
        let lines = [w("Terminal too small"), w("Loket needs at least {1}x{2};", Layout.minimumWidth, Layout.minimumHeight),
                     w("this one is {1}x{2}.", buffer.width, buffer.height), w("Enlarge the window, or press q to quit.")]
        for (i, l) in lines.enumerated() {
            let y = buffer.height / 2 - 2 + i
            buffer.put(l, x: max(0, (buffer.width - DisplayWidth.of(l)) / 2), y: y, style: theme["too_small"])
        }
    }
}
