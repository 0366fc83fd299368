import Foundation
import Synchronization
import Tusk

/// A ``QueryCacheStorage`` outside the process: a table in another PostgreSQL database, holding
/// each entry only as the bytes of ``QueryCacheEntry/serialized()`` (what a Redis or memcached
/// storage would keep). Shared between processes, so the cache must run with `crossProcess`.
/// `failing` makes every call throw, like a store that is down.
final class TableCacheStorage: QueryCacheStorage {
    static let schema: SQLScript = """
        CREATE TABLE cache_entries (
            key bytea PRIMARY KEY, tables text[] NOT NULL, expires timestamptz NOT NULL, entry bytea NOT NULL)
        """
    let store: Database
    private let down = Atomic<Bool>(false)

    init(_ store: Database) { self.store = store }

    var failing: Bool {
        get { down.load(ordering: .sequentiallyConsistent) }
        set { down.store(newValue, ordering: .sequentiallyConsistent) }
    }

    struct StoreDown: Error {}

    private func checkUp() throws { if failing { throw StoreDown() } }

    func entry(for key: QueryCacheKey) async throws -> QueryCacheEntry? {
        try checkUp()
        let bytes = try await store.query(
            "SELECT entry FROM cache_entries WHERE key = \(Data(key.bytes)) AND expires > now()", as: Data.self)
        return try bytes.first.map { try QueryCacheEntry(serialized: Array($0)) }
    }

    func store(_ entry: QueryCacheEntry) async throws {
        try checkUp()
        try await store.run("""
            INSERT INTO cache_entries (key, tables, expires, entry)
            VALUES (\(Data(entry.key.bytes)), \(entry.tables.sorted()), \(entry.expires), \(Data(entry.serialized())))
            ON CONFLICT (key) DO UPDATE SET tables = EXCLUDED.tables, expires = EXCLUDED.expires, entry = EXCLUDED.entry
            """)
    }

    func removeEntries(reading tables: Set<String>) async throws {
        try checkUp()
        try await store.run("DELETE FROM cache_entries WHERE tables && \(tables.sorted())")
    }

    func removeAll() async throws {
        try checkUp()
        try await store.run("DELETE FROM cache_entries")
    }

    /// The entries kept, decoded.
    func keptEntries() async throws -> [QueryCacheEntry] {
        try await store.query("SELECT entry FROM cache_entries", as: Data.self).map { try QueryCacheEntry(serialized: Array($0)) }
    }

    /// The tables of the entries kept, one string per entry (sorted, comma-separated).
    func keptTables() async throws -> [String] {
        try await store.query("SELECT array_to_string(tables, ',') FROM cache_entries ORDER BY 1", as: String.self)
    }
}
