import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskTesting

/// The migrator on a real PostgreSQL 15: history, lock, checksums, failures, branch merges.
@Suite struct MigratorTests {
    static func migration(_ id: String, up: String, down: String = "", noTransaction: Bool = false) throws -> MigrationSource {
        let header = noTransaction ? "-- test\n\(MigrationFile.noTransactionMarker)\n\n" : "-- test\n\n"
        return try MigrationSource(fileName: id + ".sql", contents: header + "\(MigrationFile.upMarker)\n\(up)\n\n\(MigrationFile.downMarker)\n\(down)\n")
    }

    static let first = try! migration("20250101000000_users", up: "CREATE TABLE users (id integer PRIMARY KEY);", down: "DROP TABLE users;")
    static let second = try! migration("20250102000000_posts", up: "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users);", down: "DROP TABLE posts;")

    func withConnection<T: Sendable>(_ db: TestDatabase, _ body: (Connection) async throws -> T) async throws -> T {
        let connection = try await Connection.connect(PostgresConfiguration(db.connectionString))
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    func history(_ db: TestDatabase) async throws -> [[String?]] {
        try await db.query("SELECT id, status, duration_ms IS NOT NULL FROM tusk_migrations ORDER BY id")
    }

    @Test func appliesPendingInOrderOnceAndRevertsWithDown() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (connection: Connection) async throws in
                let migrator = Migrator(connection: connection, migrations: [Self.second, Self.first])
                #expect(try await migrator.up().ran == [Self.first.id, Self.second.id])
                #expect(try await migrator.up().ran.isEmpty)
                #expect(try await migrator.status().map(\.state) == [.applied, .applied])
                #expect(try await history(db) == [[Self.first.id, "applied", "t"], [Self.second.id, "applied", "t"]])
                #expect(try await migrator.down(steps: 1).ran == [Self.second.id])
                #expect(try await db.query("SELECT to_regclass('posts') IS NULL") == [["t"]])
                #expect(try await migrator.status().map(\.state) == [.applied, .pending])
            }
        }
    }

    @Test func concurrentDeployersApplyEachMigrationOnce() async throws {
        try await withTestDatabase(.standard) { db in
            let migrations = [Self.first, Self.second, try Self.migration("20250103000000_slow", up: "SELECT pg_sleep(0.2); CREATE TABLE slow (id integer);")]
            let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await self.withConnection(db) { connection in
                            var migrator = Migrator(connection: connection, migrations: migrations)
                            // The others wait for the first deployer however loaded the machine: in a
                            // parallel test run its few statements once outlasted the default 60 s
                            // (MigratorLockTests test the timeout itself).
                            migrator.lockTimeout = .seconds(600)
                            return try await migrator.up()
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Whoever took the lock first applied everything; the others found nothing pending.
            #expect(reports.flatMap(\.ran).sorted() == migrations.map(\.id))
            #expect(try await history(db).count == 3)
        }
    }

    @Test func aLockHeldTooLongIsReportedClearly() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (holder: Connection) async throws in
                _ = try await holder.query("SELECT pg_advisory_lock(7326841962114003)")
                try await withConnection(db) { (connection: Connection) async throws in
                    var migrator = Migrator(connection: connection, migrations: [Self.first])
                    migrator.lockTimeout = .seconds(1)
                    await #expect(throws: MigratorError.lockTimeout(seconds: 1)) { try await migrator.up() }
                }
                #expect(try await db.query("SELECT to_regclass('users') IS NULL") == [["t"]])
            }
        }
    }

    @Test func anEditedAppliedFileIsRefused() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (connection: Connection) async throws in
                try await Migrator(connection: connection, migrations: [Self.first]).up()
                let edited = try Self.migration(Self.first.id, up: "CREATE TABLE users (id bigint PRIMARY KEY);", down: "DROP TABLE users;")
                await #expect(throws: MigratorError.edited(id: Self.first.id)) {
                    try await Migrator(connection: connection, migrations: [edited, Self.second]).up()
                }
                #expect(try await Migrator(connection: connection, migrations: [edited]).status().map(\.state) == [.edited])
                #expect(try await db.query("SELECT to_regclass('posts') IS NULL") == [["t"]])
            }
        }
    }

    @Test func aFailingMigrationLeavesTheDatabaseAsBeforeAndIsRecorded() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (connection: Connection) async throws in
                let broken = try Self.migration("20250102000000_broken", up: "CREATE TABLE half (id integer); SELECT no_such_function();")
                await #expect(throws: MigratorError.self) {
                    try await Migrator(connection: connection, migrations: [Self.first, broken]).up()
                }
                #expect(try await db.query("SELECT to_regclass('half') IS NULL") == [["t"]])
                let rows = try await db.query("SELECT id, status, error LIKE '%no_such_function%' FROM tusk_migrations ORDER BY id")
                #expect(rows == [[Self.first.id, "applied", nil], [broken.id, "rolled back", "t"]])
                // Fixed (it was never applied, so the file may change): it runs next time.
                let fixed = try Self.migration("20250102000000_broken", up: "CREATE TABLE half (id integer);")
                #expect(try await Migrator(connection: connection, migrations: [Self.first, fixed]).up().ran == [fixed.id])
            }
        }
    }

    @Test func aNonTransactionalFileRunsOneStatementAtATime() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (connection: Connection) async throws in
                let indexes = try Self.migration("20250102000000_indexes", up: """
                    -- two concurrent builds; a ';' in a 'string; literal' and a $$body;$$ do not split
                    CREATE INDEX CONCURRENTLY users_a_idx ON users (id) WHERE 'a;b' <> '';
                    CREATE INDEX CONCURRENTLY users_b_idx ON users (id) WHERE $$x;y$$ <> '';
                    """, noTransaction: true)
                try await Migrator(connection: connection, migrations: [Self.first, indexes]).up()
                #expect(try await db.query("SELECT count(*) FROM pg_indexes WHERE indexname IN ('users_a_idx', 'users_b_idx')") == [["2"]])
            }
        }
    }

    @Test func aFailedNonTransactionalMigrationBlocksUntilResolved() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (connection: Connection) async throws in
                let concurrent = try Self.migration("20250102000000_index", up: "CREATE INDEX CONCURRENTLY users_missing_idx ON users (missing);", noTransaction: true)
                let migrator = Migrator(connection: connection, migrations: [Self.first, concurrent])
                let failure = await #expect(throws: MigratorError.self) { try await migrator.up() }
                guard case .migrationFailed(concurrent.id, "column \"missing\" does not exist", false, let cause)? = failure else {
                    Issue.record("expected migrationFailed, got \(String(describing: failure))")
                    return
                }
                // The server's error is kept, not just its text.
                #expect(cause?.sqlState == "42703")
                #expect(cause?.statement?.contains("users_missing_idx") == true)
                await #expect(throws: MigratorError.self) { try await migrator.up() }
                #expect(try await migrator.status().map(\.state) == [.applied, .failed])
                try await migrator.resolve(concurrent.id)
                #expect(try await migrator.status().map(\.state) == [.applied, .applied])
                await #expect(throws: MigratorError.notFailed(id: concurrent.id)) { try await migrator.resolve(concurrent.id) }
            }
        }
    }

    @Test func aMigrationMergedFromAnOlderBranchIsAppliedAndReported() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (connection: Connection) async throws in
                try await Migrator(connection: connection, migrations: [Self.first, Self.second]).up()
                let older = try Self.migration("20250101120000_tags", up: "CREATE TABLE tags (id integer);", down: "DROP TABLE tags;")
                let report = try await Migrator(connection: connection, migrations: [Self.first, older, Self.second]).up()
                #expect(report.ran == [older.id])
                #expect(report.outOfOrder == [older.id])
                #expect(try await db.query("SELECT to_regclass('tags') IS NOT NULL") == [["t"]])
            }
        }
    }

    @Test func aSumMismatchIsRefusedBeforeAnythingRuns() async throws {
        try await withTestDatabase(.standard) { db in
            try await withConnection(db) { (connection: Connection) async throws in
                let sum = TuskSum(files: [(Self.first.id + ".sql", Self.first.contents)])
                await #expect(throws: MigratorError.self) {
                    try await Migrator(connection: connection, migrations: [Self.first, Self.second], sum: sum).up()
                }
                #expect(try await db.query("SELECT to_regclass('tusk_migrations') IS NULL") == [["t"]])
            }
        }
    }

    @Test func theRootMigrationsApplyThroughDatabaseMigrate() async throws {
        try await withTestDatabase(.pgvector) { testDatabase in
            // As written: the root schema needs no contrib extension.
            let workspace = MigrationWorkspace(directory: Fixtures.packageRoot.appendingPathComponent("Generated"))
            let sources = try MigrationSource.load(directory: workspace.migrationsDirectory)
            let db = try await Database.connect(PostgresConfiguration(testDatabase.connectionString))
            let report = try await db.migrate(sources)
            #expect(report.ran == sources.map(\.id))
            #expect(try await db.migrate(sources).ran.isEmpty)
            await db.shutdown()
            // Every table of schema.yaml and its declared partitions, plus the history table.
            let root = try Fixtures.rootSchema()
            let tables = root.tables.count + root.tables.reduce(0) { $0 + ($1.partitioning?.partitions.count ?? 0) } + 1
            #expect(try await testDatabase.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [["\(tables)"]])
        }
    }
}
