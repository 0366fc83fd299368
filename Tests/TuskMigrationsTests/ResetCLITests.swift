import Foundation
import Testing
@testable import Tusk
@testable import TuskMigrator
import TuskMigrations
import TuskSchema
import TuskTesting

/// `tusk migrate reset` against a real database: the guards, what it drops, and the migrations applied again.
@Suite struct ResetCLITests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func resetRefusesWithoutConfirmationDropsEverythingAndMigratesAgain() async throws {
        let (directory, workspace) = try migrationWorkspace(for: """
            enums:
              mood: [happy, sad]
            tables:
              notes:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
                  mood: { type: mood, default: happy }
            """)
        try await withTestDatabase(.standard) { db in
            let target = ["--database-url", db.connectionString, "--generated", directory.path]
            #expect(try await CLITests.tusk(["migrate", "up"] + target).status == 0)
            try await db.execute("""
                INSERT INTO notes DEFAULT VALUES;
                CREATE TABLE scratch (id int);
                CREATE VIEW happy_notes AS SELECT * FROM notes WHERE mood = 'happy';
                CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql AS 'SELECT 2 * x';
                CREATE SCHEMA keep; CREATE TABLE keep.other (id int);
                """)

            let unconfirmed = try await CLITests.tusk(["migrate", "reset"] + target)
            #expect(unconfirmed.status == 1)
            #expect(unconfirmed.stderr == "error: refusing to reset without --confirm: run again with --confirm \(db.name) to drop everything in it\n")
            let wrongName = try await CLITests.tusk(["migrate", "reset", "--confirm", "production"] + target)
            #expect(wrongName.status == 1)
            #expect(wrongName.stderr.contains("--confirm production does not name the database, which is \(db.name)"))
            #expect(try await db.query("SELECT count(*) FROM notes") == [["1"]], "a refused reset touched the database")

            let reset = try await CLITests.tusk(["migrate", "reset", "--confirm", db.name] + target)
            #expect(reset.status == 0, "\(reset.stderr)")
            #expect(reset.stdout == """
                Dropped view happy_notes
                Dropped table notes
                Dropped table scratch
                Dropped table tusk_migrations
                Dropped function twice(integer)
                Dropped type mood
                Applied \(try workspace.migrations()[0].name.dropLast(4))

                """)
            #expect(try await db.query("SELECT count(*) FROM notes") == [["0"]])
            #expect(try await db.query("SELECT to_regclass('scratch') IS NULL, to_regclass('keep.other') IS NOT NULL") == [["t", "t"]])
            #expect(try await CLITests.tusk(["migrate", "check"] + target).status == 0)
        }
    }

    /// A named schema the migrations create goes whole (its tables and enums with it) and comes
    /// back with them; a schema they do not create stays.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func resetDropsTheNamedSchemasTheMigrationsCreate() async throws {
        let (directory, workspace) = try migrationWorkspace(for: """
            enums:
              billing.status: [open, paid]
            tables:
              billing.invoices:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
                  status: billing.status
            """)
        try await withTestDatabase(.standard) { db in
            let target = ["--database-url", db.connectionString, "--generated", directory.path]
            #expect(try await CLITests.tusk(["migrate", "up"] + target).status == 0)
            try await db.execute("INSERT INTO billing.invoices (status) VALUES ('paid'); CREATE SCHEMA keep; CREATE TABLE keep.other (id int);")
            let reset = try await CLITests.tusk(["migrate", "reset", "--confirm", db.name] + target)
            #expect(reset.status == 0, "\(reset.stderr)")
            #expect(reset.stdout == """
                Dropped schema billing
                Dropped table tusk_migrations
                Applied \(try workspace.migrations()[0].name.dropLast(4))

                """)
            #expect(try await db.query("SELECT count(*) FROM billing.invoices") == [["0"]])
            #expect(try await db.query("SELECT to_regclass('keep.other') IS NOT NULL") == [["t"]])
            #expect(try await CLITests.tusk(["migrate", "check"] + target).status == 0)
        }
    }

    /// While another session holds the migration lock, reset waits (dropping nothing); once it
    /// has run, a running cross-process cache hears `*` on `tusk_cache` and is empty.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func resetHoldsTheMigrationLockAndEmptiesRunningCaches() async throws {
        let (directory, _) = try migrationWorkspace(for: """
            tables:
              notes:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
            """)
        try await withTestDatabase(.standard) { db in
            let target = ["--database-url", db.connectionString, "--generated", directory.path]
            #expect(try await CLITests.tusk(["migrate", "up"] + target).status == 0)
            try await db.execute("INSERT INTO notes DEFAULT VALUES")
            var configuration = try PostgresConfiguration(db.connectionString)
            configuration.queryCache.crossProcess = true
            try await withShutdown(try await Database.connect(configuration)) { app in
                let count = SQL("SELECT count(*) FROM notes")
                @Sendable func cachedCount() async throws -> Int64? {
                    try await app.queryCache.result(of: count, reading: ["notes"], ttl: .seconds(60)) { try await app.query(count) }
                        .firstValue(as: Int64.self)
                }
                #expect(try await cachedCount() == 1)
                #expect(app.queryCache.usage?.entries == 1)
                var heard = try await app.notifications(channel: "tusk_cache").makeAsyncIterator()

                let holder = try await db.connect(maxConnections: 1)
                let reset = try await withShutdown(holder) { holder in
                    try await holder.withConnection { session in
                        _ = try await session.query("SELECT pg_advisory_lock(\(Migrator.lockKey))")
                        async let reset = CLITests.tusk(["migrate", "reset", "--confirm", db.name] + target)
                        try await waitUntil("reset waits for the migration lock") {
                            try await db.query("""
                                SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                                WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = current_database()
                                """) == [["1"]]
                        }
                        #expect(try await db.query("SELECT count(*) FROM notes") == [["1"]], "reset dropped before it held the lock")
                        #expect(app.queryCache.usage?.entries == 1)
                        _ = try await session.query("SELECT pg_advisory_unlock(\(Migrator.lockKey))")
                        return try await reset
                    }
                }
                #expect(reset.status == 0, "\(reset.stderr)")
                #expect(reset.stdout.hasPrefix("Dropped table notes\n"))
                // Bounded first: only the notification empties the cache (the reset's own session does not publish).
                try await waitUntil("the cache emptied", timeout: .seconds(5)) { app.queryCache.usage?.entries == 0 }
                if case .notification(let note) = await heard.next() { #expect(note.payload == "*") } else { Issue.record("no notification") }
                #expect(try await cachedCount() == 0)
            }
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func aRemoteHostIsRefusedUnlessForced() async throws {
        // A server of its own on 127.0.0.2 too: a loopback address that Tusk does not count as
        // local (only 127.0.0.1 is), standing in for a remote host.
        let cluster = try await PostgresCluster.start(listenAddresses: ["127.0.0.1", "127.0.0.2"])
        defer { cluster.stop() }
        _ = try await cluster.adminQuery("CREATE DATABASE dev")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-reset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("Migrations"), withIntermediateDirectories: true)
        let target = ["--database-url", "host=127.0.0.2 port=\(cluster.port) user=tusk dbname=dev sslmode=disable", "--generated", directory.path]
        let refused = try await CLITests.tusk(["migrate", "reset", "--confirm", "dev"] + target)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: refusing to reset dev on 127.0.0.2: it is not a local server; add --force if it really is a development database\n")
        let forced = try await CLITests.tusk(["migrate", "reset", "--confirm", "dev", "--force"] + target)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout == "Nothing to drop.\nNo migrations to apply.\n")
    }
}

/// A temporary Generated/ directory holding the one migration that creates `yaml`'s schema.
private func migrationWorkspace(for yaml: String) throws -> (URL, MigrationWorkspace) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-reset-\(UUID().uuidString)")
    let workspace = MigrationWorkspace(directory: directory)
    let schema = try Fixtures.yaml(yaml)
    try workspace.write(try #require(try MigrationGenerator.generate(name: "notes", from: Schema(), to: schema, existing: [])))
    return (directory, workspace)
}
