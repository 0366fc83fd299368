import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// The `tusk` executable as users run it: exit codes, stdout, stderr.
@Suite struct CLITests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// Built next to the test bundle by `swift build --build-tests`.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tusk")

    static func tusk(_ arguments: String...) async throws -> Run { try await tusk(arguments) }

    static func tusk(_ arguments: [String], in directory: URL = Fixtures.packageRoot) async throws -> Run {
        let run = try await ChildProcess.run(executable, arguments, currentDirectory: directory)
        return Run(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func sqlPrintsTheCreateScript() async throws {
        let run = try await Self.tusk("sql", "schema.yaml")
        #expect(run.status == 0)
        #expect(run.stdout == SchemaDDL.createScript(for: try Fixtures.rootSchema()))
        #expect(run.stderr.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func validateReportsEveryProblemOnStderrAndExitsOne() async throws {
        let good = try await Self.tusk("validate", "schema.yaml")
        #expect(good.status == 0)
        #expect(good.stdout.contains("schema.yaml: ok"))
        let path = Fixtures.directory.appendingPathComponent("invalid.yaml").path
        let bad = try await Self.tusk("validate", path)
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("invalid.yaml:4:"))
        #expect(bad.stderr.split(separator: "\n").count >= 2)
        let missing = try await Self.tusk("sql", "no-such-file.yaml")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-file.yaml:1:1: error: cannot read the schema file"))
    }

    /// Lint findings are warnings on stderr (exit 0); `--strict` makes them fail the command.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func validatePrintsLintAndFailsOnItOnlyWhenStrict() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString).yaml")
        try "tables:\n  events:\n    columns:\n      id: { type: bigint, primary_key: true, identity: true }\n      at: timestamp\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let finding = "\(file.path):5:11: warning: TL002 timestamp-without-time-zone: column 'events.at' is timestamp (without time zone)"
        let lenient = try await Self.tusk("validate", file.path)
        #expect(lenient.status == 0)
        #expect(lenient.stderr.hasPrefix(finding))
        #expect(lenient.stdout == "\(file.path): ok (1 tables, 0 enums, 1 lint warning)\n")
        let strict = try await Self.tusk("validate", "--strict", file.path)
        #expect(strict.status == 1)
        #expect(strict.stderr.hasPrefix(finding))
        #expect(strict.stderr.contains("error: --strict: the schema lint has 1 finding"))
        // The root schema is lint clean (its opt-outs give their reasons), so CI can run --strict.
        #expect(try await Self.tusk("validate", "--strict", "schema.yaml").status == 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func helpListsTheSubcommands() async throws {
        let run = try await Self.tusk("--help")
        #expect(run.status == 0)
        #expect(run.stdout.contains("validate"))
        #expect(run.stdout.contains("sql"))
    }
}

/// `tusk migrate` against a real database.
@Suite struct MigrateCLITests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func upStatusCheckDown() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-cli-\(UUID().uuidString)")
        let workspace = MigrationWorkspace(directory: directory)
        let schema = try Fixtures.yaml("tables:\n  notes:\n    columns:\n      id: { type: integer, primary_key: true }\n")
        try workspace.write(try #require(try MigrationGenerator.generate(name: "notes", from: Schema(), to: schema, existing: [])))
        try await withTestDatabase(.standard) { db in
            let target = ["--database-url", db.connectionString, "--generated", directory.path]
            let pending = try await CLITests.tusk(["migrate", "check"] + target)
            #expect(pending.status == 1)
            #expect(pending.stderr.contains("pending: "))
            let up = try await CLITests.tusk(["migrate", "up"] + target)
            #expect(up.status == 0, "\(up.stderr)")
            #expect(up.stdout.hasPrefix("Applied "))
            #expect(try await CLITests.tusk(["migrate", "check"] + target).status == 0)
            let status = try await CLITests.tusk(["migrate", "status"] + target)
            #expect(status.stdout.hasPrefix("applied"))
            // The history table exists now: nothing (no server NOTICE, no log line) on stderr.
            #expect(status.stderr.isEmpty, "\(status.stderr)")
            let again = try await CLITests.tusk(["migrate", "up"] + target)
            #expect(again.stderr.isEmpty, "\(again.stderr)")
            let introspected = try await CLITests.tusk(["introspect", "--database-url", db.connectionString])
            #expect(introspected.status == 0)
            #expect(introspected.stdout.contains("tables:\n  notes:\n    columns:\n      id: { type: integer }\n    primary_key: [id]\n"))
            try await db.execute("ALTER TABLE notes ADD COLUMN extra integer; CREATE INDEX ON notes (extra);")
            let drift = try await CLITests.tusk(["migrate", "check"] + target)
            #expect(drift.status == 1)
            #expect(drift.stderr.contains("drift: column notes.extra is not in the schema"))
            #expect(drift.stderr.contains("drift: indexes of notes: expected [], found"))
            try await db.execute("DROP INDEX notes_extra_idx; ALTER TABLE notes DROP COLUMN extra;")
            // Two deployers at once, as separate processes: each migration is applied once.
            let slow = "-- test\n\n\(MigrationFile.upMarker)\nSELECT pg_sleep(0.3); CREATE TABLE slow (id integer);\n\n\(MigrationFile.downMarker)\nDROP TABLE slow;\n"
            try slow.write(to: workspace.migrationsDirectory.appendingPathComponent("29990101000000_slow.sql"), atomically: true, encoding: .utf8)
            try Data(TuskSum(files: try workspace.migrations()).text.utf8).write(to: workspace.sumFile)
            async let a = CLITests.tusk(["migrate", "up"] + target)
            async let b = CLITests.tusk(["migrate", "up"] + target)
            let runs = try await [a, b]
            #expect(runs.map(\.status) == [0, 0], "\(runs.map(\.stderr))")
            #expect(runs.map(\.stdout).sorted() == ["Applied 29990101000000_slow\n", "Up to date.\n"])
            #expect(try await db.query("SELECT count(*) FROM tusk_migrations WHERE id = '29990101000000_slow'") == [["1"]])
            let down = try await CLITests.tusk(["migrate", "down", "--steps", "2"] + target)
            #expect(down.stdout == "Reverted 29990101000000_slow\nReverted \(try workspace.migrations()[0].name.dropLast(4))\n")
            #expect(try await db.query("SELECT to_regclass('notes') IS NULL") == [["t"]])
            let unreachable = try await CLITests.tusk(["migrate", "up", "--database-url", "host=/nonexistent port=1 dbname=x", "--generated", directory.path])
            #expect(unreachable.status == 1)
            #expect(unreachable.stderr.hasPrefix("error: "))
        }
    }
}

/// `tusk migration new` (what `swift package generate-migration` runs) in a scratch package.
@Suite struct MigrationNewCLITests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func writesRefusesAndChecks() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-new-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let schemaFile = directory.appendingPathComponent("schema.yaml")
        let generated = directory.appendingPathComponent("Generated").path
        func run(_ arguments: String...) async throws -> CLITests.Run {
            try await CLITests.tusk(["migration", "new", "--schema", schemaFile.path, "--generated", generated] + arguments)
        }
        try "tables:\n  notes:\n    columns:\n      id: { type: integer, primary_key: true }\n      body: text?\n".write(to: schemaFile, atomically: true, encoding: .utf8)
        #expect(try await run("--check").status == 1)
        let dry = try await run("--name", "notes", "--dry-run")
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("-- migrate:up\nSET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '15min';\n\nCREATE TABLE notes ("))
        #expect(!FileManager.default.fileExists(atPath: generated))
        let written = try await run("--name", "notes")
        #expect(written.status == 0)
        #expect(written.stdout.hasPrefix("Wrote "))
        #expect(try await run("--check").status == 0)
        #expect(try await run("--name", "again").stdout.hasPrefix("No changes"))

        try "tables:\n  notes:\n    columns:\n      id: { type: integer, primary_key: true }\n".write(to: schemaFile, atomically: true, encoding: .utf8)
        let refused = try await run("--name", "drop_body")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: the migration has destructive steps; re-run with --allow-destructive if this is intended:\n  TK101 drop-column: drops column notes.body and its values"))
        let allowed = try await run("--name", "drop_body", "--allow-destructive")
        #expect(allowed.status == 0)
        #expect(allowed.stderr.contains("warning: TK101 drop-column"))
        #expect(try MigrationWorkspace(directory: URL(fileURLWithPath: generated)).migrations().count == 2)

        let old = directory.appendingPathComponent("old.yaml")
        try "tables:\n  notes:\n    columns:\n      id: { type: integer, primary_key: true }\n      body: text?\n".write(to: old, atomically: true, encoding: .utf8)
        let diff = try await CLITests.tusk(["diff", old.path, schemaFile.path, "--down"])
        #expect(diff.status == 0)
        #expect(diff.stdout.hasPrefix("-- 1. drop column notes.body\n-- TK101 drop-column: drops column notes.body and its values."))
        #expect(diff.stdout.hasSuffix("-- down\nALTER TABLE notes ADD COLUMN body text;\n"))
        #expect(try await CLITests.tusk(["diff", schemaFile.path, schemaFile.path]).stdout == "No changes.\n")

        let bad = try await run("--name", "Bad Name")
        #expect(bad.status == 1)
        #expect(try await run("--check").status == 0)
    }
}

/// `tusk introspect` on a database with everything it cannot write (issue 16, item 1): it exits 0,
/// lists each object left out on stderr with a summary line, and `--strict` exits 1.
@Suite struct IntrospectCLITests {
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func listsWhatItLeavesOutAndStrictFails() async throws {
        let sql = try Fixtures.text("Adoption/01_pagila.sql")
        let expected = sql.split(separator: "\n").filter { $0.hasPrefix("-- left out: ") }.map { String($0.dropFirst(3)) }
        let (run, strict) = try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: sql))
            return (try await CLITests.tusk(["introspect", "--database-url", db.connectionString]),
                    try await CLITests.tusk(["introspect", "--strict", "--database-url", db.connectionString]))
        }
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("left out: ") }.sorted() == expected.sorted())
        #expect(lines.last == "introspected 5 tables, 1 enum, 5 sequences, 2 views; \(expected.count) objects left out or kept in another form (listed above)")
        #expect(strict.status == 1)
        #expect(strict.stdout == run.stdout)

        // `tusk sql` of what it wrote applies to a fresh database.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-introspected-\(UUID().uuidString).yaml")
        try run.stdout.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = try await CLITests.tusk(["sql", file.path])
        #expect(script.status == 0, "\(script.stderr)")
        #expect(script.stdout.contains("CREATE SEQUENCE actor_actor_id_seq AS integer;"))
        #expect(script.stdout.contains("ALTER SEQUENCE actor_actor_id_seq OWNED BY actor.actor_id;"))
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: script.stdout))
        }
    }
}

extension IntrospectCLITests {
    /// A name clash the loader would refuse (a to-many inverse with a column's name) is printed
    /// with the loader's fix, counted in the summary, and fails `--strict`; the exit status stays 0.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func whatValidateWouldRefuseIsSaidWithTheFix() async throws {
        let run = try await withTestDatabase(.standard) { db in
            try await db.execute("""
                CREATE TABLE customer (id integer PRIMARY KEY, rentals integer);
                CREATE TABLE rental (id integer PRIMARY KEY, customer_id integer REFERENCES customer (id));
                """)
            return try await CLITests.tusk(["introspect", "--database-url", db.connectionString])
        }
        #expect(run.status == 0)
        let fixes = run.stderr.split(separator: "\n").filter { $0.hasPrefix("to fix: schema.yaml:") }
        #expect(fixes.count == 1 && fixes[0].contains("choose another name with 'inverse:'"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("; nothing left out; 1 to fix before `tusk validate` passes\n"))
    }
}
