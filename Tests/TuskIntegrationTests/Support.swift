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

/// A fresh database (PostgreSQL 16 + pgvector) with schema.yaml applied, and a pool on it:
/// straight to the server, or through PgBouncer when ``SchemaDatabaseRoute/current`` says so.
func withSchemaDatabase<T: Sendable>(maxConnections: Int = 4, _ body: (Database) async throws -> T) async throws -> T {
    let setup = SQLScript(unsafeRaw: schemaSQL)
    switch SchemaDatabaseRoute.current {
    case .direct:
        return try await withConnectedTestDatabase(.pgvector, setup: setup, maxConnections: maxConnections, body)
    case .pgbouncer:
        return try await withTestDatabase(.pgvector) { testDatabase in
            try await testDatabase.execute(setup)
            let bouncer = try await SchemaDatabaseRoute.sharedBouncer.value
            var configuration = try PostgresConfiguration(bouncer.connectionString(database: testDatabase.name))
            configuration.pool.maxConnections = maxConnections
            configuration.pooler = .pgbouncerTransaction
            return try await withShutdown(try await Database.connect(configuration), body)
        }
    }
}

/// Where ``withSchemaDatabase(maxConnections:_:)`` connects its pool (PgBouncerIntegrationTests
/// runs suites through PgBouncer).
enum SchemaDatabaseRoute: Sendable {
    case direct
    /// Through one PgBouncer (transaction mode) per process, in front of the pgvector cluster.
    case pgbouncer

    @TaskLocal static var current = SchemaDatabaseRoute.direct

    /// Eight server sessions per database: the suites' concurrent tests hold at most that many
    /// transactions open at once (a lock holder and its waiters must not queue behind each other).
    static let sharedBouncer = Task {
        try await PgBouncer.start(in: try await PostgresCluster.shared(.pgvector), poolSize: 8)
    }
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
