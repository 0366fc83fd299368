import Foundation
import Tusk

/// Applies and reverts migration files on one connection, under a session advisory lock so
/// concurrent deployers serialize, recording each run in `tusk_migrations`.
///
/// Pending migrations are the files whose id is not recorded as applied (set membership, not
/// "newer than the last"), so a migration merged from an older branch is still applied; it is
/// reported as out of order.
public struct Migrator: Sendable {
    public let connection: Connection
    public let migrations: [MigrationSource]
    /// When given, the files must match it before anything runs.
    public let sum: TuskSum?
    /// How long to wait for another deployer's lock.
    public var lockTimeout: Duration = .seconds(60)

    /// `hashtext('tusk_migrations')`-style fixed key: one migration lock per database.
    static let lockKey: Int64 = 7_326_841_962_114_003

    public init(connection: Connection, migrations: [MigrationSource], sum: TuskSum? = nil) {
        self.connection = connection
        self.migrations = migrations.sorted { $0.id < $1.id }
        self.sum = sum
    }

    public struct Record: Hashable, Sendable {
        public var id: String
        public var checksum: String
        public var status: String
    }

    public enum State: String, Sendable { case applied, pending, failed, edited, missingFile = "missing file" }

    public struct Report: Sendable {
        /// Ids applied (or reverted) by this run, in order.
        public var ran: [String] = []
        /// Pending ids older than an applied one (merged from another branch).
        public var outOfOrder: [String] = []
    }

    // MARK: Commands

    /// Applies every pending migration in version order.
    @discardableResult
    public func up() async throws -> Report {
        try verifySum()
        return try await locked {
            let records = try await history()
            try check(records)
            let applied = Set(records.filter { $0.status == "applied" }.map(\.id))
            let newest = applied.max() ?? ""
            var report = Report()
            for migration in migrations where !applied.contains(migration.id) {
                if migration.id < newest { report.outOfOrder.append(migration.id) }
                try await run(migration, sql: migration.up, record: true)
                report.ran.append(migration.id)
            }
            return report
        }
    }

    /// Reverts the last `steps` applied migrations, newest first.
    @discardableResult
    public func down(steps: Int = 1) async throws -> Report {
        try verifySum()
        return try await locked {
            let records = try await history()
            try check(records)
            let applied = records.filter { $0.status == "applied" }.map(\.id).sorted().reversed().prefix(steps)
            var report = Report()
            for id in applied {
                guard let migration = migrations.first(where: { $0.id == id }) else { throw MigratorError.missingFile(id: id) }
                try await run(migration, sql: migration.down, record: false)
                report.ran.append(id)
            }
            return report
        }
    }

    /// Every migration known to the files or the history, with its state, in version order.
    public func status() async throws -> [(id: String, state: State)] {
        try await ensureTable()
        let records = Dictionary(try await history().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = Set(records.keys).union(migrations.map(\.id)).sorted()
        return ids.map { id in
            let file = migrations.first { $0.id == id }
            guard let record = records[id] else { return (id, .pending) }
            if record.status == "failed" { return (id, .failed) }
            if record.status != "applied" { return (id, .pending) }  // rolled back: runs again
            guard let file else { return (id, .missingFile) }
            return (id, file.checksum == record.checksum ? .applied : .edited)
        }
    }

    /// Marks a migration that failed outside a transaction as applied, after a manual repair.
    public func resolve(_ id: String) async throws {
        try await locked {
            let updated = try await connection.query("UPDATE tusk_migrations SET status = 'applied' WHERE id = \(id) AND status = 'failed'")
            if updated.affectedRows == 0 { throw MigratorError.notFailed(id: id) }
        }
    }

    // MARK: Running

    private func run(_ migration: MigrationSource, sql: String, record: Bool) async throws {
        let started = Date()
        let clock = ContinuousClock.now
        let transactional = migration.isTransactional
        do {
            if transactional { try await connection.execute("BEGIN") }
            if transactional {
                if !sql.isEmpty { try await connection.execute(sql) }
            } else {
                // One statement per round trip: a multi-statement string is an implicit transaction.
                for statement in SQLStatements.split(sql) { try await connection.execute(statement) }
            }
            let milliseconds = Int64((ContinuousClock.now - clock) / .milliseconds(1))
            if record {
                try await connection.query("""
                    INSERT INTO tusk_migrations (id, name, checksum, started_at, duration_ms, status) \
                    VALUES (\(migration.id), \(migration.name), \(migration.checksum), \(started), \(milliseconds), 'applied')
                    ON CONFLICT (id) DO UPDATE SET checksum = EXCLUDED.checksum, started_at = EXCLUDED.started_at,
                        duration_ms = EXCLUDED.duration_ms, status = 'applied', error = NULL
                    """)
            } else {
                try await connection.query("DELETE FROM tusk_migrations WHERE id = \(migration.id)")
            }
            if transactional { try await connection.execute("COMMIT") }
        } catch {
            if transactional { try? await connection.execute("ROLLBACK") }
            let message = (error as? PostgresError)?.message ?? "\(error)"
            // Recorded outside the failed transaction, so the history shows it either way. A
            // transactional failure ("rolled back") runs again next time; a non-transactional one
            // ("failed") blocks until `resolve`. A failed down leaves the history alone.
            if record { _ = try? await connection.query("""
                INSERT INTO tusk_migrations (id, name, checksum, started_at, status, error) \
                VALUES (\(migration.id), \(migration.name), \(migration.checksum), now(), \(transactional ? "rolled back" : "failed"), \(message))
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error, started_at = now()
                """) }
            throw MigratorError.migrationFailed(id: migration.id, error: message, transactional: transactional)
        }
    }

    // MARK: Bookkeeping

    private func verifySum() throws {
        guard let sum else { return }
        let problems = sum.problems(files: migrations.map { ($0.id + ".sql", $0.contents) })
        if !problems.isEmpty { throw MigratorError.sumMismatch(problems) }
    }

    /// Refuses to go on when history and files disagree.
    private func check(_ records: [Record]) throws {
        for record in records {
            if record.status == "failed" {
                throw MigratorError.failedEarlier(id: record.id, error: "see tusk_migrations.error")
            }
            guard record.status == "applied" else { continue }
            guard let file = migrations.first(where: { $0.id == record.id }) else { throw MigratorError.missingFile(id: record.id) }
            if file.checksum != record.checksum { throw MigratorError.edited(id: record.id) }
        }
    }

    private func history() async throws -> [Record] {
        try await connection.query("SELECT id, checksum, status FROM tusk_migrations ORDER BY id", as: String.self, String.self, String.self)
            .map { Record(id: $0.0, checksum: $0.1, status: $0.2) }
    }

    private func ensureTable() async throws {
        try await connection.execute("""
            CREATE TABLE IF NOT EXISTS tusk_migrations (
                id text PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                started_at timestamptz NOT NULL,
                duration_ms bigint,
                status text NOT NULL,
                error text
            )
            """)
    }

    /// Runs `body` holding the session advisory lock (waiting at most `lockTimeout`).
    private func locked<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let seconds = Int(lockTimeout.components.seconds)
        try await connection.execute("SET lock_timeout = '\(seconds)s'")
        do {
            _ = try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        } catch let error as PostgresError where error.kind == .lockNotAvailable || error.sqlState == "55P03" {
            try? await connection.execute("RESET lock_timeout")
            throw MigratorError.lockTimeout(seconds: seconds)
        }
        try await connection.execute("RESET lock_timeout")
        do {
            try await ensureTable()
            let result = try await body()
            _ = try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
            return result
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))")
            throw error
        }
    }
}
