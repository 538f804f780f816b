public import TermCore

/// Where everything goes for a terminal size: a pure function, so resizing is just laying out again.
public struct Layout: Equatable, Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public var size: (width: Int, height: Int)
    public var header: Rect
    public var queue: Rect
    public var conversation: Rect
    public var footer: Rect

    public static func == (a: Layout, b: Layout) -> Bool { a.size == b.size }

    /// nil when the terminal is below 60x16 (the "too small" screen).
    public init?(width: Int, height: Int) {
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else { return nil }
        size = (width, height)
        header = Rect(x: 0, y: 0, width: width, height: 1)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        let queueWidth = min(58, max(30, width * 2 / 5))
        queue = Rect(x: 0, y: 1, width: queueWidth, height: height - 2)
        conversation = Rect(x: queueWidth, y: 1, width: width - queueWidth, height: height - 2)
    }

    /// The composer's share of the conversation box: its text lines (1–6), growing with the draft.
    public func composerLines(for draftLines: Int) -> Int {
        max(1, min(draftLines, min(6, (conversation.height - 4) / 3)))
    }
}
