/// Which cells a terminal backend sends to turn the previous frame into the next one. A cell is sent when
/// it changed, when its left neighbour changed (which may have changed width), or when it is the head of
/// a wide character whose continuation changed. Before a wide character the cell it covers is sent blank,
/// so a terminal that draws the character one column wide shows a space there, never the old frame.
public enum FrameDiff {
    /// Calls `write(x, y, cell)` for each cell to send, left to right and top to bottom; continuation
    /// cells are never sent (a blank takes the place of one without a wide character before it).
    /// With no previous frame (or another size) every cell is sent.
    @inlinable
    public static func forEachWrite(from previous: ScreenBuffer?, to next: ScreenBuffer, _ write: (Int, Int, Cell) -> Void) {
        let full = previous == nil || previous!.width != next.width || previous!.height != next.height
        let old = full ? next : previous!
        let width = next.width
        for y in 0..<next.height {
            var leftChanged = false
            for x in 0..<width {
                let cell = next[x, y]
                let changed = full || old[x, y] != cell
                defer { leftChanged = changed }
                if cell.isContinuation {
                    // A continuation belongs to the wide character on its left; one without it is a blank.
                    if (x == 0 || next[x - 1, y].isContinuation) && (changed || leftChanged) {
                        write(x, y, Cell(text: " ", style: cell.style))
                    }
                    continue
                }
                let wide = x + 1 < width && next[x + 1, y].isContinuation
                let tailChanged = wide && (full || old[x + 1, y] != next[x + 1, y])
                guard changed || leftChanged || tailChanged else { continue }
                if wide { write(x + 1, y, Cell(text: " ", style: next[x + 1, y].style)) }
                write(x, y, cell)
            }
        }
    }
}
