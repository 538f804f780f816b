import Testing
import LoketDomain

/// Reply buttons and lists are checked against Meta's limits before anything is queued.
@Suite struct InteractiveMessageTests {
    @Test func buttonsAndListsWithinMetasLimitsPass() throws {
        try InteractiveMessage.buttons(["Puas 😊", "Biasa", "Kurang"], body: "Seberapa puas Anda dengan layanan kami?").validate()
        let list = InteractiveMessage.list(button: "Pilih layanan", rows: ["Kartu ATM::Blokir atau ganti kartu", "Transfer", "Saldo"],
                                           body: "Ada yang bisa kami bantu?", footer: "Bank Nusantara")
        try list.validate()
        guard case .list(_, let rows) = list.kind else { Issue.record("not a list"); return }
        #expect(rows.map(\.id) == ["1", "2", "3"] && rows[0].description == "Blokir atau ganti kartu" && rows[1].description == nil)
        #expect(list.readable == "Ada yang bisa kami bantu?\n[Pilih layanan]: Kartu ATM · Transfer · Saldo")
    }

    @Test func eachLimitIsAOneLineError() {
        #expect(throws: InputError("reply buttons are 1 to 3; {1} given", 4)) {
            try InteractiveMessage.buttons(["a", "b", "c", "d"], body: "x").validate()
        }
        #expect(throws: InputError("{1} is {2} characters; WhatsApp allows {3}", "button 'Sangat puas sekali hari ini'", 27, 20)) {
            try InteractiveMessage.buttons(["Sangat puas sekali hari ini"], body: "x").validate()
        }
        #expect(throws: InputError("two buttons have the same title")) { try InteractiveMessage.buttons(["Ya", "ya"], body: "x").validate() }
        #expect(throws: InputError("an interactive message needs a text (--text) above its choices")) {
            try InteractiveMessage.buttons(["Ya"], body: "  ").validate()
        }
        #expect(throws: InputError("a list has 1 to 10 rows; {1} given", 11)) {
            try InteractiveMessage.list(button: "Pilih", rows: (1...11).map { "Baris \($0)" }, body: "x").validate()
        }
        #expect(throws: InputError.self) {
            try InteractiveMessage.list(button: "Pilih", rows: ["A::" + String(repeating: "d", count: 73)], body: "x").validate()
        }
        #expect(throws: InputError.self) { try InteractiveMessage.buttons(["Ya"], body: "x", footer: String(repeating: "f", count: 61)).validate() }
    }
}
