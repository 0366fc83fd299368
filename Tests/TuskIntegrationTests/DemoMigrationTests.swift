import Foundation
import Testing
import TuskTesting

/// `make demo` walks the product's own path: the generated `db.migrate()` applies the embedded
/// migrations on DATABASE_URL, a second run applies nothing, and a database an older demo built
/// without history is named as such instead of failing obscurely.
@Suite struct DemoMigrationTests {
    /// Built next to the test bundle by `swift build --build-tests`.
    static let demo = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("TuskDemo")

    /// Runs the demo against `url`; stdout and stderr together.
    static func runDemo(databaseURL url: String) async throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = url
        let run = try await ChildProcess.run(demo, environment: environment, mergingOutput: true)
        return (run.status, run.stdout)
    }

    static var embeddedMigrationIDs: [String] {
        TuskEmbeddedMigrations.files.map { String($0.name.dropLast(".sql".count)) }
    }

    @Test func theDemoMigratesAFreshDatabaseThenFindsItUpToDate() async throws {
        try await withTestDatabase(.pgvector) { db in try await Self.theDemoMigratesAFreshDatabaseThenFindsItUpToDate(db) }
    }

    private static func theDemoMigratesAFreshDatabaseThenFindsItUpToDate(_ db: TestDatabase) async throws {
        let first = try await Self.runDemo(databaseURL: db.connectionString)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("Migrations: applied \(Self.embeddedMigrationIDs.count) embedded migration(s) with db.migrate(): \(Self.embeddedMigrationIDs.joined(separator: ", "))"))
        let history = try await db.query("SELECT id, status FROM tusk_migrations ORDER BY id")
        #expect(history == Self.embeddedMigrationIDs.map { [$0, "applied"] })

        let second = try await Self.runDemo(databaseURL: db.connectionString)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.contains("Migrations: the database is up to date (nothing to apply)"))
        let historyAfter = try await db.query("SELECT id, status FROM tusk_migrations ORDER BY id")
        #expect(historyAfter == history)
        // Nothing the server said reached the terminal (notices go to the logger).
        #expect(!second.output.contains("NOTICE"))
    }

    @Test func aDatabaseAnOlderDemoBuiltWithoutHistoryIsNamedWithTheWayOut() async throws {
        try await withTestDatabase(.pgvector) { db in
            try await db.execute("CREATE TABLE users (id uuid PRIMARY KEY, email text)")
            let run = try await Self.runDemo(databaseURL: db.connectionString)
            #expect(run.status == 1)
            #expect(run.output.contains("already has the demo's tables (users, documents, ...) but no migration history"))
            #expect(run.output.contains("Point DATABASE_URL at an empty database"))
            #expect(try await db.query("SELECT to_regclass('tusk_migrations') IS NULL") == [["t"]])
        }
    }
}
