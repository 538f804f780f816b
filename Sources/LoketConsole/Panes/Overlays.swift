import Foundation
import LoketDomain
import LoketStore
import TermCore

/// Dialogs drawn over the panes: help, the agent picker, the template picker.
enum Overlay {
    static func frame(_ buffer: inout ScreenBuffer, width: Int, height: Int, in screen: Rect, title: String, theme: Theme) -> Rect {
        let w = min(width, screen.width - 4), h = min(height, screen.height - 2)
        let r = Rect(x: screen.x + (screen.width - w) / 2, y: screen.y + max(1, (screen.height - h) / 2), width: w, height: h)
        buffer.fill(r, style: theme["dialog"])
        Box.draw(&buffer, r, title: title, focused: true, theme: theme)
        buffer.fill(r.inner, style: theme["dialog"])
        return r.inner
    }

    @MainActor
    static func assignPicker(_ buffer: inout ScreenBuffer, screen: Rect, state: ConsoleState, theme: Theme) {
        let holder = state.conversation?.assignee
        let inner = frame(&buffer, width: 52, height: min(state.agents.count, 14) + 3, in: screen,
                          title: "Assign to… (held by \(holder ?? "nobody"))", theme: theme)
        buffer.put("● online  ○ offline   open chats / capacity", x: inner.x + 1, y: inner.y, style: theme["dialog"], maxX: inner.maxX)
        let top = max(0, state.pickerSelected - (inner.height - 2))
        for (row, i) in (top..<min(state.agents.count, top + inner.height - 1)).enumerated() {
            let a = state.agents[i]
            let y = inner.y + 1 + row
            let text = "\(a.online ? "●" : "○") \(DisplayWidth.fit(a.login, 12)) \(DisplayWidth.fit(a.name, 16)) \(a.load)/\(a.capacity) \(a.role == .supervisor ? "sup" : "")"
            buffer.put((i == state.pickerSelected ? "▶ " : "  ") + text, x: inner.x, y: y,
                       style: theme[i == state.pickerSelected ? "dialog.selected" : "dialog"], maxX: inner.maxX)
        }
        if case .assignReason(let to) = state.mode {
            let y = inner.maxY - 1
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme["dialog.selected"])
            buffer.put("Reason for moving it to \(to): \(state.reason.string)▏", x: inner.x, y: y, style: theme["dialog.selected"], maxX: inner.maxX)
        }
    }

    @MainActor
    static func templatePicker(_ buffer: inout ScreenBuffer, screen: Rect, state: ConsoleState, templates: [MessageTemplate],
                               preview: String, theme: Theme) {
        let inner = frame(&buffer, width: 76, height: min(screen.height - 2, templates.count + 9), in: screen,
                          title: "Send an approved template", theme: theme)
        let listHeight = max(1, inner.height - 6)
        let top = max(0, state.templateSelected - listHeight + 1)
        for (row, i) in (top..<min(templates.count, top + listHeight)).enumerated() {
            let t = templates[i]
            buffer.put((i == state.templateSelected ? "▶ " : "  ") + "\(DisplayWidth.fit(t.name, 26)) \(DisplayWidth.fit(t.language, 6)) \(t.category.rawValue)",
                       x: inner.x, y: inner.y + row, style: theme[i == state.templateSelected ? "dialog.selected" : "dialog"], maxX: inner.maxX)
        }
        let py = inner.y + listHeight
        buffer.put("Preview:", x: inner.x + 1, y: py, style: theme["dialog.title"], maxX: inner.maxX)
        for (i, l) in MessageLines.wrap(preview, width: inner.width - 2).prefix(3).enumerated() {
            buffer.put(l, x: inner.x + 1, y: py + 1 + i, style: theme["dialog"], maxX: inner.maxX)
        }
        if state.mode == .templateParameters {
            let y = inner.maxY - 1
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: theme["dialog.selected"])
            buffer.put("{{\(state.templateParameterIndex + 1)}} of \(state.templateParameters.count): \(state.reason.string)▏",
                       x: inner.x, y: y, style: theme["dialog.selected"], maxX: inner.maxX)
        }
    }

    static func tooSmall(_ buffer: inout ScreenBuffer, theme: Theme) {
        let lines = ["Terminal too small", "Loket needs at least \(Layout.minimumWidth)x\(Layout.minimumHeight);",
                     "this one is \(buffer.width)x\(buffer.height).", "Enlarge the window, or press q to quit."]
        for (i, l) in lines.enumerated() {
            let y = buffer.height / 2 - 2 + i
            buffer.put(l, x: max(0, (buffer.width - DisplayWidth.of(l)) / 2), y: y, style: theme["too_small"])
        }
    }
}
