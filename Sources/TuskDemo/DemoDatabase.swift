import Foundation
import Tusk
import TuskMigrator
import TuskTesting

/// Where the demo runs: the database DATABASE_URL names, else an embedded PostgreSQL 16 +
/// pgvector that TuskTesting starts (and removes at exit).
struct DemoDatabase {
    let db: Database
    let description: String
    let embedded: TestDatabase?

    static func open() async throws -> DemoDatabase {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            let db = try await Database.connect()
            return DemoDatabase(db: db, description: "DATABASE_URL (\(try PostgresConfiguration(url)))", embedded: nil)
        }
        let embedded = try await TestDatabase.create(.pgvector)
        let db = try await Database.connect(try PostgresConfiguration(embedded.connectionString))
        return DemoDatabase(db: db, description: "embedded PostgreSQL \(embedded.serverVersion / 10000) + pgvector (set DATABASE_URL to use yours)", embedded: embedded)
    }

    /// Brings the schema up to date the way a service does at deploy: the generated
    /// `db.migrate()` applies the migrations the build plugin embedded from Generated/Migrations
    /// (no schema.yaml is read at run time), under the migration lock, recording each in
    /// `tusk_migrations`. Returns the ids it applied (empty: already up to date).
    func migrate() async throws -> [String] {
        try await refuseUnmigratedDemoTables()
        return try await db.migrate().ran
    }

    /// A database that an older demo built straight from DDL has the tables but no history:
    /// migrating it would fail on the first CREATE TABLE, so say what it is and what to do.
    private func refuseUnmigratedDemoTables() async throws {
        let state = try await db.queryFirst(
            "SELECT to_regclass('users') IS NOT NULL, to_regclass('tusk_migrations') IS NOT NULL", as: Bool.self, Bool.self)
        guard let (hasTables, hasHistory) = state, hasTables, !hasHistory else { return }
        throw DemoError("""
            this database already has the demo's tables (users, documents, ...) but no migration history \
            (no tusk_migrations table): an older demo created them without migrations, so db.migrate() cannot \
            tell what is applied. Point DATABASE_URL at an empty database, or drop those tables \
            (DROP SCHEMA public CASCADE; CREATE SCHEMA public;) and run the demo again. Tusk cannot yet \
            adopt such a database with a baseline migration.
            """)
    }

    func close() async throws {
        await db.shutdown()
        try await embedded?.drop()
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
