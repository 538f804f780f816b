public import Foundation
public import LoketStore
public import TermCore

/// The console's event loop: keys, the store's change feed, a one-second tick and finished store writes go
/// into one stream; each event updates the state and the frame is redrawn (the backend writes only the cells
/// that changed). Everything runs on the main actor, so drawing never races with input; store writes run
/// off it, so a store locked by another process never stops keys or drawing.
@MainActor
public final class ConsoleLoop {
    public enum Event: Sendable { case input, changes([Change]), tick, settled }

    let controller: ConsoleController
    let terminal: any TerminalBackend
    let store: any ConsoleStore

    public init(controller: ConsoleController, terminal: any TerminalBackend, store: any ConsoleStore) {
        self.controller = controller; self.terminal = terminal; self.store = store
    }

    /// Draws the current state.
    public func draw() {
        let size = terminal.size
        terminal.present(controller.render(width: size.width, height: size.height))
    }

    /// Ctrl-Z (the shell until `fg`) or $EDITOR on the draft: the terminal is given back, then redrawn whole.
    func leaveTerminalIfAsked() async {
        if controller.takeSuspendRequest() {
            terminal.suspend(stop: true)
            terminal.resume()
            draw()
        }
        if let plan = controller.takeOpenRequest() {
            switch plan {
            case .beside(let argv): controller.openerFinished(AttachmentOpener.run(argv))
            case .inTerminal(let argv):
                terminal.suspend(stop: false)
                let status = AttachmentOpener.run(argv)
                terminal.resume()
                controller.openerFinished(status)
                draw()
            case .showPath: break
            }
        }
        if let draft = controller.takeEditorRequest() {
            terminal.suspend(stop: false)
            let edited = ExternalEditor.edit(draft)
            terminal.resume()
            await controller.takeEditedDraft(edited)
            draw()
        }
    }

    /// Runs until the agent quits or `shouldStop` says so.
    /// - Parameters:
    ///   - input: signals that keys (or a resize) are waiting; nil when keys are injected by a test.
    ///   - inputConsumed: tells the input watcher the keys were read.
    ///   - beforeEvent: called before each event is handled (the real terminal picks up a new size here).
    ///   - afterFirstFrame: called once, right after the first frame is on the screen.
    public func run(input: AsyncStream<Void>?, inputConsumed: @escaping () -> Void = {},
                    beforeEvent: @escaping () -> Void = {}, shouldStop: @escaping () -> Bool = { false },
                    afterFirstFrame: () -> Void = {}, feedInterval: TimeInterval = 0.05) async {
        let (events, sink) = AsyncStream<Event>.makeStream()
        var tasks: [Task<Void, Never>] = []
        if let input {
            tasks.append(Task { for await _ in input { sink.yield(.input) } })
        }
        let start = (try? await store.latestChange()) ?? .start
        let feed = store.watchChanges(after: start, interval: feedInterval)
        tasks.append(Task { for await batch in feed { sink.yield(.changes(batch)) } })
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                sink.yield(.tick)
            }
        })
        controller.wake = { sink.yield(.settled) }
        await controller.start(screenRows: terminal.size.height)
        draw()
        afterFirstFrame()
        await controller.completeStart()
        draw()
        for await event in events {
            beforeEvent()
            switch event {
            case .input:
                while let key = terminal.readKey() {
                    await controller.handle(key)
                    if controller.quitRequested { break }
                    await leaveTerminalIfAsked()
                    await controller.settleAction(within: ConsoleController.busyAfter)
                }
                inputConsumed()
            case .changes(let batch):
                await controller.apply(batch)
            case .tick:
                await controller.tick()
            case .settled:
                await controller.drain()
            }
            if controller.quitRequested || shouldStop() { break }
            draw()
        }
        for t in tasks { t.cancel() }
        controller.wake = {}
        sink.finish()
        // Quitting never waits for a stuck write: leave() gives up after half a second.
        await controller.leave()
    }
}
