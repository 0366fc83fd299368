import Foundation
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// The package root's schema.yaml as the SQL that creates it (TuskMigrations' DDL, what
/// `tusk sql` prints).
let schemaSQL: String = {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("schema.yaml")
    do {
        return SchemaDDL.createScript(for: try SchemaLoader.load(file: file))
    } catch {
        return "DO $$ BEGIN RAISE EXCEPTION 'schema.yaml does not load: %', \(SQLText.literal("\(error)")); END $$;"
    }
}()

/// A fresh database (PostgreSQL 16 + pgvector) with schema.yaml applied, and a pool on it.
func withSchemaDatabase<T: Sendable>(maxConnections: Int = 4, _ body: (Database) async throws -> T) async throws -> T {
    try await withConnectedTestDatabase(.pgvector, setup: SQLScript(unsafeRaw: schemaSQL), maxConnections: maxConnections, body)
}

/// A user with a unique email.
func makeUser(_ db: Database, _ name: String = "Ann", nickname: String? = nil) async throws -> User.Row {
    try await db.insert(User.Insert(
        email: "\(name.lowercased().replacingOccurrences(of: " ", with: "."))@example.com", name: name,
        nickname: nickname, passwordHash: "h"))
}

/// The values of a rendered statement, as text.
extension SQL {
    var values: [String] { bindings.map { String(describing: $0.value) } }
}

/// The error `body` throws, as `E` (nil when it throws nothing or something else).
func thrown<E: Error>(_ type: E.Type, _ body: () async throws -> Void) async -> E? {
    do {
        try await body()
        return nil
    } catch let error as E {
        return error
    } catch {
        return nil
    }
}
