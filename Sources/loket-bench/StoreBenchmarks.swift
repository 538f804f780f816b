import Foundation
import LoketDomain
import LoketSQLite
import LoketStore

/// `store.build`, `store.queue`, `store.search`: the 100k-conversation / 1M-message store (docs/SPEC.md §8).
struct StoreBenchmarks {
    let conversations: Int
    let messagesPerConversation: Int
    let dir: String

    var totalMessages: Int { conversations * messagesPerConversation }

    func generate(_ range: Range<Int>, end: Date) -> [HistoryImport] {
        var desk = SyntheticDesk(seed: UInt64(range.lowerBound + 1))
        return range.map { desk.conversation(index: $0, messages: messagesPerConversation, end: end) }
    }

    func run(selected: Set<String>) async throws -> [BenchResult] {
        var results: [BenchResult] = []
        let storePath = dir + "/bench-store.db"
        let rawPath = dir + "/bench-raw.db"
        for p in [storePath, rawPath] { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + s) } }
        let end = Date()
        let chunk = 500

        // Baseline first: raw SQLite inserts of the same rows, same chunking.
        let raw = try RawSQLite(path: rawPath)
        try raw.exec(RawSQLite.schema)
        var rawSeconds = 0.0
        var start = 0
        while start < conversations {
            let batch = generate(start..<min(start + chunk, conversations), end: end)
            rawSeconds += try Clock.time { try raw.insert(batch) }
            start += chunk
        }

        let store = try SQLiteStore(path: storePath, rateCard: nil)
        for (login, name) in [("rudi", "Rudi"), ("sari", "Sari"), ("budi", "Budi"), ("rina", "Rina"), ("dimas", "Dimas")] {
            try await store.addAgent(login: login, name: name, role: .agent, capacity: 50)
        }
        var storeSeconds = 0.0
        start = 0
        while start < conversations {
            let batch = generate(start..<min(start + chunk, conversations), end: end)
            storeSeconds += try await Clock.time { try await store.importHistory(batch) }
            start += chunk
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: storePath)[.size] as? Int) ?? 0) / (1 << 20)
        results.append(BenchResult(
            name: "store.build", value: Double(totalMessages) / storeSeconds, unit: "messages/s",
            baseline: Double(totalMessages) / rawSeconds, baselineUnit: "messages/s (raw SQLite)",
            detail: "\(conversations) conversations, \(totalMessages) messages in \(String(format: "%.1f", storeSeconds)) s (raw \(String(format: "%.1f", rawSeconds)) s), \(size) MiB"))

        // The queue: 50 most urgent waiting conversations with last message and unread count.
        let queueRuns = 200
        var samples: [Double] = []
        for _ in 0..<queueRuns {
            samples.append(try await Clock.time { _ = try await store.queue(.waiting, for: "sari", limit: 50) } * 1000)
        }
        let got = try await store.queue(.waiting, for: "sari", limit: 50).count
        // Baseline: the same answer computed the naive way, by grouping over messages.
        let naive = """
        SELECT c.id, cu.profile_name, m.body, COUNT(*) FROM conversations c JOIN customers cu ON cu.id = c.customer_id
        JOIN messages m ON m.conversation_id = c.id WHERE c.state = 'waiting'
        GROUP BY c.id ORDER BY MIN(m.created_at) LIMIT 50
        """
        var naiveSamples: [Double] = []
        for _ in 0..<3 { naiveSamples.append(try Clock.time { _ = try raw.query(naive) } * 1000) }
        results.append(BenchResult(
            name: "store.queue", value: Clock.percentile(samples, 0.5), unit: "ms p50",
            baseline: Clock.percentile(naiveSamples, 0.5), baselineUnit: "ms (GROUP BY over messages)",
            detail: "\(got) rows; p99 \(String(format: "%.3f", Clock.percentile(samples, 0.99))) ms over \(queueRuns) runs; target < 2 ms"))

        // Full-text search for a word, newest 50.
        let words = ["tertelan", "rekening", "statement", "OTP", "转账", "dicek"]
        var searchSamples: [Double] = []
        for i in 0..<120 {
            let w = words[i % words.count]
            searchSamples.append(try await Clock.time { _ = try await store.search(w, limit: 50) } * 1000)
        }
        // Baseline: the same index lookup straight through SQLite (FTS5 match, newest 50, joined to messages).
        var rawSamples: [Double] = []
        for i in 0..<120 {
            let w = SearchText.ftsQuery(words[i % words.count]) ?? ""
            rawSamples.append(try Clock.time { _ = try raw.query("""
                SELECT m.id, m.body FROM messages m WHERE m.id IN
                  (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT 50) ORDER BY m.id DESC
                """, [w]) } * 1000)
        }
        results.append(BenchResult(
            name: "store.search", value: Clock.percentile(searchSamples, 0.5), unit: "ms p50",
            baseline: Clock.percentile(rawSamples, 0.5), baselineUnit: "ms (raw FTS5 match)",
            detail: "words \(words.joined(separator: ",")); p99 \(String(format: "%.3f", Clock.percentile(searchSamples, 0.99))) ms; target < 20 ms"))
        return results.filter { selected.isEmpty || selected.contains($0.name) || selected.contains("store") }
    }
}
