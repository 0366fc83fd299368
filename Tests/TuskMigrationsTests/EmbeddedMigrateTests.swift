import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskTesting

/// `Database.migrate(embedded:sum:)`: what the plugin-generated `db.migrate()` calls.
@Suite struct EmbeddedMigrateTests {
    static let files: [(name: String, contents: String)] = [
        ("20250101000000_users.sql", "-- test\n\n-- migrate:up\nCREATE TABLE users (id integer PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE users;\n"),
        ("20250102000000_posts.sql", "-- test\n\n-- migrate:up\nCREATE TABLE posts (id integer PRIMARY KEY, user_id integer REFERENCES users);\n\n-- migrate:down\nDROP TABLE posts;\n"),
    ]

    static func sumText(_ files: [(name: String, contents: String)]) -> String {
        TuskSum(files: files).text
    }

    @Test func appliesEmbeddedFilesOnceWithTheirSum() async throws {
        try await withTestDatabase(.standard) { db in
            let database = try await Database.connect(PostgresConfiguration(db.connectionString))
            let sum = Self.sumText(Self.files)
            #expect(try await database.migrate(embedded: Self.files, sum: sum).ran == ["20250101000000_users", "20250102000000_posts"])
            #expect(try await database.migrate(embedded: Self.files, sum: sum).ran.isEmpty)
            #expect(try await db.query("SELECT id, status FROM tusk_migrations ORDER BY id") == [
                ["20250101000000_users", "applied"], ["20250102000000_posts", "applied"],
            ])
            await database.shutdown()
        }
    }

    @Test func refusesFilesThatDoNotMatchTheEmbeddedSum() async throws {
        try await withTestDatabase(.standard) { db in
            let database = try await Database.connect(PostgresConfiguration(db.connectionString))
            var edited = Self.files
            edited[0].contents += "-- edited after the sum was written\n"
            await #expect(throws: MigratorError.self) {
                try await database.migrate(embedded: edited, sum: Self.sumText(Self.files))
            }
            // Nothing was applied.
            #expect(try await db.query("SELECT to_regclass('users') IS NULL") == [["t"]])
            await database.shutdown()
        }
    }
}
