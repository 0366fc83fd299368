/// Anything that runs SQL: a ``Database`` (pool), a ``Connection`` or a ``Transaction``.
/// Generated query builders and the migrator take `some QueryRunner`, so the same call works
/// inside and outside a transaction.
public protocol QueryRunner: Sendable {
    /// Runs one statement with bound parameters; rows come back in binary format.
    func query(_ statement: SQL) async throws -> QueryResult
    /// Runs a SQL script (simple protocol: several statements, no parameters). A script cannot
    /// interpolate values (see ``SQLScript``): use ``run(_:)`` or ``query(_:)`` for those.
    func execute(_ script: SQLScript) async throws
    /// The cache that reads asking for it (`.cached(ttl:)`) use on this runner now; nil runs
    /// them uncached. A ``Database`` has one (``Database/queryCache``); a ``Transaction`` and a
    /// connection inside a transaction block read around it (their snapshot and their own
    /// uncommitted writes are not what the cache holds).
    var readCache: QueryCache? { get }
}

extension QueryRunner {
    public var readCache: QueryCache? { nil }

    /// Rows decoded as tuples: `try await db.query("SELECT id, name FROM users", as: Int64.self, String.self)`.
    @inlinable
    public func query<each Value: PostgresDecodable>(
        _ statement: SQL, as types: repeat (each Value).Type
    ) async throws -> [(repeat each Value)] {
        try await query(statement).map { row in try row.decode(repeat each types) }
    }

    /// One column decoded per row: `try await db.query("SELECT email FROM users", as: String.self)`.
    @inlinable
    public func query<Value: PostgresDecodable>(_ statement: SQL, as type: Value.Type) async throws -> [Value] {
        try await query(statement).map { row in try row.decode(type, at: 0) }
    }

    /// The first row's first column, or nil when there is no row.
    @inlinable
    public func queryFirst<Value: PostgresDecodable>(_ statement: SQL, as type: Value.Type) async throws -> Value? {
        let result = try await query(statement)
        return try result.first?.decode(type, at: 0)
    }

    /// Rows decoded by a type's row initializer (generated row structs conform).
    @inlinable
    public func query<Value: PostgresRowDecodable>(_ statement: SQL, as type: Value.Type) async throws -> [Value] {
        try await query(statement).map { row in try Value(row: row) }
    }

    /// The first row decoded as a tuple, or nil when there is none.
    @inlinable
    public func queryFirst<each Value: PostgresDecodable>(
        _ statement: SQL, as types: repeat (each Value).Type
    ) async throws -> (repeat each Value)? {
        let result = try await query(statement)
        guard let row = result.first else { return nil }
        let value: (repeat each Value) = try row.decode(repeat each types)
        return value
    }

    /// The first row decoded by a row initializer, or nil when there is none.
    @inlinable
    public func queryFirst<Value: PostgresRowDecodable>(_ statement: SQL, as type: Value.Type) async throws -> Value? {
        let result = try await query(statement)
        return try result.first.map { try Value(row: $0) }
    }

    /// Runs a statement for its effect; returns the rows it affected.
    @discardableResult
    public func run(_ statement: SQL) async throws -> Int {
        try await query(statement).affectedRows
    }
}
