import Foundation
import LoketConfig
@testable import LoketConsole
import LoketDomain
import LoketStore
import LoketTestSupport
import TermCore
import Testing

@Suite struct ThemeTests {
    @Test func bundledThemesLoadAndFallBack() throws {
        for name in ThemeLoader.builtInNames {
            let t = try ThemeLoader.load(name, environment: [:])
            #expect(t.name == name)
            for key in Theme.knownKeys { _ = t[key] }
        }
        // light.toml does not set queue.empty: it comes from default.
        let light = try ThemeLoader.load("light", environment: [:])
        #expect(light["queue.empty"] == ThemeLoader.defaultTheme()["queue.empty"])
        #expect(light["queue.selected"] != ThemeLoader.defaultTheme()["queue.selected"])
        // A name with no style inherits from its parent.
        #expect(ThemeLoader.defaultTheme()["header.quality.unknown"] == ThemeLoader.defaultTheme()["header"])
    }

    func error(_ toml: String) -> String {
        do { _ = try ThemeLoader.parse(toml, file: "mine.toml", name: "mine", base: ThemeLoader.defaultTheme()); return "accepted" }
        catch { return error.description }
    }

    @Test func badThemesAreReportedWithFileAndLine() {
        #expect(error("[queue.selected]\nfg = \"red\"\n[queue.selcted]\nfg = \"blue\"\n").hasPrefix("mine.toml:3: "))
        #expect(error("[queue.selcted]\nfg = \"blue\"\n").contains("unknown style 'queue.selcted'"))
        #expect(error("[header]\nfg = \"#12345\"\n") == "mine.toml:2: [header] fg: '#12345' is not a colour (a name, 0-255 or #rrggbb)")
        #expect(error("[header]\nbg = 300\n").hasPrefix("mine.toml:2: [header] bg:"))
        #expect(error("[header]\nattrs = \"blink\"\n").hasPrefix("mine.toml:2: [header] attrs: 'blink' is not an attribute"))
        #expect(error("[header]\nfgcolor = \"red\"\n").hasPrefix("mine.toml:2: [header] fgcolor: unknown key"))
        #expect(error("[header\n").hasPrefix("mine.toml:1: "))
        #expect(error("[header]\nfg = \"#1c2541\"\nattrs = [\"bold\", \"underline\"]\n") == "accepted")
    }

    @Test func unknownThemeNameIsAnErrorNamingIt() {
        do { _ = try ThemeLoader.load("solarized", environment: [:]); Issue.record("accepted") }
        catch let e as ConfigError { #expect(e.description.contains("no theme named 'solarized'") && e.description.contains("high-contrast")) }
        catch { Issue.record("\(error)") }
    }

    @Test func themeByPath() throws {
        let path = ScratchDirectory.make("theme") + "/mine.toml"
        try "[queue.selected]\nfg = \"black\"\nbg = \"bright_yellow\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        let t = try ThemeLoader.load(path, environment: [:])
        #expect(t["queue.selected"] == Style(fg: .indexed(0), bg: .indexed(11)))
    }
}

@MainActor
@Suite struct KeymapTests {
    @Test func defaultsFollowTheSpec() {
        let k = Keymap()
        #expect(k.action(for: .char("c")) == .claim && k.action(for: .char("?")) == .help && k.action(for: .function(1)) == .help)
        #expect(k.action(for: .tab) == .nextPane && k.action(for: .enter) == .open && k.action(for: .char("/")) == .search)
        #expect(k.action(for: .char("1")) == .tabWaiting && k.action(for: .char("3")) == .tabAll && k.action(for: .char("q")) == .quit)
        #expect(k.action(for: .char("j")) == .moveDown && k.action(for: .up) == .moveUp)
    }

    @Test func rebindingMovesTheKeyAndTheHelpFollows() throws {
        let k = try Keymap.parse("[keys]\nclaim = \"x\"\nresolve = [\"X\", \"F5\"]\n", file: "keys.toml")
        #expect(k.action(for: .char("x")) == .claim && k.action(for: .char("c")) == nil)
        #expect(k.action(for: .char("X")) == .resolve && k.action(for: .function(5)) == .resolve)
        #expect(k.keys(for: .resolve) == "X/F5")
        #expect(FooterBar.hints(state: ConsoleState(me: .init(login: "sari", name: "Sari", role: .agent, capacity: 5)), keymap: k)
            .contains { $0.key == "x" && $0.label == "claim" })
    }

    @Test func conflictsAndMistakesAreReportedWithTheLine() {
        func error(_ s: String) -> String {
            do { _ = try Keymap.parse(s, file: "keys.toml"); return "accepted" } catch { return error.description }
        }
        #expect(error("[keys]\nclaim = \"x\"\nresolve = \"x\"\n") == "keys.toml:3: [keys] resolve: x is also bound to claim")
        // Taking a key another action has is an error on the rebound line, never a silent unbinding.
        #expect(error("[keys]\n# mine\nclaim = \"r\"\n") == "keys.toml:3: [keys] claim: r is also bound to resolve")
        #expect(error("[keys]\nclaim = \"q\"\n") == "keys.toml:2: [keys] claim: q is also bound to quit")
        // Scopes apart: a dialog key may repeat a queue key (x cancels an announcement; claim on x is fine).
        #expect(error("[keys]\nclaim = \"x\"\n") == "accepted")
        #expect(error("[keys]\nclame = \"x\"\n").hasPrefix("keys.toml:2: [keys] clame: unknown action"))
        #expect(error("[keys]\nclaim = \"Hyper-X\"\n").hasPrefix("keys.toml:2: [keys] claim: 'Hyper-X' is not a key name"))
    }
}

@Suite struct ComposerBufferTests {
    @Test func editsByGrapheme() {
        var b = ComposerBuffer()
        b.insert("Mohon maaf 🙏 我们")
        #expect(b.count == 15)
        b.backspace()
        #expect(b.string == "Mohon maaf 🙏 我")
        b.deleteWordBackward()
        #expect(b.string == "Mohon maaf 🙏 ")
        b.home(); b.right()
        b.insert("X")
        #expect(b.string == "MXohon maaf 🙏 ")
        b.end(); b.newline(); b.insert("dua")
        b.up()
        #expect(b.cursor == 3)
        b.down()
        #expect(b.cursor == b.count)
    }

    @Test func stopsAtTheLimit() {
        var b = ComposerBuffer(String(repeating: "a", count: 4090))
        let all = b.insert("🙏🙏🙏🙏🙏🙏🙏🙏")
        #expect(!all)
        #expect(b.count == 4096)
        let more = b.insert("x")
        #expect(!more)
    }
}
