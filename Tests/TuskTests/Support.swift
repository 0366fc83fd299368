import Foundation
import Tusk
import TuskTesting

/// A fresh database on TuskTesting's server, a Tusk `Database` connected to it, then cleanup.
func withDatabase<T: Sendable>(
    _ flavor: PostgresFlavor = .standard,
    _ settings: Settings = Settings(),
    _ body: (Database, TestDatabase) async throws -> T
) async throws -> T {
    try await withTestDatabase(flavor) { testDatabase in
        var configuration = try PostgresConfiguration(testDatabase.connectionString)
        configuration.pool.maxConnections = settings.maxConnections
        configuration.pool.minConnections = settings.minConnections
        configuration.statementTimeout = settings.statementTimeout
        configuration.statementMode = settings.statementMode
        configuration.preparedStatementCacheSize = settings.cacheSize
        configuration.pool.acquireTimeout = settings.acquireTimeout
        configuration.pool.livenessCheckAfterIdle = settings.livenessCheckAfterIdle
        configuration.pool.maxLifetime = settings.maxLifetime
        let db = try await Database.connect(configuration)
        do {
            let result = try await body(db, testDatabase)
            await db.shutdown()
            return result
        } catch {
            await db.shutdown()
            throw error
        }
    }
}

/// The error `body` throws, as a PostgresError (nil when it does not throw one).
func postgresError(_ body: () async throws -> Void) async -> PostgresError? {
    do {
        try await body()
        return nil
    } catch let error as PostgresError {
        return error
    } catch {
        return nil
    }
}

/// Pool and session settings a test changes from the defaults.
struct Settings {
    var maxConnections = 4
    var minConnections = 1
    var statementTimeout: Duration?
    var statementMode = StatementMode.prepared
    var cacheSize = 256
    var acquireTimeout: Duration = .seconds(30)
    var livenessCheckAfterIdle: Duration = .seconds(30)
    var maxLifetime: Duration = .seconds(1800)
}
