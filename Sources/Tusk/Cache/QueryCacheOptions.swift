/// How a ``Database`` caches the reads that ask for it (`.cached(ttl:)`): set
/// ``PostgresConfiguration/queryCache`` before connecting. See docs/typed-api.md "Caching reads".
public struct QueryCacheOptions: Sendable {
    /// At most this many cached results; the least recently used goes first.
    public var maxEntries: Int = 10_000
    /// At most this many bytes of cached results (libpq's own measure of each result).
    public var maxBytes: Int = 64 << 20
    /// Invalidation across processes: every write Tusk runs also sends `NOTIFY` on ``channel``
    /// in its own transaction, and the cache listens there (on the database's LISTEN connection)
    /// and drops what other processes changed. Set it in every process that shares the
    /// database; without it only this process's writes invalidate and other processes' writes
    /// are seen when an entry's TTL ends.
    public var crossProcess: Bool = false
    /// The channel of cross-process invalidations; payload: the changed tables, one per line,
    /// or `*` for all.
    public var channel: String = "tusk_cache"
    /// Where entries live; nil: in this process (``LRUQueryCacheStorage``, bounded by
    /// ``maxEntries`` and ``maxBytes``). A storage other processes share needs ``crossProcess``
    /// (see ``QueryCacheStorage/isSharedBetweenProcesses``).
    public var storage: (any QueryCacheStorage)?

    public init(
        maxEntries: Int = 10_000, maxBytes: Int = 64 << 20, crossProcess: Bool = false, channel: String = "tusk_cache",
        storage: (any QueryCacheStorage)? = nil
    ) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.crossProcess = crossProcess
        self.channel = channel
        self.storage = storage
    }
}

extension QueryCacheOptions {
    /// Refuses a shared storage without cross-process invalidation: another process's write
    /// would leave its entries there, and this process's writes would not reach the entries
    /// other processes hold in their view of it.
    func validate() throws {
        guard let storage, storage.isSharedBetweenProcesses, !crossProcess else { return }
        throw PostgresError(
            kind: .invalidConfiguration,
            message: "queryCache.storage (\(type(of: storage))) is shared between processes, but queryCache.crossProcess is off:"
                + " set queryCache.crossProcess = true in every process that uses it, or, if only this process reaches it,"
                + " make its isSharedBetweenProcesses return false")
    }
}
