import Foundation
import Logging
import Testing
import Tusk
import TuskTesting

@Suite struct BulkTests {
    @Test func pipelinedBatchReturnsOneResultPerStatement() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE kv (k int8 PRIMARY KEY, v text)")
            let statements: [SQL] = (1...10).map { "INSERT INTO kv VALUES (\(Int64($0)), \("v\($0)")) RETURNING k" }
            let results = try await db.batch(statements)
            #expect(results.count == 10)
            #expect(try results.map { try $0.get()[0].decode(Int64.self, at: 0) } == Array(1...10))
            // Independent mode: one failure does not affect the others.
            let mixed = try await db.batch([
                "INSERT INTO kv VALUES (\(Int64(11)), 'x')", "INSERT INTO kv VALUES (\(Int64(1)), 'dup')",
                "SELECT count(*) FROM kv",
            ])
            #expect(mixed[1].error?.kind == .uniqueViolation)
            #expect(try mixed[2].get()[0].decode(Int64.self, at: 0) == 11)
            // Atomic mode: the failure rolls back the earlier statements and skips the later ones.
            let atomic = try await db.batch(
                ["INSERT INTO kv VALUES (\(Int64(20)), 'a')", "SELECT 1/0", "INSERT INTO kv VALUES (\(Int64(21)), 'b')"],
                mode: .atomic)
            #expect(atomic[1].error?.sqlState == "22012")
            #expect(atomic[2].error?.sqlState == "25P02")
            let count = try await db.query("SELECT count(*) FROM kv WHERE k >= 20", as: Int64.self)
            #expect(count == [0])
            // Statements prepared by the pipeline are reused afterwards.
            let again = try await db.batch(statements.map { _ in "SELECT count(*) FROM kv" })
            #expect(again.allSatisfy { (try? $0.get()[0].decode(Int64.self, at: 0)) == 11 })
        }
    }

    @Test func binaryCopyInsertsEveryTypeAndAbortsOnError() async throws {
        try await withDatabase { db, _ in
            try await db.execute("CREATE TABLE events (id int8, name text, at timestamptz, ok bool, score numeric, tags text[], note text)")
            let at = Date(timeIntervalSince1970: 1_700_000_000)
            let copied = try await db.copyIn(table: "events", columns: ["id", "name", "at", "ok", "score", "tags", "note"]) { writer in
                for id in 0..<5000 {
                    let note: String? = id % 2 == 0 ? nil : "odd"
                    try await writer.append(Int64(id), "event \(id) ✓", at, id % 3 == 0, Decimal(id) / 4, ["a", "b"], note)
                }
            }
            #expect(copied == 5000)
            let summary = try await db.query(
                "SELECT count(*), count(note), sum(id)::int8, max(score)::text, min(at) = \(at) FROM events",
                as: Int64.self, Int64.self, Int64.self, String.self, Bool.self)
            #expect(summary[0] == (5000, 2500, 12_497_500, "1249.75", true))
            struct Stop: Error {}
            await #expect(throws: Stop.self) {
                try await db.copyIn(table: "events", columns: ["id"]) { writer in
                    try await writer.append(Int64(99_999))
                    throw Stop()
                }
            }
            let wrongType = await postgresError {
                try await db.copyIn(table: "events", columns: ["id"]) { writer in try await writer.append("not a number") }
            }
            #expect(wrongType?.kind == .server)
            let count = try await db.query("SELECT count(*) FROM events", as: Int64.self)
            #expect(count == [5000])
        }
    }

    @Test func streamingDeliversAllRowsAndStopsEarlyCleanly() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            var total: Int64 = 0
            var rows = 0
            for try await row in db.stream("SELECT g::int8 FROM generate_series(1, \(Int64(50_000))) g") {
                total += try row.decode(Int64.self, at: 0)
                rows += 1
            }
            #expect(rows == 50_000 && total == 1_250_025_000)
            // Stopping early cancels the (otherwise endless) query and frees the only connection.
            var seen = 0
            for try await _ in db.stream("SELECT generate_series(1, 1000000000)") {
                seen += 1
                if seen == 10 { break }
            }
            #expect(seen == 10)
            let after = try await db.query("SELECT 7", as: Int32.self)
            #expect(after == [7])
            #expect(await db.stats.inUse == 0)
            // Errors in the middle of a stream surface as typed errors.
            let error = await postgresError {
                for try await row in db.stream("SELECT 10 / (5 - g) FROM generate_series(1, 10) g") {
                    _ = try row.decode(Int32.self, at: 0)
                }
            }
            #expect(error?.sqlState == "22012")
            let got1 = try await db.query("SELECT 8", as: Int32.self)
            #expect(got1 == [8])
        }
    }

    @Test func aSessionDoesOneThingAtATime() async throws {
        try await withDatabase(.standard, Settings(maxConnections: 1)) { db, _ in
            try await db.execute("CREATE TABLE sink (x int8)")
            try await db.withConnection { connection in
                var rows = connection.stream("SELECT generate_series(1, 1000000000)").makeAsyncIterator()
                _ = try await rows.next()
                // While the stream is open, nothing else may start on its session.
                let batch = await postgresError { _ = try await connection.batch(["SELECT 1"]) }
                #expect(batch?.kind == .misuse, "\(String(describing: batch))")
                let query = await postgresError { _ = try await connection.query("SELECT 1") }
                #expect(query?.kind == .misuse)
                let copy = await postgresError { try await connection.copyIn(table: "sink", columns: ["x"]) { _ in } }
                #expect(copy?.kind == .misuse)
                _ = try await rows.next()
            }
            let after = try await db.query("SELECT 2", as: Int32.self)
            #expect(after == [2])
            #expect(await db.stats.discarded == 0)
        }
    }

    @Test func slowStatementsAreLoggedWithoutParameterValues() async throws {
        let recorder = LogRecorder()
        try await withTestDatabase { testDatabase in
            var configuration = try PostgresConfiguration(testDatabase.connectionString)
            configuration.slowStatementThreshold = .milliseconds(300)
            configuration.logger = Logger(label: "test") { _ in recorder }
            let db = try await Database.connect(configuration)
            _ = try await db.query("SELECT pg_sleep(0.4), \("hunter2")::text")
            _ = try await db.query("SELECT 1")
            await db.shutdown()
        }
        let warnings = recorder.messages.filter { $0.level == .warning && $0.text.contains("slow statement") }
        #expect(warnings.filter { $0.text.contains("pg_sleep") }.count == 1)
        #expect(!recorder.messages.contains { $0.text.contains("hunter2") })
    }
}

/// Keeps every log line (message and metadata) for assertions.
final class LogRecorder: LogHandler, @unchecked Sendable {
    struct Line {
        let level: Logger.Level
        let text: String
        let metadata: Logger.Metadata
        /// Whether it was logged from inside a Swift task (a connection's own thread, running a
        /// job for a task that awaits it, is not inside one).
        var inTask = false
    }
    private let lock = NSLock()
    private var lines: [Line] = []
    var messages: [Line] { lock.withLock { lines } }
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let text = "\(event.message) \(event.metadata ?? [:])"
        let line = Line(level: event.level, text: text, metadata: event.metadata ?? [:], inTask: withUnsafeCurrentTask { $0 != nil })
        lock.withLock { lines.append(line) }
    }
}

extension Result {
    var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
