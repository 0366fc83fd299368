import Foundation
import Tusk

/// A fresh, empty database on a throwaway cluster, for one test.
public struct TestDatabase: Sendable {
    public let cluster: PostgresCluster
    public let name: String

    /// libpq conninfo: `host=/dev/shm/tusk-pg-... port=N user=tusk dbname=X`.
    public var connectionString: String { cluster.connectionString(database: name) }
    /// `postgresql://tusk@localhost:N/X?host=%2Fdev%2Fshm%2F...`
    public var url: String { cluster.url(database: name) }
    /// `server_version_num`, e.g. 150018.
    public var serverVersion: Int { cluster.serverVersion }

    /// Creates a new database with a unique name on the flavor's shared cluster.
    public static func create(_ flavor: PostgresFlavor = .standard, prefix: String = "t") async throws -> TestDatabase {
        let cluster = try await PostgresCluster.shared(flavor)
        let name = "\(prefix)_\(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF)".lowercased()
        _ = try await cluster.adminQuery("CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'")
        return TestDatabase(cluster: cluster, name: name)
    }

    /// Runs an SQL script (several statements allowed) in this database. Like Tusk's
    /// `execute`, a script interpolates no values (see `SQLScript`).
    public func execute(_ script: SQLScript) async throws {
        _ = try await query(script)
    }

    /// Runs a SQL script and returns the last result's rows as text (NULL as nil).
    public func query(_ script: SQLScript) async throws -> [[String?]] {
        try await AdminConnection.query(on: connectionString, script.text)
    }

    /// Drops the database, ending any session still connected to it.
    public func drop() async throws {
        _ = try await cluster.adminQuery("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

/// Creates a fresh database, runs `body` with it, and drops it afterwards (also when `body` throws).
public func withTestDatabase<T: Sendable>(
    _ flavor: PostgresFlavor = .standard, _ body: (TestDatabase) async throws -> T
) async throws -> T {
    let database = try await TestDatabase.create(flavor)
    do {
        let result = try await body(database)
        try await database.drop()
        return result
    } catch {
        try? await database.drop()
        throw error
    }
}
