import Foundation
@testable import LoketConsole
import LoketDomain
import LoketSQLite
import LoketStore
import TermCore
import Testing

/// The agent's desk in the console: canned replies in the composer and their list, labels in the queue
/// and title with a queue filter, the customer panel.
@MainActor
@Suite struct DeskTests {
    static let budi = ConversationRef.customer(PhoneNumber(trustedDigits: "6281234567890"))
    static let ani = ConversationRef.customer(PhoneNumber(trustedDigits: "6285612345678"))

    /// A console for sari on her chat with Budi, the starter canned replies installed.
    func onBudi(_ f: ConsoleFixture) async throws -> Screen {
        _ = try await f.store.installStarterCannedReplies()
        try await f.store.claim(Self.budi, by: "sari")
        let s = try await f.console(agent: "sari", width: 120, height: 32)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        return s
    }

    @Test func slashAsTheFirstCharacterInsertsACannedReplyWithItsVariablesFilled() async throws {
        let f = try await ConsoleFixture()
        let s = try await onBudi(f)
        await s.press(.enter)
        await s.press(.char("/"))
        #expect(s.controller.topDialog is CannedDialog)
        await s.type("sal")
        #expect(s.line(containing: "▶ salam")?.contains("Halo Budi Santoso, terima kasih") == true, "\(s.text)")
        #expect(!s.text.contains("verifikasi"), "filtered as the agent types")
        await s.press(.enter)
        #expect(s.controller.dialogs.isEmpty)
        #expect(s.controller.state.composer.string
            == "Halo Budi Santoso, terima kasih telah menghubungi Bank Nusantara. Saya Sari Dewi, ada yang bisa saya bantu?")
        // Put in the composer for editing: nothing was sent.
        #expect(try await f.store.messages(in: try await f.store.conversation(Self.budi, for: nil).id, before: nil, limit: 10)
            .allSatisfy { $0.direction != .outbound })
        // A slash later in the text is a slash.
        await s.type(" /x")
        #expect(s.controller.dialogs.isEmpty && s.controller.state.composer.string.hasSuffix("bantu? /x"))
    }

    @Test func fuzzyAndTextMatchesAndTabInserts() async throws {
        let f = try await ConsoleFixture()
        let s = try await onBudi(f)
        await s.press(.enter, .char("/"))
        await s.type("krtl")
        #expect(s.line(containing: "▶ kartu-tertelan") != nil, "fuzzy on the shortcut: \(s.text)")
        await s.press(.backspace, .backspace, .backspace, .backspace)
        await s.type("otp")
        #expect(s.line(containing: "▶ verifikasi") != nil, "a word of the text: \(s.text)")
        await s.press(.tab)
        #expect(s.controller.state.composer.string.hasPrefix("Untuk keamanan"))
    }

    @Test func escKeepsWhatWasTypedAsText() async throws {
        // Esc: "/start" stays a message.
        let f2 = try await ConsoleFixture()
        let s2 = try await onBudi(f2)
        await s2.press(.enter, .char("/"))
        await s2.type("start")
        #expect(s2.text.contains("no canned reply matches /start"), "\(s2.text)")
        await s2.press(.escape)
        #expect(s2.controller.dialogs.isEmpty && s2.controller.state.composer.string == "/start")
        #expect(s2.controller.state.composing == .reply)
        // Backspace on an empty query takes the slash back out.
        await s2.press(.ctrl("u"))
        await s2.press(.char("/"), .backspace)
        #expect(s2.controller.dialogs.isEmpty && s2.controller.state.composer.string.isEmpty)
    }

    @Test func aClosedWindowOffersTemplatesInsteadOfCannedText() async throws {
        let f = try await ConsoleFixture()
        let s = try await onBudi(f)
        await s.press(.enter)
        f.clock.advance(25 * 3600)
        await s.press(.char("/"))
        #expect(s.controller.topDialog is TemplateDialog, "\(s.text)")
        #expect(s.controller.state.composing == nil)
    }

    @Test func supervisorsManageCannedRepliesAgentsAreToldWhyNot() async throws {
        let f = try await ConsoleFixture()
        _ = try await f.store.installStarterCannedReplies()
        let agent = try await f.console(agent: "sari")
        await agent.press(.char("C"))
        #expect(agent.controller.topDialog is CannedRepliesDialog)
        await agent.press(.char("a"))
        #expect(agent.text.contains("only a supervisor may change the team's canned replies"), "\(agent.text)")
        #expect(!(agent.controller.topDialog is CannedEditDialog))

        let s = try await f.console(agent: "rudi")
        await s.press(.char("C"), .char("a"))
        #expect(s.controller.topDialog is CannedEditDialog)
        await s.type("bad shortcut")
        await s.press(.tab)
        await s.type("Selamat pagi {{customer.name}}")
        await s.press(.enter)
        #expect(s.text.contains("must be one word"), "bad input is one line and saves nothing: \(s.text)")
        #expect(try await f.store.cannedReplies().count == CannedReplies.starter.count)
        await s.press(.backTab, .ctrl("u"))
        await s.type("pagi")
        await s.press(.enter, .enter)
        #expect(try await f.store.cannedReplies().contains { $0.shortcut == "pagi" && $0.text == "Selamat pagi {{customer.name}}" })
        #expect(s.controller.topDialog is CannedRepliesDialog && s.line(containing: "▶ pagi") != nil, "\(s.text)")
        // Edit renames; delete asks first.
        await s.press(.char("e"), .backTab, .ctrl("u"))
        await s.type("pagi-hari")
        await s.press(.enter, .enter)
        let shortcuts = try await f.store.cannedReplies().map(\.shortcut)
        #expect(shortcuts.contains("pagi-hari") && !shortcuts.contains("pagi"))
        await s.press(.char("d"))
        #expect(s.text.contains("Delete /pagi-hari for the whole team?"))
        await s.press(.char("y"))
        #expect(!(try await f.store.cannedReplies().contains { $0.shortcut == "pagi-hari" }))
    }

    @Test func labelsShowInTheQueueAndTitleAndFilterTheQueue() async throws {
        let f = try await ConsoleFixture()
        _ = try await f.store.setLabels(Self.ani, add: ["vip", "transfer"], remove: [], by: "sari")
        let s = try await f.console(agent: "sari", width: 160, height: 32)
        // The queue row is narrow: labels that do not fit whole are shortened, each still there.
        #expect(s.line(containing: "Ani Wijaya")?.contains("tr… vip") == true, "\(s.text)")
        #expect(await s.select("Ani Wijaya"))
        #expect(s.lines[1].contains("transfer vip"), "the conversation title: \(s.lines[1])")
        // Each label in its colour from the theme, the same every time.
        let theme = ThemeLoader.defaultTheme()
        let row = try #require(s.lines.indices.dropFirst(2).first { s.lines[$0].contains("Ani Wijaya") })
        let line = s.lines[row]
        // The queue is on the left, in ASCII on this row: characters are columns.
        let col = line.distance(from: line.startIndex, to: try #require(line.range(of: "vip")).lowerBound)
        #expect(LabelStyle.style("vip", theme).fg != theme["queue"].fg, "the test can tell them apart")
        #expect(s.terminal.frame[col, row].style.fg == LabelStyle.style("vip", theme).fg, "on the selected row too")
        #expect(s.terminal.frame[col, row].style.bg == theme["queue.selected"].bg)
        #expect(LabelStyle.key("vip") == LabelStyle.key("vip") && LabelStyle.key("vip").hasPrefix("label."))
        // L: only labelled customers, the counts follow; the label stands in the queue's border.
        await s.press(.char("L"))
        #expect(s.controller.topDialog is LabelFilterDialog)
        await s.press(.char("/"))
        await s.type("vip")
        await s.press(.enter)
        #expect(s.text.contains("Ani Wijaya") && !s.text.contains("Budi Santoso") && !s.text.contains("王伟"), "\(s.text)")
        #expect(s.lines[1].contains("vip") && s.lines[1].contains("Waiting 1"), "\(s.lines[1])")
        await s.press(.char("3"))
        #expect(s.lines[1].contains("All 1") && !s.text.contains("Siti Rahma"))
        await s.press(.char("L"), .char("g"), .enter)
        #expect(s.text.contains("Siti Rahma") && s.lines[1].contains("All 5"), "every customer again: \(s.lines[1])")
    }

    @Test func theCustomerPanelShowsTheFactsAndFollowsNewMessages() async throws {
        let f = try await ConsoleFixture()
        _ = try await f.store.setLabels(Self.budi, add: ["kartu"], remove: [], by: "sari")
        let s = try await onBudi(f)
        await s.press(.char("i"))
        #expect(s.controller.topDialog is CustomerDialog)
        #expect(s.text.contains("+62 812-3456-7890") && s.text.contains("Indonesia"), "\(s.text)")
        #expect(s.text.contains("17:00 Fri, 27 Nov 2026 (Asia/Jakarta)"), "their local time: \(s.text)")
        #expect(s.line(containing: "Labels")?.contains("kartu") == true)
        #expect(s.line(containing: "Window")?.contains("23:54 left") == true, "\(s.text)")
        #expect(s.text.contains("Earlier episodes (1)") && s.text.contains("still open · 2 messages"), "\(s.text)")
        // A new message arrives: the panel follows without a keypress.
        let start = try await f.store.latestChange()
        let gateway = try SQLiteStore(path: f.path)
        try await gateway.ingest(InboundBatch(messages: [
            InboundMessage(wamid: "w.budi.3", from: .phone(PhoneNumber(trustedDigits: "6281234567890")), profileName: "Budi Santoso",
                           timestamp: f.clock.date, kind: .text, body: "Halo?"),
        ]))
        await s.controller.apply(try await f.store.changes(after: start, limit: 100))
        s.draw()
        #expect(s.text.contains("still open · 3 messages") && s.line(containing: "Window")?.contains("24:00 left") == true, "\(s.text)")
        // A colleague labels the customer: the panel follows that change too.
        let mark = try await f.store.latestChange()
        _ = try await gateway.setLabels(DeskTests.budi, add: ["vip"], remove: [], by: "rudi")
        await s.controller.apply(try await f.store.changes(after: mark, limit: 100))
        s.draw()
        #expect(s.line(containing: "Labels")?.contains("kartu vip") == true, "\(s.text)")
        // The countdown moves with the clock, without a store read.
        f.clock.advance(60)
        await s.controller.tick()
        s.draw()
        #expect(s.line(containing: "Window")?.contains("23:59 left") == true, "\(s.text)")
        await s.press(.char("i"))
        #expect(s.controller.dialogs.isEmpty)
    }
}

/// Opening hours in the console: "closed" in the header, SLA colours counting open time only.
@MainActor
@Suite struct OpeningHoursConsoleTests {
    static let hours = try! BusinessHours(
        week: [[]] + Array(repeating: BusinessHours.parseDay("08:00-17:00"), count: 5) + [[]], awayMessage: "Kami buka Senin–Jumat.")

    @Test func theHeaderSaysClosedAndTheSLAPausesOvernight() async throws {
        let f = try await ConsoleFixture()
        var settings = ConsoleFixture.settings
        settings.businessHours = Self.hours
        f.clock.advance(-5 * 60)   // Friday 16:55 WIB: open
        let s = try await f.console(agent: "sari", width: 160, height: 32, settings: settings)
        #expect(!s.lines[0].contains("closed"), "\(s.lines[0])")
        f.clock.advance(17 * 3600)  // Saturday 09:55
        await s.controller.tick()
        s.draw()
        #expect(s.lines[0].contains("waiting · closed"), "\(s.lines[0])")
        // Ani has waited since Friday 16:58: 17 hours on the wall clock, 2 minutes of open time (SLA 5).
        let theme = ThemeLoader.defaultTheme()
        let y = try #require(s.lines.indices.dropFirst(2).first { s.lines[$0].contains("Ani Wijaya") })
        #expect(s.lines[y].contains("16h57"), "the real wait is shown: \(s.lines[y])")
        let ageX = try #require(Array(s.lines[y]).firstIndex(of: "h")) - 1
        #expect(s.terminal.frame[ageX, y].style.fg != theme["queue.sla_breached"].fg && s.terminal.frame[ageX, y].style.fg != theme["queue.sla_warning"].fg,
                "closed hours do not count against the SLA")
        // Without opening hours the same wait is a breach.
        let plain = try await f.console(agent: "sari", width: 160, height: 32)
        let py = try #require(plain.lines.indices.dropFirst(2).first { plain.lines[$0].contains("Ani Wijaya") })
        let px = try #require(Array(plain.lines[py]).firstIndex(of: "h")) - 1
        #expect(plain.terminal.frame[px, py].style.fg == theme["queue.sla_breached"].fg)
        #expect(!plain.lines[0].contains("closed"))
    }
}

/// The timeline's team actions in the agent's language, times in the business's zone.
@MainActor
@Suite struct TimelineLanguageTests {
    @Test func systemLinesAreTranslatedAndARepeatedPendingIsLogged() async throws {
        let f = try await ConsoleFixture()
        var settings = ConsoleFixture.settings
        settings.language = .id
        try await f.store.claim(DeskTests.budi, by: "sari")
        let s = try await f.console(agent: "sari", width: 120, height: 32, settings: settings)
        await s.press(.char("2"))
        #expect(await s.select("Budi Santoso"))
        #expect(s.text.contains("· sari mengambil percakapan"), "\(s.text)")
        await s.press(.char("p"))
        await s.type("16:30")
        await s.press(.enter)
        // 16:30 has passed in Jakarta today (17:00): tomorrow, Saturday.
        #expect(s.text.contains("· sari menunda percakapan sampai Sab, 28 Nov 2026 16:30"), "\(s.text)")
        await s.press(.char("3"))
        #expect(await s.select("Budi Santoso"))
        await s.press(.char("p"))
        await s.type("2h")
        await s.press(.enter)
        #expect(s.text.contains("· sari menunda percakapan sampai Jum, 27 Nov 2026 19:00"), "a new time is logged too: \(s.text)")
        // The body (export, CLI) stays English with UTC times.
        let c = try await f.store.conversation(DeskTests.budi, for: nil)
        let bodies = try await f.store.messages(in: c.id, before: nil, limit: 20).filter { $0.direction == .system }.map(\.body)
        #expect(bodies.contains("sari set the conversation pending until 2026-11-28T09:30:00Z"), "\(bodies)")
        #expect(bodies.contains("sari set the conversation pending until 2026-11-27T12:00:00Z"), "\(bodies)")
    }
}

/// The first frame waits only for one screen of the queue; the rest follows at once.
@MainActor
@Suite struct StartTests {
    @Test func theFirstFrameLoadsOneScreenOfTheQueueThenTheRest() async throws {
        let f = try await ConsoleFixture()
        let c = try await f.controller(agent: "sari")
        await c.start(screenRows: 1)
        #expect(c.state.rows.count == 1 && c.state.counts.waiting == 3, "one row, the whole count")
        await c.completeStart()
        #expect(c.state.rows.count == 3)
        await c.completeStart()
        #expect(c.state.rows.count == 3, "once")
        // A later reload is never cut to the first screen.
        await c.reloadQueue()
        #expect(c.state.rows.count == 3)
    }
}
