import Foundation
import Tusk
import TuskMigrations
import TuskSchema
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

    /// Creates the schema in an empty database; a database that already has it is left alone.
    /// The SQL is TuskMigrations' DDL for the package's schema.yaml (`db.migrate()` replaces
    /// this once the migrator lands). gen_random_uuid() is built in since PostgreSQL 13, so
    /// pgcrypto is not required.
    func createSchema() async throws -> Bool {
        let existing: Bool? = try await db.queryFirst("SELECT to_regclass('users') IS NOT NULL", as: Bool.self)
        if existing == true { return false }
        let sql = SchemaDDL.createScript(for: try SchemaLoader.load(file: Self.schemaFile))
            .replacingOccurrences(of: "CREATE EXTENSION IF NOT EXISTS pgcrypto;", with: "")
        try await db.execute(SQLScript(unsafeRaw: sql))
        return true
    }

    /// The package root's schema.yaml, the one the plugin generated this program's types from.
    static let schemaFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schema.yaml")

    func close() async throws {
        await db.shutdown()
        try await embedded?.drop()
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
