/// How long a read's answer may be served from the cache (`.cached(ttl:)`).
public struct ReadCaching: Sendable, Hashable {
    /// The longest an answer is kept, whatever the writes: the bound for changes Tusk cannot see
    /// (other clients, triggers; other processes without cross-process invalidation).
    public var ttl: Duration

    public init(ttl: Duration) { self.ttl = ttl }
}

extension QueryRunner {
    /// Runs a read built by Tusk, through this runner's cache when the read asks for it (or the
    /// runner is an eager load's ``CachedReadsRunner``) and the runner has one.
    func read(_ fragment: SQLFragment, caching: ReadCaching?) async throws -> QueryResult {
        // A read built by Tusk writes nothing (a locking read locks, it changes no row): its
        // text is never classified.
        let statement = fragment.sql.invalidating(tables: [])
        let caching = caching ?? (self as? CachedReadsRunner)?.caching
        guard let caching, let cache = readCache else { return try await query(statement) }
        return try await cache.result(of: statement, reading: fragment.readTables, ttl: caching.ttl) {
            try await query(statement)
        }
    }
}

/// A runner that makes every read of an eager load's included levels cached like its first level.
struct CachedReadsRunner: QueryRunner {
    let base: any QueryRunner
    let caching: ReadCaching

    func query(_ statement: SQL) async throws -> QueryResult { try await base.query(statement) }
    func execute(_ script: SQLScript) async throws { try await base.execute(script) }
    var readCache: QueryCache? { base.readCache }
}

extension QueryResult {
    /// Every row decoded by a row initializer (generated row structs).
    func rows<Value: PostgresRowDecodable>(as type: Value.Type) throws -> [Value] {
        try map { row in try Value(row: row) }
    }

    /// Every row decoded as a tuple.
    func tuples<each Value: PostgresDecodable>(as types: repeat (each Value).Type) throws -> [(repeat each Value)] {
        try map { row in try row.decode(repeat each types) }
    }

    /// The first row's first column, or nil when there is no row.
    func firstValue<Value: PostgresDecodable>(as type: Value.Type) throws -> Value? {
        try first?.decode(type, at: 0)
    }
}
