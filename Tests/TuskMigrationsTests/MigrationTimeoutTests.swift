import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// Every generated migration sets `lock_timeout` and `statement_timeout` (schema.yaml
/// `migrations:`), so a migration that cannot get its lock fails fast instead of queueing every
/// other query of the table behind it; the session keeps none of it afterwards.
@Suite struct MigrationTimeoutTests {
    static let notes = "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_key: true, identity: true }\n"

    static func schema(_ tables: String, settings: String = "migrations: { lock_timeout: 300ms, statement_timeout: 1min }\n") throws -> Schema {
        try SchemaLoader.parse(yaml: settings + tables, fileName: "test.yaml")
    }

    /// The files of the migration from `before` to `after`, after `existing`.
    static func files(
        from before: Schema, to after: Schema, existing: [MigrationFile] = [], online: Bool = false, name: String
    ) throws -> [MigrationFile] {
        let generated = try #require(try MigrationGenerator.generate(
            name: name, from: before, to: after, existing: existing.map { ($0.fileName, $0.text) },
            options: .init(plan: PlanOptions(online: online)), now: Date(timeIntervalSince1970: 1_780_000_000)))
        return generated.files
    }

    static func sources(_ files: [MigrationFile]) throws -> [MigrationSource] {
        try files.map { try MigrationSource(fileName: $0.fileName, contents: $0.text) }
    }

    static func setting(_ name: String, on connection: Connection) async throws -> String? {
        try await connection.queryFirst("SELECT current_setting(\(name))", as: String.self)
    }

    @Test func everySectionSetsTheDeclaredTimeouts() throws {
        let before = try Self.schema(Self.notes)
        let after = try Self.schema(Self.notes + "    indexes:\n      - { columns: [id], name: notes_id_idx }\n")
        let transactional = try Self.files(from: Schema(), to: before, name: "notes")
        #expect(transactional.count == 1)
        let text = transactional[0].text
        let opening = "SET LOCAL lock_timeout = '300ms';\nSET LOCAL statement_timeout = '1min';\n\n"
        #expect(text.contains("-- migrate:up\n" + opening + "CREATE TABLE notes ("))
        #expect(text.hasSuffix("-- migrate:down\n" + opening + "DROP TABLE notes;\n"))

        // CREATE INDEX CONCURRENTLY runs outside a transaction: SET for the session, RESET at the end.
        let online = try Self.files(from: before, to: after, existing: transactional, online: true, name: "index")
        let file = try #require(online.last)
        #expect(file.text.contains(MigrationFile.noTransactionMarker))
        #expect(file.text.contains("""
            -- migrate:up
            SET lock_timeout = '300ms';
            SET statement_timeout = '1min';

            CREATE INDEX CONCURRENTLY notes_id_idx ON notes (id);

            RESET lock_timeout;
            RESET statement_timeout;

            -- migrate:down
            SET lock_timeout = '300ms';
            SET statement_timeout = '1min';

            DROP INDEX CONCURRENTLY notes_id_idx;

            RESET lock_timeout;
            RESET statement_timeout;
            """))
    }

    @Test func withoutMigrationsTheDefaultsAreWritten() throws {
        let file = try #require(try Self.files(from: Schema(), to: Self.schema(Self.notes, settings: ""), name: "notes").first)
        #expect(file.settings == MigrationSettings())
        #expect(file.text.contains("-- migrate:up\nSET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '15min';\n"))
    }

    /// A session reading the table holds a lock the ALTER must wait for: with the file's
    /// lock_timeout the migration gives up with 55P03 after 300 ms and rolls back, instead of
    /// waiting (and making every later query of the table wait behind it) until the reader ends.
    @Test(arguments: PostgresFlavor.allCases)
    func aMigrationBlockedByAHeldLockFailsWith55P03AfterItsLockTimeout(flavor: PostgresFlavor) async throws {
        let before = try Self.schema(Self.notes)
        let after = try Self.schema(Self.notes + "      body: text?\n")
        let first = try Self.files(from: Schema(), to: before, name: "notes")
        let second = try Self.files(from: before, to: after, existing: first, name: "body")
        try await Self.withNotesHeld(on: flavor, byHolderRunning: "SELECT count(*) FROM notes", applied: first) { db, connection, holder in
            let migrator = Migrator(connection: connection, migrations: try Self.sources(first + second))
            let started = ContinuousClock.now
            let run = Task { try await migrator.up() }
            // Bounded: without the timeout the migration would wait as long as the reader does.
            let gaveUp = try await waitForResult(of: run, "the blocked migration gives up")
            let elapsed = ContinuousClock.now - started
            let error = try #require(throws: MigratorError.self) { try gaveUp.get() }
            guard case .migrationFailed(let id, _, true, let cause) = error else { Issue.record("unexpected \(error)"); return }
            #expect(id == second[0].id)
            #expect(cause?.sqlState == "55P03")
            #expect(elapsed >= .milliseconds(300))
            #expect("\(error)".contains("its lock_timeout ran out waiting for a lock another session holds"))
            #expect(try await db.query("SELECT status FROM tusk_migrations WHERE id = \(literal: second[0].id)") == [["rolled back"]])
            // SET LOCAL ended with the rolled-back transaction.
            #expect(try await Self.setting("lock_timeout", on: connection) == "0")

            try await holder.execute("COMMIT")
            #expect(try await migrator.up().ran == [second[0].id])
            #expect(try await Self.setting("lock_timeout", on: connection) == "0")
            #expect(try await Self.setting("statement_timeout", on: connection) == "0")
        }
    }

    static let psql = URL(fileURLWithPath: "/usr/lib/postgresql/15/bin/psql")

    /// Applied by hand as docs/migrations.md says (`psql --single-transaction`), the up section's
    /// `SET LOCAL` holds too: psql stops at the lock_timeout instead of waiting for the reader.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: psql.path)))
    func byHandWithPsqlTheUpSectionIsProtectedToo() async throws {
        let before = try Self.schema(Self.notes)
        let after = try Self.schema(Self.notes + "      body: text?\n")
        let first = try Self.files(from: Schema(), to: before, name: "notes")
        let second = try Self.files(from: before, to: after, existing: first, name: "body")
        let up = FileManager.default.temporaryDirectory.appendingPathComponent("up-\(UUID().uuidString).sql")
        try Self.sources(second)[0].up.write(to: up, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: up) }
        try await Self.withNotesHeld(on: .standard, byHolderRunning: "SELECT count(*) FROM notes", applied: first) { db, _, _ in
            let arguments = ["--no-psqlrc", "--single-transaction", "-v", "ON_ERROR_STOP=1", "-d", db.connectionString, "-f", up.path]
            let run = Task { try await ChildProcess.run(Self.psql, arguments) }
            let output = try await waitForResult(of: run, "psql gives up on the held table").get()
            #expect(output.status != 0)
            #expect(output.stderr.contains("canceling statement due to lock timeout"), "\(output.stderr)")
            #expect(try await db.query("SELECT count(*) FROM information_schema.columns WHERE table_name = 'notes' AND column_name = 'body'") == [["0"]])
        }
    }

    /// A no-transaction file sets its timeouts for the session; when its statement fails before
    /// the file's own RESET lines, the migrator resets them, so the pooled connection does not
    /// keep a 300 ms lock_timeout for whatever it runs next.
    @Test(arguments: PostgresFlavor.allCases)
    func aFailedNoTransactionFileLeavesNoTimeoutOnTheSession(flavor: PostgresFlavor) async throws {
        let before = try Self.schema(Self.notes)
        let after = try Self.schema(Self.notes + "    indexes:\n      - { columns: [id], name: notes_id_idx }\n")
        let first = try Self.files(from: Schema(), to: before, name: "notes")
        let online = try Self.files(from: before, to: after, existing: first, online: true, name: "index")
        try await Self.withNotesHeld(on: flavor, byHolderRunning: "LOCK TABLE notes IN SHARE MODE", applied: first) { _, connection, holder in
            let migrator = Migrator(connection: connection, migrations: try Self.sources(first + online))
            let run = Task { try await migrator.up() }
            let outcome = try await waitForResult(of: run, "the blocked CREATE INDEX CONCURRENTLY gives up")
            let error = try #require(throws: MigratorError.self) { try outcome.get() }
            guard case .migrationFailed(_, _, false, let cause) = error else { Issue.record("unexpected \(error)"); return }
            #expect(cause?.sqlState == "55P03")
            #expect(try await Self.setting("lock_timeout", on: connection) == "0")
            #expect(try await Self.setting("statement_timeout", on: connection) == "0")
            try await holder.execute("ROLLBACK")
        }
    }

    /// A database with `applied` migrated on `connection`, and another session (`holder`) in an
    /// open transaction that ran `lock`, so it holds a lock on notes until it ends.
    static func withNotesHeld(
        on flavor: PostgresFlavor, byHolderRunning lock: SQLScript, applied: [MigrationFile],
        _ body: (TestDatabase, Connection, Connection) async throws -> Void
    ) async throws {
        try await withTestDatabase(flavor) { db in
            let configuration = try PostgresConfiguration(db.connectionString)
            let connection = try await Connection.connect(configuration)
            let holder = try await Connection.connect(configuration)
            let outcome: Result<Void, any Error>
            do {
                try await Migrator(connection: connection, migrations: sources(applied)).up()
                try await holder.execute("BEGIN")
                try await holder.execute(lock)
                try await body(db, connection, holder)
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            await holder.close()
            await connection.close()
            try outcome.get()
        }
    }
}

/// Waits (bounded) for `task` to finish and returns its outcome; a task still running after
/// `timeout` fails the test instead of hanging it. Generous: in the parallel run other suites
/// hold the cooperative threads for seconds, and the waits under test last 300 ms.
func waitForResult<T: Sendable>(
    of task: Task<T, any Error>, _ what: String, timeout: Duration = .seconds(60)
) async throws -> Result<T, any Error> {
    let box = ResultBox<T>()
    let watcher = Task { await box.set(await task.result) }
    do {
        try await waitUntil(what, timeout: timeout) { await box.value != nil }
    } catch {
        task.cancel()
        watcher.cancel()
        throw error
    }
    return await box.value!
}

private actor ResultBox<T: Sendable> {
    var value: Result<T, any Error>?
    func set(_ result: Result<T, any Error>) { value = result }
}
