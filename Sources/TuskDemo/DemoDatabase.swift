import Foundation
import Tusk
import TuskMigrator
import TuskDev

/// Where the demo runs: what `DevDatabase.connect()` picks, as any app would get it: the database
/// DATABASE_URL (or the PG* variables) names, else the persistent local PostgreSQL under .tusk/dev
/// (16 + pgvector from scripts/setup.sh), started on demand and reused by the next run.
struct DemoDatabase {
    let db: Database
    let description: String

    static func open() async throws -> DemoDatabase {
        let environment = ProcessInfo.processInfo.environment
        let db = try await DevDatabase.connect(environment: environment)
        guard DatabaseChoice.choose(environment: environment, debugBuild: DatabaseChoice.isDebugBuild) == .localDevServer else {
            return DemoDatabase(db: db, description: "your settings (\(try PostgresConfiguration.fromEnvironment(environment)))")
        }
        let directory = DevDatabase.defaultDirectory(environment: environment)
        return DemoDatabase(db: db, description: """
            the local development PostgreSQL in \(directory), kept between runs \
            (`swift run tusk dev stop` stops it; set DATABASE_URL to use yours)
            """)
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
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
