import Tusk

extension TestDatabase {
    /// A Tusk `Database` (a pool) on this test database. Call `shutdown()` on it when done.
    public func connect(maxConnections: Int = 4) async throws -> Database {
        var configuration = try PostgresConfiguration(connectionString)
        configuration.pool.maxConnections = maxConnections
        return try await Database.connect(configuration)
    }
}

/// Creates a fresh database, runs `setup` (an SQL script, e.g. the schema's DDL) in it, and runs
/// `body` with a connected `Database`; shuts the pool down and drops the database afterwards,
/// also when `body` throws. Pair with ``withRollbackTransaction(on:isolation:_:)-(Database,_,_)`` to share one
/// such database between the tests of a suite.
public func withConnectedTestDatabase<T: Sendable>(
    _ flavor: PostgresFlavor = .standard, setup: SQLScript? = nil, maxConnections: Int = 4,
    _ body: (Database) async throws -> T
) async throws -> T {
    try await withTestDatabase(flavor) { testDatabase in
        if let setup { try await testDatabase.execute(setup) }
        return try await withShutdown(try await testDatabase.connect(maxConnections: maxConnections), body)
    }
}

/// Runs `body` with `database`, then shuts it down, also when `body` throws.
public func withShutdown<T: Sendable>(_ database: Database, _ body: (Database) async throws -> T) async throws -> T {
    do {
        let result = try await body(database)
        await database.shutdown()
        return result
    } catch {
        await database.shutdown()
        throw error
    }
}
