import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskTesting

/// The migration lock and the migrator's footprint: a cancelled run releases the lock, a
/// sub-second timeout stays a timeout, `status` writes nothing.
@Suite struct MigratorLockTests {
    /// Holders of this database's migration lock, seen from another session (other tests'
    /// databases on the same server have their own).
    static func lockHolders(_ db: TestDatabase) async throws -> [[String?]] {
        try await db.query("""
            SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((classid::int8 << 32) | objid::int8) = 7326841962114003
            """)
    }

    @Test func aCancelledMigrationReleasesTheLockOnItsPooledConnection() async throws {
        try await withTestDatabase(.standard) { testDatabase in
            var configuration = try PostgresConfiguration(testDatabase.connectionString)
            configuration.pool.maxConnections = 1  // the next migration gets the same connection
            let db = try await Database.connect(configuration)
            let slow = try MigratorTests.migration("20250101000000_slow", up: "SELECT pg_sleep(30);")
            let run = Task { try await db.migrate([slow]) }
            // Cancel once the migration's statement is running (bounded wait).
            try await waitUntil("the migration is running") {
                try await testDatabase.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%'") == [["1"]]
            }
            run.cancel()
            _ = await run.result
            #expect(try await Self.lockHolders(testDatabase).isEmpty)
            // Another deployer's session is not kept waiting (a session lock is re-entrant, so
            // only another session shows a stale one).
            let other = try await Connection.connect(configuration)
            var migrator = Migrator(connection: other, migrations: [try MigratorTests.migration("20250101000000_slow", up: "SELECT 1;")])
            migrator.lockTimeout = .seconds(2)
            #expect(try await migrator.up().ran == ["20250101000000_slow"])
            #expect(try await testDatabase.query("SELECT status FROM tusk_migrations") == [["applied"]])
            await other.close()
            await db.shutdown()
        }
    }

    @Test func aSubSecondLockTimeoutStillTimesOut() async throws {
        try await withTestDatabase(.standard) { db in
            let holder = try await Connection.connect(PostgresConfiguration(db.connectionString))
            _ = try await holder.query("SELECT pg_advisory_lock(7326841962114003)")
            let connection = try await Connection.connect(PostgresConfiguration(db.connectionString))
            var migrator = Migrator(connection: connection, migrations: [MigratorTests.first])
            migrator.lockTimeout = .milliseconds(300)
            let started = ContinuousClock.now
            // '0s' would have disabled the timeout and waited for ever (bounded here by the holder).
            let waiting = Task { try await migrator.up() }
            let outcome = await waiting.result
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(throws: MigratorError.lockTimeout(seconds: 1)) { try outcome.get() }
            await connection.close()
            await holder.close()
        }
    }

    @Test func statusReadsWithoutWriting() async throws {
        try await withTestDatabase(.standard) { db in
            let connection = try await Connection.connect(PostgresConfiguration(db.connectionString))
            let migrator = Migrator(connection: connection, migrations: [MigratorTests.first])
            #expect(try await migrator.status().map(\.state) == [.pending])
            #expect(try await db.query("SELECT to_regclass('tusk_migrations') IS NULL") == [["t"]])
            try await migrator.up()
            #expect(try await migrator.status().map(\.state) == [.applied])
            await connection.close()
        }
    }
}
