import Foundation
import Synchronization
import Testing
import Tusk
import TuskTesting

/// Invalidation across processes (`queryCache.crossProcess`). The writers are a second
/// `Database` on the same server (its own pool and LISTEN session: to the server, another
/// client like any other process) and a real second OS process, `psql`, which publishes on the
/// documented channel the way any non-Tusk writer can.
@Suite struct CrossProcessCacheTests {
    /// The table names of a notice, after its first line (`@<id>`: the sending cache).
    static func tables(_ event: PostgresNotificationEvent) -> [String] {
        guard case .notification(let note) = event else { return [] }
        let lines = note.payload.split(separator: "\n").map(String.init)
        return lines.first?.hasPrefix("@") == true ? Array(lines.dropFirst()) : lines
    }
    static let minute = Duration.seconds(60)
    static let bound = Duration.seconds(5)

    @Test func aWriteInAnotherDatabaseInvalidatesOnceItsNotificationArrives() async throws {
        try await withCachingDatabase(configure: { $0.queryCache.crossProcess = true }) { reader, testDatabase in
            let writer = try await Database.connect(try cachingConfiguration(testDatabase) { $0.queryCache.crossProcess = true })
            defer { Task { await writer.shutdown() } }
            let observer = try await reader.notifications(channel: "tusk_cache")
            var heard = observer.makeAsyncIterator()
            let users = User.query.cached(ttl: Self.minute)
            #expect(try await users.count(on: reader) == 0)

            _ = try await insertUser(writer, "Fay")
            // The notice was sent with the write, in its transaction.
            #expect(await heard.next().map(Self.tables) == ["users"])
            try await waitUntil("the reader's cache dropped users", timeout: Self.bound) { try await users.count(on: reader) == 1 }

            // Inside a transaction: nothing is published until COMMIT, nothing at all after a rollback.
            struct Rollback: Error {}
            try? await writer.transaction { tx in
                _ = try await tx.insert(Document.Insert(title: "never"))
                throw Rollback()
            }
            try await writer.transaction { tx in _ = try await insertUser(tx, "Gus") }
            #expect(await heard.next().map(Self.tables) == ["users"])
            try await waitUntil("the reader's cache dropped users again", timeout: Self.bound) { try await users.count(on: reader) == 2 }
        }
    }

    @Test func aNonTuskWriterInAnotherOSProcessInvalidatesThroughTheChannel() async throws {
        try await withCachingDatabase(configure: { $0.queryCache.crossProcess = true }) { reader, testDatabase in
            let log = StatementLog(reader)
            let users = User.query.cached(ttl: Self.minute)
            #expect(try await users.count(on: log) == 0)
            try await psql(testDatabase, """
                BEGIN;
                INSERT INTO users (email, name, password_hash) VALUES ('psql@example.com', 'Psql', 'h');
                SELECT pg_notify('tusk_cache', 'users');
                COMMIT;
                """)
            try await waitUntil("psql's notification invalidated users", timeout: Self.bound) { try await users.count(on: log) == 1 }
            // And a hit afterwards: the cache still works.
            log.reset()
            #expect(try await users.count(on: log) == 1)
            #expect(log.statements.isEmpty)
        }
    }

    @Test func aLostListenerConnectionClearsTheCacheAndServesNothingItCouldHaveMissed() async throws {
        try await withCachingDatabase(configure: { $0.queryCache.crossProcess = true }) { reader, testDatabase in
            try await Self.aLostListenerConnectionClearsTheCacheAndServesNothingItCouldHaveMissed(reader, testDatabase)
        }
    }

    private static func aLostListenerConnectionClearsTheCacheAndServesNothingItCouldHaveMissed(_ reader: Database, _ testDatabase: TestDatabase) async throws {
        let log = StatementLog(reader)
        let users = User.query.cached(ttl: Self.minute)
        #expect(try await users.count(on: log) == 0)
        #expect(reader.queryCache.usage?.entries == 1)
        // No new session may open, so the listener cannot come back (and deliver its gap) while
        // the test looks; the pool's open connection stays usable.
        _ = try await testDatabase.cluster.adminQuery("ALTER DATABASE \(testDatabase.name) ALLOW_CONNECTIONS false")
        let killed = try await testDatabase.cluster.adminQuery("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = '\(testDatabase.name)' AND query LIKE 'LISTEN%'
            """)
        #expect(killed == [["t"]])
        // A write the cache cannot hear of (declared to change nothing, so not even this process invalidates).
        try await reader.run(SQL("INSERT INTO users (email, name, password_hash) VALUES ('quiet@example.com', 'Q', 'h')").invalidating(tables: []))
        try await waitUntil("the loss emptied the cache", timeout: Self.bound) { reader.queryCache.usage?.entries == 0 }
        // Until the listener is back, reads go to the database and nothing is stored.
        #expect(try await users.count(on: log) == 1)
        #expect(reader.queryCache.usage?.entries == 0)
        _ = try await testDatabase.cluster.adminQuery("ALTER DATABASE \(testDatabase.name) ALLOW_CONNECTIONS true")
        try await waitUntil("the listener is back and the cache serves again", timeout: Self.bound) {
            log.reset()
            _ = try await users.count(on: log)
            return log.statements.isEmpty
        }
    }

    /// Tusk's own publishing from another OS process: `tusk-cache-writer` (a small executable of
    /// this package) writes through a `Database` with `crossProcess` on while this process holds a
    /// cached read. Once the child has exited (its write returned before), the notification it
    /// sent arrives and the next read is fresh within the documented bound (500 ms).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: Self.writer.path)))
    func tusksOwnWriteInAnotherOSProcessInvalidatesWithinTheBound() async throws {
        try await withCachingDatabase(configure: { $0.queryCache.crossProcess = true }) { reader, testDatabase in
            try await Self.tusksOwnWriteInAnotherOSProcessInvalidatesWithinTheBound(reader, testDatabase)
        }
    }

    private static func tusksOwnWriteInAnotherOSProcessInvalidatesWithinTheBound(_ reader: Database, _ testDatabase: TestDatabase) async throws {
        let log = StatementLog(reader)
        let users = User.query.cached(ttl: Self.minute)
        #expect(try await users.count(on: log) == 0)
        log.reset()
        #expect(try await users.count(on: log) == 0)
        #expect(log.statements.isEmpty, "the read is held in the cache")
        var heard = try await reader.notifications(channel: "tusk_cache").makeAsyncIterator()

        let run = try await ChildProcess.run(Self.writer, [
            testDatabase.connectionString, "users",
            "INSERT INTO users (email, name, password_hash) VALUES ('child@example.com', 'Child', 'h')",
        ])
        let returned = ContinuousClock.now
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "1\n")
        try await waitUntil("the child's write is seen", timeout: .milliseconds(500)) { try await users.count(on: log) == 1 }
        let took = ContinuousClock.now - returned
        // Heard by then (bounded above): only the notification could have invalidated users here.
        #expect(await heard.next().map(Self.tables) == ["users"], "published by Tusk in the child, naming the table")
        #expect(took < .milliseconds(500))
        log.reset()
        #expect(try await users.count(on: log) == 1)
        #expect(log.statements.isEmpty, "the fresh answer is cached again")
    }

    /// Built with the package, next to the test bundle.
    static let writer = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tusk-cache-writer")

    /// The checker (``StalenessChecker``) across processes: the writers write through a second
    /// `Database` (its own pool and LISTEN session) that publishes; the readers read cached in
    /// this one. A version missing 500 ms after its write returned is stale; there must be none
    /// (in practice notices arrive in milliseconds), nor any impossible answer.
    @Test func concurrentCrossProcessReadersAreNeverStalePastTheBound() async throws {
        try await withCachingDatabase(maxConnections: 4, configure: { $0.queryCache.crossProcess = true }) { reader, testDatabase in
            let writer = try await Database.connect(try cachingConfiguration(testDatabase) { $0.queryCache.crossProcess = true })
            try await withShutdown(writer) { writer in
                _ = try await Document.query.cached(ttl: Self.minute).count(on: reader)  // listening from here
                let checker = StalenessChecker(readers: 3, checksEach: 100, allowed: .milliseconds(500))
                let report = try await checker.run(reader: reader, writer: writer)
                #expect(report.checks >= 300)
                #expect(report.stale == 0 && report.impossible == 0, "\(report)")
                #expect(report.elapsed < .seconds(120))
            }
        }
    }
}

/// Runs `script` with psql, a separate OS process, on the test database.
func psql(_ testDatabase: TestDatabase, _ script: String) async throws {
    let bundled = testDatabase.cluster.binDirectory + "/psql"
    let run = try await ChildProcess.run(
        URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: bundled) ? bundled : "/usr/bin/psql"),
        ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", testDatabase.connectionString, "-c", script])
    if run.status != 0 { throw PsqlFailed(status: run.status, stderr: run.stderr) }
}

struct PsqlFailed: Error { let status: Int32; let stderr: String }

extension PostgresNotificationEvent {
    /// The payload when this is a notification.
    var payload: String? {
        if case .notification(let notification) = self { return notification.payload }
        return nil
    }
}
