import Foundation
import Tracing
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
        /// The pending contract migration `up` stopped before (with every migration after it):
        /// it runs with `up(includingContracts: true)` once every instance runs the new code.
        public var heldBack: String?
    }

    // MARK: Commands

    /// Applies every pending migration in version order, stopping before the first pending
    /// contract migration (the second half of an expand/contract pair, applied after the
    /// deploy) unless `includingContracts`.
    @discardableResult
    public func up(includingContracts: Bool = false) async throws -> Report {
        try verifySum()
        return try await locked { try await applyPending(includingContracts: includingContracts) }
    }

    /// Empties the database with `drop` (which returns what it dropped) and applies every
    /// migration again, all under the migration lock, so no deployer migrates halfway through.
    /// Then every running read cache is told to drop everything: `pg_notify(cacheChannel, '*')`,
    /// the cross-process invalidation of all tables (also when applying fails: the data changed).
    public func reset<Dropped: Sendable>(
        cacheChannel: String = QueryCacheOptions().channel, dropping drop: @Sendable (Connection) async throws -> Dropped
    ) async throws -> (dropped: Dropped, report: Report) {
        try verifySum()
        // The history table is not created first: it is dropped (and listed) like everything else.
        return try await locked(ensuringTable: false) {
            let outcome: Result<(dropped: Dropped, report: Report), any Error>
            do {
                let dropped = try await drop(connection)
                try await ensureTable()
                outcome = .success((dropped, try await applyPending(includingContracts: true)))
            } catch {
                outcome = .failure(error)
            }
            try await connection.notify(channel: cacheChannel, payload: "*")
            return try outcome.get()
        }
    }

    /// Applies the migrations not recorded as applied, in version order (under the lock).
    private func applyPending(includingContracts: Bool) async throws -> Report {
        let records = try await history()
        try check(records)
        let applied = Set(records.filter { $0.status == "applied" }.map(\.id))
        let newest = applied.max() ?? ""
        var report = Report()
        for migration in migrations where !applied.contains(migration.id) {
            // Later migrations were written against the contracted schema: they wait too.
            if migration.isContract && !includingContracts {
                report.heldBack = migration.id
                break
            }
            if migration.id < newest { report.outOfOrder.append(migration.id) }
            try await run(migration, sql: migration.up, record: true)
            report.ran.append(migration.id)
        }
        return report
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
    /// Read-only: a database that was never migrated has every file pending and is left as it is.
    public func status() async throws -> [(id: String, state: State)] {
        let records = Dictionary(
            try await (historyExists() ? history() : []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
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

    /// Adopts an existing database: records every migration file as applied without running
    /// any of them, because the database already is what they would build. `catalogDifferences`
    /// compares the live catalog with the state the files produce and returns the drift, one
    /// line per difference; any difference refuses the baseline and is listed in the error.
    /// Refuses on a database that already has applied migrations (it is not being adopted).
    /// `TuskMigrations` gives the checked form over the snapshot: `baseline(matching:)`.
    @discardableResult
    public func baseline(catalogDifferences: @Sendable (Connection) async throws -> [String]) async throws -> Report {
        try verifySum()
        return try await locked {
            let applied = try await history().filter { $0.status == "applied" }.map(\.id)
            if !applied.isEmpty { throw MigratorError.alreadyMigrated(applied: applied) }
            if migrations.isEmpty { throw MigratorError.nothingToBaseline }
            let drift = try await catalogDifferences(connection)
            if !drift.isEmpty { throw MigratorError.baselineDrift(drift) }
            try await connection.transaction { tx in
                for migration in migrations {
                    _ = try await tx.query("""
                        INSERT INTO tusk_migrations (id, name, checksum, started_at, duration_ms, status, error) \
                        VALUES (\(migration.id), \(migration.name), \(migration.checksum), now(), NULL, 'applied', NULL)
                        ON CONFLICT (id) DO UPDATE SET checksum = EXCLUDED.checksum, started_at = EXCLUDED.started_at,
                            duration_ms = NULL, status = 'applied', error = NULL
                        """)
                }
            }
            return Report(ran: migrations.map(\.id))
        }
    }

    // MARK: Running

    /// With a tracer active, each migration applied (`MIGRATE 0001_init`) or reverted
    /// (`REVERT 0001_init`) is a client span whose statements are its children.
    private func run(_ migration: MigrationSource, sql: String, record: Bool) async throws {
        try await connection.withSpan({
            var span = DatabaseSpan.operation(record ? "MIGRATE" : "REVERT", target: migration.id)
            span.extra = [("tusk.migration.id", .string(migration.id))]
            return span
        }) {
            try await untracedRun(migration, sql: sql, record: record)
        }
    }

    private func untracedRun(_ migration: MigrationSource, sql: String, record: Bool) async throws {
        let started = Date()
        let clock = ContinuousClock.now
        let transactional = migration.isTransactional
        do {
            if transactional { try await connection.execute("BEGIN") }
            if transactional {
                if !sql.isEmpty { try await connection.execute(SQLScript(unsafeRaw: sql)) }
            } else {
                // One statement per round trip: a multi-statement string is an implicit transaction.
                for statement in SQLStatements.split(sql) { try await connection.execute(SQLScript(unsafeRaw: statement)) }
                try await connection.execute(Self.resetTimeouts)
            }
            let milliseconds = Int64((ContinuousClock.now - clock) / .milliseconds(1))
            if record {
                _ = try await connection.query("""
                    INSERT INTO tusk_migrations (id, name, checksum, started_at, duration_ms, status) \
                    VALUES (\(migration.id), \(migration.name), \(migration.checksum), \(started), \(milliseconds), 'applied')
                    ON CONFLICT (id) DO UPDATE SET checksum = EXCLUDED.checksum, started_at = EXCLUDED.started_at,
                        duration_ms = EXCLUDED.duration_ms, status = 'applied', error = NULL
                    """)
            } else {
                _ = try await connection.query("DELETE FROM tusk_migrations WHERE id = \(migration.id)")
            }
            if transactional { try await connection.execute("COMMIT") }
        } catch {
            let cause = error as? PostgresError
            let message = cause?.message ?? "\(error)"
            // Recorded outside the failed transaction, so the history shows it either way. A
            // transactional failure ("rolled back") runs again next time; a non-transactional one
            // ("failed") blocks until `resolve`. A failed down leaves the history alone. This runs
            // even when the task was cancelled: the session must not stay inside the transaction.
            let connection = self.connection
            await runEvenIfCancelled {
                // A failed no-transaction file never reached its own RESET lines.
                try? await connection.execute(transactional ? "ROLLBACK" : Self.resetTimeouts)
                if record { _ = try? await connection.query("""
                    INSERT INTO tusk_migrations (id, name, checksum, started_at, status, error) \
                    VALUES (\(migration.id), \(migration.name), \(migration.checksum), now(), \(transactional ? "rolled back" : "failed"), \(message))
                    ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error, started_at = now()
                    """) }
            }
            throw MigratorError.migrationFailed(id: migration.id, error: message, transactional: transactional, cause: cause)
        }
    }

    /// A `-- tusk:no-transaction` file sets its timeouts for the session (`SET LOCAL` needs a
    /// transaction); the pooled connection must not keep them after the file, whatever happened.
    static let resetTimeouts: SQLScript = "RESET lock_timeout; RESET statement_timeout"

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

    /// Whether `tusk_migrations` is visible on the search path (a read: nothing is created).
    private func historyExists() async throws -> Bool {
        try await connection.queryFirst("SELECT to_regclass('tusk_migrations') IS NOT NULL", as: Bool.self) ?? false
    }

    /// Creates the history table when it is missing. Checked first rather than `CREATE TABLE IF
    /// NOT EXISTS`, which makes the server send a NOTICE on every run.
    private func ensureTable() async throws {
        if try await historyExists() { return }
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

    /// Runs `body` holding the session advisory lock (waiting at most `lockTimeout`). The lock
    /// is released even when the task is cancelled: a pooled connection must never go back to
    /// the pool still holding it (every later migration would wait on it).
    private func locked<T: Sendable>(ensuringTable: Bool = true, _ body: () async throws -> T) async throws -> T {
        try connection.configuration.requireSessionPersistence(for: "the migrator's session advisory lock")
        let timeout = LockTimeout(lockTimeout)
        try await connection.execute("SET lock_timeout = \(literal: "\(timeout.milliseconds)ms")")
        do {
            _ = try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))")
        } catch let error as PostgresError where error.kind == .lockNotAvailable {
            let connection = self.connection
            await runEvenIfCancelled { try? await connection.execute("RESET lock_timeout") }
            throw MigratorError.lockTimeout(seconds: timeout.seconds)
        } catch {
            // Cancelled while waiting: the lock may have been granted just before the cancel.
            await releaseLock()
            throw error
        }
        do {
            try await connection.execute("RESET lock_timeout")
            if ensuringTable { try await ensureTable() }
            let result = try await body()
            await releaseLock()
            return result
        } catch {
            await releaseLock()
            throw error
        }
    }

    /// Releases the lock if this session holds it (checked in pg_locks, so a lock never taken,
    /// after a timeout or an early cancel, is not "released" with a server WARNING) and resets
    /// the timeout, whatever the task's state. When the release cannot be confirmed, the
    /// connection is closed instead: the server drops a session's locks with the session.
    private func releaseLock() async {
        let connection = self.connection
        await runEvenIfCancelled {
            let released: Bool
            do {
                try await connection.execute("RESET lock_timeout")
                _ = try await connection.query("""
                    SELECT pg_advisory_unlock(\(Self.lockKey)) FROM pg_locks
                    WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
                      AND ((classid::int8 << 32) | objid::int8) = \(Self.lockKey)
                    """)
                released = try await Self.holdsLock(connection) == false
            } catch {
                released = false
            }
            if !released { await connection.close() }
        }
    }

    /// Whether this session holds the migration lock.
    private static func holdsLock(_ connection: Connection) async throws -> Bool {
        try await connection.queryFirst("""
            SELECT count(*) > 0 FROM pg_locks
            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
              AND ((classid::int8 << 32) | objid::int8) = \(lockKey)
            """, as: Bool.self) ?? false
    }
}

/// The migration lock's wait in whole milliseconds (at least 1: `0` would disable the timeout),
/// and the seconds reported when it runs out.
struct LockTimeout {
    let milliseconds: Int64
    var seconds: Int { Int((milliseconds + 999) / 1000) }

    init(_ duration: Duration) {
        milliseconds = max(1, Int64((duration / .milliseconds(1)).rounded(.up)))
    }
}
