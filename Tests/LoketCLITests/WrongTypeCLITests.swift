import Foundation
import Testing
import LoketTestSupport

/// A store edited with the sqlite3 tool so a column holds text where Loket keeps a number: commands fail
/// with one line and exit 65, naming the column, and never print the planted value (customer data) the way
/// a trap in the database layer would.
@Suite struct WrongTypeCLITests {
    @Test func aWronglyTypedValueIsOneLineAndExit65WithoutTheValue() async throws {
        let h = CLIHarness()
        _ = try await h.seeded()
        let sqlite = try #require(Subprocess.which("sqlite3"), "the sqlite3 tool is needed to edit the store")
        func plant(_ sql: String) throws {
            let r = try Subprocess.run(sqlite, [h.store, sql])
            #expect(r.status == 0, "\(r.err)")
        }
        try plant("""
            UPDATE messages SET created_at = 'Budi rahasia PIN-kuning' WHERE id = 1;
            UPDATE conversations SET waiting_since = 'Budi rahasia PIN-kuning' WHERE id = 1;
            """)
        // The planted words cannot occur by chance in the store's path (a random UUID: hex digits and dashes).
        // The team is read first by every command that acts as someone: its column is planted last.
        for (args, column) in [(["conversations"], "conversations.waiting_since"), (["export"], "messages.created_at"),
                               (["agent", "list"], "agents.capacity")] {
            if column.hasPrefix("agents") { try plant("UPDATE agents SET capacity = 'Budi rahasia PIN-kuning' WHERE login = 'rudi';") }
            let r = try h.run(args: args)
            #expect(r.status == 65, "\(args): \(r.status) \(r.err)")
            #expect(!r.err.contains("rahasia") && !r.err.contains("kuning") && !r.out.contains("rahasia"), "\(args): \(r.err)")
            #expect(r.err.split(separator: "\n").count == 1, "\(args): \(r.err)")
            #expect(r.err.contains(column) && r.err.contains("wrong type"), "\(args): \(r.err)")
        }
    }
}
