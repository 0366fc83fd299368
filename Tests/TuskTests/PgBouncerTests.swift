import Foundation
import Testing
import Tusk
import TuskMigrator
import TuskTesting

/// Tusk through a real PgBouncer 1.18 in transaction mode (TuskTesting's ``PgBouncer``): the
/// default configuration fails there, `pooler = .pgbouncerTransaction` does not, and what needs
/// a session of its own is refused with the fix. The typed API's suites run through it in
/// TuskIntegrationTests (PgBouncerIntegrationTests).
@Suite struct PgBouncerTests {
    /// A fresh database on the shared cluster, a PgBouncer with `poolSize` server sessions in
    /// front of it, and a configuration through it.
    private func withBouncer(
        poolSize: Int, _ body: (PgBouncer, TestDatabase, PostgresConfiguration) async throws -> Void
    ) async throws {
        try await withTestDatabase { testDatabase in
            let bouncer = try await PgBouncer.start(in: testDatabase.cluster, poolSize: poolSize)
            defer { bouncer.stop() }
            var configuration = try PostgresConfiguration(bouncer.connectionString(database: testDatabase.name))
            configuration.pool.maxConnections = 2
            try await body(bouncer, testDatabase, configuration)
        }
    }

    @Test func theDefaultModeFailsThroughPgBouncerAndThePoolerModeDoesNot() async throws {
        try await withBouncer(poolSize: 1) { _, _, direct in
            // Tusk's session settings travel in the `options` start-up parameter, which PgBouncer refuses.
            let refused = await postgresError { _ = try await Database.connect(direct) }
            #expect(refused?.kind == .connectionFailed)
            #expect(refused?.message.contains("unsupported startup parameter: options") == true)

            // Without them, named prepared statements collide: two clients, one server session.
            var prepared = direct
            prepared.sessionTimeZone = nil
            let first = try await Database.connect(prepared)
            let second = try await Database.connect(prepared)
            _ = try await first.query("SELECT \(1)::int4 + 1")
            let collision = await postgresError { _ = try await second.query("SELECT \(1)::int4 + 1") }
            #expect(collision?.sqlState == "42P05")  // prepared statement "tusk_1" already exists
            #expect(collision?.message.contains("already exists") == true)
            await first.shutdown()
            await second.shutdown()

            // The pooler mode: the same two clients, concurrent statements, transactions and batches.
            var pooled = direct
            pooled.pooler = .pgbouncerTransaction
            let databases = [try await Database.connect(pooled), try await Database.connect(pooled)]
            try await databases[0].execute("CREATE TABLE counters (id int8 PRIMARY KEY, hits int8 NOT NULL)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, db) in databases.enumerated() {
                    group.addTask {
                        for round in 0..<50 {
                            let id = Int64(index * 1000 + round)
                            #expect(try await db.queryFirst("SELECT \(id)::int8 * 2", as: Int64.self) == id * 2)
                            try await db.transaction { tx in
                                try await tx.run("INSERT INTO counters VALUES (\(id), 0)")
                                try await tx.run("UPDATE counters SET hits = hits + \(Int64(1)) WHERE id = \(id)")
                            }
                            try await db.withConnection { connection in
                                let results = try await connection.batch(["SELECT \(id)::int8", "SELECT \(id + 1)::int8"])
                                #expect(try results.map { try $0.get().first?.decode(Int64.self, at: 0) } == [id, id + 1])
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let copied = try await databases[1].copyIn(table: "counters", columns: ["id", "hits"]) { writer in
                for id in Int64(5000)..<5010 { try await writer.append(id, Int64(1)) }
            }
            #expect(copied == 10)
            #expect(try await databases[0].queryFirst("SELECT count(*) FROM counters WHERE hits = 1", as: Int64.self) == 110)
            for db in databases { await db.shutdown() }
        }
    }

    @Test func eachClientKeepsItsTimeZoneOnSharedServerSessions() async throws {
        try await withBouncer(poolSize: 1) { _, _, configuration in
            var tokyo = configuration
            tokyo.pooler = .pgbouncerTransaction
            tokyo.sessionTimeZone = "Asia/Tokyo"
            var utc = tokyo
            utc.sessionTimeZone = "UTC"
            let tokyoDB = try await Database.connect(tokyo)
            let utcDB = try await Database.connect(utc)
            // One server session serves both, one statement each in turn: PgBouncer replays each
            // client's TimeZone (set after connecting) before handing the session over.
            for _ in 0..<5 {
                #expect(try await tokyoDB.queryFirst("SELECT current_setting('TimeZone')", as: String.self) == "Asia/Tokyo")
                #expect(try await utcDB.queryFirst("SELECT current_setting('TimeZone')", as: String.self) == "UTC")
            }
            await tokyoDB.shutdown()
            await utcDB.shutdown()
        }
    }

    /// A stream's cursor lives in the transaction it opens, so PgBouncer keeps its server session
    /// for every FETCH, while another client's statements take the other session.
    @Test func streamsReadInChunksThroughTransactionMode() async throws {
        try await withBouncer(poolSize: 2) { _, _, configuration in
            var pooled = configuration
            pooled.pooler = .pgbouncerTransaction
            let streaming = try await Database.connect(pooled)
            let other = try await Database.connect(pooled)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.streamEveryRow(streaming) }
                group.addTask { try await Self.queryMeanwhile(other) }
                try await group.waitForAll()
            }
            for try await _ in streaming.stream("SELECT generate_series(1, 1000000)", chunkSize: 10) { break }
            #expect(try await streaming.queryFirst("SELECT 5::int8", as: Int64.self) == 5)
            await streaming.shutdown()
            await other.shutdown()
        }
    }

    private static func queryMeanwhile(_ db: Database) async throws {
        for round in Int64(0)..<50 {
            let value = try await db.queryFirst("SELECT \(round)::int8", as: Int64.self)
            #expect(value == round)
        }
    }

    private static func streamEveryRow(_ db: Database) async throws {
        var expected: Int64 = 1
        for try await row in db.stream("SELECT g::int8 FROM generate_series(1, 2000) g", chunkSize: 25) {
            #expect(try row.decode(Int64.self, at: 0) == expected)
            expected += 1
        }
        #expect(expected == 2001)
    }

    @Test func whatNeedsASessionIsRefusedWithTheFix() async throws {
        try await withBouncer(poolSize: 2) { _, _, configuration in
            var pooled = configuration
            pooled.pooler = .pgbouncerTransaction

            var timed = pooled
            timed.statementTimeout = .seconds(5)
            let timeout = await postgresError { _ = try await Database.connect(timed) }
            #expect(timeout?.kind == .invalidConfiguration)
            #expect(timeout?.message.contains("ALTER ROLE app SET statement_timeout") == true)

            var invalidated = pooled
            invalidated.queryCache.crossProcess = true
            let crossProcess = await postgresError { _ = try await Database.connect(invalidated) }
            #expect(crossProcess?.kind == .invalidConfiguration)
            #expect(crossProcess?.message.contains("queryCache.crossProcess") == true)

            let db = try await Database.connect(pooled)
            let listen = await postgresError { _ = try await db.notifications(channel: "jobs") }
            #expect(listen?.kind == .invalidConfiguration)
            #expect(listen?.message.contains("LISTEN") == true)
            #expect(listen?.message.contains("direct URL") == true)

            let worker = QueueWorker(db: db)
            let queue = await postgresError { try await worker.run() }
            #expect(queue?.kind == .invalidConfiguration)
            #expect(queue?.message.contains("job queue") == true)

            let migrate = await postgresError {
                try await db.withConnection { connection in _ = try await Migrator(connection: connection, migrations: []).up() }
            }
            #expect(migrate?.kind == .invalidConfiguration)
            #expect(migrate?.message.contains("advisory lock") == true)
            await db.shutdown()
        }
    }
}
