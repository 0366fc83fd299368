import Foundation
import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// Migration files, the snapshot and tusk.sum, as `generate-migration` writes them.
@Suite struct MigrationFilesTests {
    let users = try! Fixtures.yaml("tables:\n  users:\n    columns:\n      id: { type: integer, primary_key: true }\n")
    let withBio = try! Fixtures.yaml("tables:\n  users:\n    columns:\n      id: { type: integer, primary_key: true }\n      bio: text?\n    indexes:\n      - { columns: [bio] }\n")
    let noon = Date(timeIntervalSince1970: 1_764_072_000) // 2025-11-25 12:00:00 UTC

    func temporaryWorkspace() throws -> MigrationWorkspace {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return MigrationWorkspace(directory: url)
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(String(repeating: "a", count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func writesTheFileSnapshotAndSumThenSeesNoChanges() throws {
        let workspace = try temporaryWorkspace()
        let first = try #require(try MigrationGenerator.generate(name: "create_users", from: workspace.snapshot(), to: users, existing: [], now: noon))
        try workspace.write(first)
        #expect(first.files.map(\.fileName) == ["20251125120000_create_users.sql"])
        let text = first.files[0].text
        #expect(text.hasPrefix("-- Tusk migration 20251125120000_create_users, generated from schema.yaml."))
        #expect(text.contains("--   1. create table users\n"))
        let timeouts = "SET LOCAL lock_timeout = '5s';\nSET LOCAL statement_timeout = '15min';\n\n"
        #expect(text.contains("-- migrate:up\n" + timeouts + "CREATE TABLE users (\n"))
        #expect(text.hasSuffix("-- migrate:down\n" + timeouts + "DROP TABLE users;\n"))
        #expect(try workspace.snapshot() == users)
        #expect(try workspace.verify().isEmpty)
        #expect(try MigrationGenerator.generate(name: "again", from: workspace.snapshot(), to: users, existing: workspace.migrations(), now: noon) == nil)

        // The next one comes after the newest even when the clock says otherwise.
        let second = try #require(try MigrationGenerator.generate(name: "add_bio", from: workspace.snapshot(), to: withBio, existing: workspace.migrations(), now: noon))
        #expect(second.files.map(\.fileName) == ["20251125120001_add_bio.sql"])
        #expect(second.files[0].text.contains("--   TK203 index-without-concurrently: creates index users_bio_idx on existing table users without CONCURRENTLY."))
        try workspace.write(second)
        #expect(try workspace.sum().entries.map(\.file) == ["20251125120000_create_users.sql", "20251125120001_add_bio.sql"])
        #expect(try workspace.verify().isEmpty)
    }

    @Test func destructiveChangesAreRefusedUnlessAllowed() throws {
        #expect(throws: MigrationFileError.destructive(["TK101 drop-column: drops column users.bio and its values"])) {
            try MigrationGenerator.generate(name: "drop_bio", from: withBio, to: users, existing: [], now: noon)
        }
        let allowed = try #require(try MigrationGenerator.generate(name: "drop_bio", from: withBio, to: users, existing: [], options: .init(allowDestructive: true), now: noon))
        #expect(allowed.files[0].text.contains("-- WARNING (destructive) TK101 drop-column: drops column users.bio and its values\nALTER TABLE users DROP COLUMN bio;"))
        #expect(throws: MigrationFileError.badName("Add Bio")) {
            try MigrationGenerator.generate(name: "Add Bio", from: users, to: withBio, existing: [], now: noon)
        }
    }

    @Test func onlineWritesNonTransactionalStepsToTheirOwnFile() throws {
        let generated = try #require(try MigrationGenerator.generate(name: "add_bio", from: users, to: withBio, existing: [], options: .init(plan: PlanOptions(online: true)), now: noon))
        #expect(generated.files.map(\.fileName) == ["20251125120000_add_bio_1.sql", "20251125120001_add_bio_2.sql"])
        #expect(!generated.files[0].text.contains(MigrationFile.noTransactionMarker))
        #expect(generated.files[1].text.contains("\n-- tusk:no-transaction\n"))
        #expect(generated.files[1].text.contains("CREATE INDEX CONCURRENTLY users_bio_idx ON users (bio);"))
    }

    @Test func editedMissingAndUnlistedFilesAreReported() throws {
        let workspace = try temporaryWorkspace()
        try workspace.write(try #require(try MigrationGenerator.generate(name: "create_users", from: Schema(), to: users, existing: [], now: noon)))
        try workspace.write(try #require(try MigrationGenerator.generate(name: "add_bio", from: users, to: withBio, existing: workspace.migrations(), now: noon)))
        let first = workspace.migrationsDirectory.appendingPathComponent("20251125120000_create_users.sql")
        let original = try String(contentsOf: first, encoding: .utf8)
        try (original + "-- edited\n").write(to: first, atomically: true, encoding: .utf8)
        #expect(try workspace.verify() == ["20251125120000_create_users.sql does not match tusk.sum (edited after it was generated, or an earlier file was)"])
        try original.write(to: first, atomically: true, encoding: .utf8)
        try "SELECT 1;".write(to: workspace.migrationsDirectory.appendingPathComponent("20251125110000_by_hand.sql"), atomically: true, encoding: .utf8)
        #expect(try workspace.verify() == ["20251125110000_by_hand.sql is not in tusk.sum (written by hand, or merged from another branch: regenerate it on top of the latest migration)"])
        try FileManager.default.removeItem(at: workspace.migrationsDirectory.appendingPathComponent("20251125110000_by_hand.sql"))
        try FileManager.default.removeItem(at: first)
        #expect(try workspace.verify() == ["20251125120000_create_users.sql is listed in tusk.sum but missing from the migrations directory"])
    }

    /// What CI's `generate-migration --check` asserts, for the package's own schema.yaml.
    @Test func rootSchemaHasItsMigrationsAndTheyMatchTheSum() throws {
        let workspace = MigrationWorkspace(directory: Fixtures.packageRoot.appendingPathComponent("Generated"))
        #expect(try workspace.verify().isEmpty)
        #expect(MigrationPlanner.plan(from: try workspace.snapshot(), to: try Fixtures.rootSchema()).isEmpty)
    }

    /// The generated migrations of schema.yaml, applied in order, build what `tusk sql` builds,
    /// and their down sections, in reverse, empty the database again.
    @Test func rootMigrationsMatchTusksSQL() async throws {
        let workspace = MigrationWorkspace(directory: Fixtures.packageRoot.appendingPathComponent("Generated"))
        // The root schema needs no contrib extension: they apply as written on the pgvector build.
        let sources = try MigrationSource.load(directory: workspace.migrationsDirectory)
        #expect(!sources.isEmpty)
        let schema = try Fixtures.rootSchema()
        let direct = try await withTestDatabase(.pgvector) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: schema)))
            return try await CatalogDump.read(db, columnOrder: false)
        }
        try await withTestDatabase(.pgvector) { db in
            let empty = try await CatalogDump.read(db, columnOrder: false)
            for source in sources { try await db.execute(SQLScript(unsafeRaw: source.up)) }
            let migrated = try await CatalogDump.read(db, columnOrder: false)
            #expect(migrated == direct, "\(migrated.difference(from: direct))")
            for source in sources.reversed() where !source.down.isEmpty { try await db.execute(SQLScript(unsafeRaw: source.down)) }
            #expect(try await CatalogDump.read(db, columnOrder: false) == empty)
        }
    }
}
