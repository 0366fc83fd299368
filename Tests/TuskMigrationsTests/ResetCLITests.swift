import Foundation
import Testing
import TuskMigrations
import TuskSchema
import TuskTesting

/// `tusk migrate reset` against a real database: the guards, what it drops, and the migrations applied again.
@Suite struct ResetCLITests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func resetRefusesWithoutConfirmationDropsEverythingAndMigratesAgain() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-reset-\(UUID().uuidString)")
        let workspace = MigrationWorkspace(directory: directory)
        let schema = try Fixtures.yaml("""
            enums:
              mood: [happy, sad]
            tables:
              notes:
                columns:
                  id: { type: bigint, primary_key: true, identity: true }
                  mood: { type: mood, default: happy }
            """)
        try workspace.write(try #require(try MigrationGenerator.generate(name: "notes", from: Schema(), to: schema, existing: [])))
        try await withTestDatabase(.standard) { db in
            let target = ["--database-url", db.connectionString, "--generated", directory.path]
            #expect(try CLITests.tusk(["migrate", "up"] + target).status == 0)
            try await db.execute("""
                INSERT INTO notes DEFAULT VALUES;
                CREATE TABLE scratch (id int);
                CREATE VIEW happy_notes AS SELECT * FROM notes WHERE mood = 'happy';
                CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql AS 'SELECT 2 * x';
                CREATE SCHEMA keep; CREATE TABLE keep.other (id int);
                """)

            let unconfirmed = try CLITests.tusk(["migrate", "reset"] + target)
            #expect(unconfirmed.status == 1)
            #expect(unconfirmed.stderr == "error: refusing to reset without --confirm: run again with --confirm \(db.name) to drop everything in it\n")
            let wrongName = try CLITests.tusk(["migrate", "reset", "--confirm", "production"] + target)
            #expect(wrongName.status == 1)
            #expect(wrongName.stderr.contains("--confirm production does not name the database, which is \(db.name)"))
            #expect(try await db.query("SELECT count(*) FROM notes") == [["1"]], "a refused reset touched the database")

            let reset = try CLITests.tusk(["migrate", "reset", "--confirm", db.name] + target)
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
            #expect(try CLITests.tusk(["migrate", "check"] + target).status == 0)
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
        let refused = try CLITests.tusk(["migrate", "reset", "--confirm", "dev"] + target)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: refusing to reset dev on 127.0.0.2: it is not a local server; add --force if it really is a development database\n")
        let forced = try CLITests.tusk(["migrate", "reset", "--confirm", "dev", "--force"] + target)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stdout == "Nothing to drop.\nNo migrations to apply.\n")
    }
}
