import CLibPQ

/// Where a ``QueryCache`` keeps its entries. The default is ``LRUQueryCacheStorage`` (in this
/// process, bounded, least recently used out first); put another one in
/// ``QueryCacheOptions/storage`` to keep them elsewhere.
///
/// The cache calls these methods under its own lock, one at a time, and decides alone whether
/// an answer may be stored (its per-table generations): a storage only keeps, finds and drops
/// entries. Keep the methods quick and non-blocking (no network round trip under the lock).
public protocol QueryCacheStorage: AnyObject, Sendable {
    /// The live entry for `key`, or nil; an entry past its `expires` is dropped, not returned.
    func entry(for key: QueryCacheKey, now: ContinuousClock.Instant) -> QueryCacheEntry?
    /// Keeps `entry` (replacing one with the same key); returns how many entries were evicted
    /// to stay within the limits.
    func store(_ entry: QueryCacheEntry) -> Int
    /// Drops every entry that read one of `tables`; returns how many.
    func removeEntries(reading tables: Set<String>) -> Int
    /// Drops every entry; returns how many.
    func removeAll() -> Int
    /// How many entries and bytes are kept.
    var usage: (entries: Int, bytes: Int) { get }
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
}

/// One cached answer.
public struct QueryCacheEntry: Sendable {
    public let key: QueryCacheKey
    public let result: QueryResult
    /// The tables the read depends on: a write to any of them drops the entry.
    public let tables: Set<String>
    public let expires: ContinuousClock.Instant
    /// The result's size as libpq measures it, plus the key.
    public let bytes: Int

    init(key: QueryCacheKey, result: QueryResult, tables: Set<String>, expires: ContinuousClock.Instant) {
        self.key = key
        self.result = result
        self.tables = tables
        self.expires = expires
        self.bytes = Int(PQresultMemorySize(result.handle)) + key.text.utf8.count + key.parameters.count
    }
}
