/// Where a ``QueryCache`` keeps its entries. The default is ``LRUQueryCacheStorage`` (in this
/// process, bounded, least recently used out first); put another one in
/// ``QueryCacheOptions/storage`` to keep them elsewhere (Redis, memcached, a table, another
/// process). docs/typed-api.md "Caching reads" has an example.
///
/// A storage only keeps, finds and drops entries: the cache alone decides whether an answer may
/// be stored (its per-table generations) and whether a found entry may be served (it must be
/// unexpired, have the key asked for, and its read must have begun after the last invalidation
/// of its tables this process knows of). Keep entries as ``QueryCacheEntry/serialized()`` bytes
/// and give them back with ``QueryCacheEntry/init(serialized:)``. The cache never holds a lock
/// while it awaits these methods; they may be called concurrently.
///
/// Errors: a method that throws makes the read go to the database (and an invalidation stay
/// local); each failure counts in `db.client.cache.storage_errors` and is logged as a warning.
/// An entry that does not decode (``QueryCacheEntry/DecodingError``, thrown by `entry(for:)`)
/// is a miss, counted in `db.client.cache.unreadable_entries`.
public protocol QueryCacheStorage: Sendable {
    /// The entry kept for `key`, or nil. Returning an expired entry is allowed (the cache does
    /// not serve it).
    func entry(for key: QueryCacheKey) async throws -> QueryCacheEntry?
    /// Keeps `entry`, replacing one with the same key, until ``QueryCacheEntry/expires`` at most.
    func store(_ entry: QueryCacheEntry) async throws
    /// Drops every entry that read one of `tables` (``QueryCacheEntry/tables``).
    func removeEntries(reading tables: Set<String>) async throws
    /// Drops every entry.
    func removeAll() async throws
    /// Whether other processes can reach the entries (true unless the storage says otherwise).
    /// A shared storage is safe only when every process invalidates the others
    /// (``QueryCacheOptions/crossProcess``): `Database.connect` refuses one without it.
    var isSharedBetweenProcesses: Bool { get }
}

extension QueryCacheStorage {
    public var isSharedBetweenProcesses: Bool { true }
}

/// What a cached read is looked up by: the statement text and its parameters' binary values
/// (the text fixes the result's shape: the same columns, in the same order).
public struct QueryCacheKey: Sendable, Hashable {
    public let text: String
    /// Each parameter's type, then its length (-1 for NULL) and bytes.
    public let parameters: [UInt8]

    /// The key of `statement`, or nil when a value cannot be encoded here (the read then runs uncached).
    init?(_ statement: SQL) {
        text = statement.text
        var encoder = PostgresEncoder(resolve: { _ in 0 })  // named types: their name is in the key
        for binding in statement.bindings {
            encoder.writeString(binding.type.description)
            encoder.writeInteger(UInt8(0))
            guard !binding.value.isPostgresNull else {
                encoder.writeInteger(Int32(-1))
                continue
            }
            var value = PostgresEncoder(resolve: { _ in 0 })
            do { try binding.value.encode(into: &value) } catch { return nil }
            encoder.writeInteger(Int32(truncatingIfNeeded: value.bytes.count))
            encoder.writeBytes(value.bytes)
        }
        parameters = encoder.bytes
    }

    init(text: String, parameters: [UInt8]) {
        self.text = text
        self.parameters = parameters
    }

    /// The key as bytes, one-to-one with the key (the text's length, the text, the parameters):
    /// what an external storage keys its entries by, or hashes into its own key.
    public var bytes: [UInt8] {
        var encoder = PostgresEncoder(resolve: { _ in 0 })
        encoder.writeShortString(text)
        encoder.writeBytes(parameters)
        return encoder.bytes
    }
}

