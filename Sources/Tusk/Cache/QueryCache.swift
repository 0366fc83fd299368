import Foundation
import Logging
import Metrics

/// The read cache of one ``Database``: answers of reads that ask for it (`.cached(ttl:)`),
/// dropped when a write to a table they read is committed.
///
/// Correctness rests on two records kept here, in this process, whatever the storage:
/// - per-table generations: every invalidation bumps the generation of the tables it names (or
///   a global one), and a read stores its answer only if none of its tables' generations moved
///   since it started. So a read that began before a write committed never puts its older
///   answer back after the write's invalidation.
/// - per-table invalidation times: an entry found in a storage other than the in-process
///   default (which may hold entries other processes stored, or stores that raced an
///   invalidation) is served only if its read began after the last invalidation of its tables
///   this process applied, and after this process began listening for other processes' writes.
///
/// See docs/typed-api.md "Caching reads" for the rules and the cross-process bound.
public final class QueryCache: @unchecked Sendable {
    public let options: QueryCacheOptions
    /// Names this cache in the notices its process's writes send (cross-process mode), so it
    /// skips its own: it invalidated those tables when the write committed, and a late echo
    /// would only drop (and remove from a shared storage) answers read after the write.
    let origin = UUID().uuidString
    /// Where entries live: the in-process LRU, called synchronously, or a ``QueryCacheStorage``
    /// elsewhere, awaited outside the lock.
    private enum Backend {
        case local(LRUQueryCacheStorage)
        case external(any QueryCacheStorage)
    }
    private let backend: Backend
    private let metrics: QueryCacheMetrics
    private let logger: Logger
    private let lock = NSLock()
    private var generations: [String: UInt64] = [:]
    private var globalGeneration: UInt64 = 0
    /// When each table was last invalidated here, and everything (wall clock: entries from
    /// other processes carry their read's start by the same measure).
    private var invalidatedAt: [String: Date] = [:]
    private var everythingInvalidatedAt = Date()
    /// False while other processes' invalidations could be missed (cross-process mode before
    /// the first LISTEN, and from a lost LISTEN connection until it is back): nothing is served
    /// or stored then.
    private var trusted: Bool
    /// Whether a cached read was ever asked for: until then writes need no bookkeeping.
    private var used = false
    /// Starts listening for other processes' invalidations (cross-process mode), once.
    private var listening: Task<Void, Error>?
    private let subscribe: (@Sendable () async throws -> PostgresNotifications)?

    init(options: QueryCacheOptions, metricsFactory: any MetricsFactory, poolName: String, logger: Logger = Logger(label: "tusk"),
         subscribe: (@Sendable () async throws -> PostgresNotifications)?) {
        self.options = options
        switch options.storage {
        case nil: backend = .local(LRUQueryCacheStorage(maxEntries: options.maxEntries, maxBytes: options.maxBytes))
        case let lru as LRUQueryCacheStorage: backend = .local(lru)
        case let storage?: backend = .external(storage)
        }
        self.metrics = QueryCacheMetrics(factory: metricsFactory, poolName: poolName)
        self.logger = logger
        self.subscribe = options.crossProcess ? subscribe : nil
        self.trusted = !options.crossProcess
    }

    /// Whether any cached read was asked for (writes skip their bookkeeping until then).
    var isInUse: Bool { lock.withLock { used } }

    /// Entries and bytes kept now by the in-process storage; nil when entries live in a
    /// ``QueryCacheOptions/storage`` of the application's (ask it).
    public var usage: (entries: Int, bytes: Int)? {
        guard case .local(let lru) = backend else { return nil }
        return lru.usage
    }

    /// Drops the cached reads of `tables` (for writes Tusk cannot see: triggers, other clients).
    public func invalidate(tables: some Sequence<String>) {
        invalidate(.some(Set(tables)))
    }

    /// Drops every cached read.
    public func invalidateAll() { invalidate(.all) }

    /// Marks `tables` invalidated here at once (generations and times), then drops their
    /// entries: in the in-process storage at once, in another storage from a task of its own
    /// (nothing stale is served meanwhile: the times reject it). `inStorage: false` only marks:
    /// for a loss of this process's own view (a lost listener), which a shared storage need not hear of.
    func invalidate(_ tables: TableSet, inStorage: Bool = true) {
        guard tables != .none else { return }
        let removed: Int = lock.withLock {
            let now = Date()
            switch tables {
            case .none: return 0
            case .all:
                globalGeneration &+= 1
                everythingInvalidatedAt = now
            case .some(let names):
                for name in names {
                    generations[name, default: 0] &+= 1
                    invalidatedAt[name] = now
                }
            }
            guard case .local(let lru) = backend else { return 0 }
            switch tables {
            case .some(let names): return lru.remove(reading: names)
            default: return lru.removeEverything()
            }
        }
        metrics.invalidated(removed)
        if inStorage, case .external(let storage) = backend {
            Task {
                do {
                    switch tables {
                    case .some(let names): try await storage.removeEntries(reading: names)
                    default: try await storage.removeAll()
                    }
                } catch {
                    storageFailed(error, doing: "removing entries")
                }
            }
        }
    }

    /// A read's view of the invalidations when it started.
    private struct Ticket: Equatable {
        var global: UInt64
        var tables: [UInt64]
    }

    /// How often `tables` (and everything) were invalidated here, for tests.
    func invalidationCounts(of tables: [String]) -> [UInt64] {
        lock.withLock { [globalGeneration] + tables.map { generations[$0] ?? 0 } }
    }

    private func ticket(for tables: [String]) -> Ticket {
        Ticket(global: globalGeneration, tables: tables.map { generations[$0] ?? 0 })
    }

    /// Whether an entry whose read began at `readStarted` is newer than every invalidation of
    /// `tables` applied here. Called under the lock.
    private func isCurrent(readStarted: Date, tables: [String]) -> Bool {
        guard readStarted > everythingInvalidatedAt else { return false }
        return tables.allSatisfy { table in invalidatedAt[table].map { readStarted > $0 } ?? true }
    }

    /// The cached answer of `statement`, or the one `load` gets (stored for `ttl` unless a write
    /// to one of `tables` was invalidated meanwhile).
    func result(
        of statement: SQL, reading tables: Set<String>, ttl: Duration, load: () async throws -> QueryResult
    ) async throws -> QueryResult {
        guard let key = QueryCacheKey(statement) else { return try await load() }
        if subscribe != nil {
            // Without the LISTEN connection other processes' writes could be missed: read uncached.
            do { try await startListening() } catch { return try await load() }
        }
        let names = Array(tables)
        var found: QueryCacheEntry?
        if case .external(let storage) = backend {
            do {
                found = try await storage.entry(for: key)
            } catch let error as QueryCacheEntry.DecodingError {
                metrics.unreadable()
                logger.debug("query cache: an entry did not decode; reading the database", metadata: ["reason": "\(error.reason)"])
            } catch {
                storageFailed(error, doing: "looking up an entry")
                lock.withLock { used = true }
                metrics.miss()
                return try await load()
            }
        }
        let lookup: Lookup = lock.withLock {
            used = true
            let now = Date()
            guard trusted else { return Lookup(hit: nil, ticket: nil, started: now) }
            switch backend {
            case .local(let lru):
                if let hit = lru.entry(for: key, now: now) { return Lookup(hit: hit.result, ticket: nil, started: now) }
            case .external:
                // The store may hold what another process stored, or what a removal missed.
                if let found, found.key == key, found.expires > now, isCurrent(readStarted: found.readStarted, tables: names) {
                    return Lookup(hit: found.result, ticket: nil, started: now)
                }
            }
            return Lookup(hit: nil, ticket: ticket(for: names), started: now)
        }
        if let hit = lookup.hit {
            metrics.hit()
            return hit
        }
        metrics.miss()
        // What the cache keeps must be as new as the writes that invalidated it: read it on the
        // primary (a lagging replica would put an old answer back until its TTL).
        let result = try await ReadRouting.$primaryOnly.withValue(true) { try await load() }
        guard let ticket = lookup.ticket else { return result }
        let entry = QueryCacheEntry(
            key: key, result: result, tables: tables, readStarted: lookup.started, expires: Date(timeIntervalSinceNow: ttl.seconds))
        await store(entry, ifUnchangedSince: ticket, names)
        return result
    }

    /// What a lookup found: the answer, or else the ticket of a read that may store its answer
    /// (nil while the cache is not trusted) and when it began.
    private struct Lookup {
        var hit: QueryResult?
        var ticket: Ticket?
        var started: Date
    }

    /// Whether no invalidation of `tables` happened since `ticket` was taken. Called under the lock.
    private func isUnchanged(since ticket: Ticket, _ tables: [String]) -> Bool {
        trusted && self.ticket(for: tables) == ticket
    }

    /// Stores `entry` unless a write to one of its tables was invalidated since its read began
    /// (its answer may predate the write). The in-process storage checks and stores in one step
    /// under the lock; another storage is awaited after the check (a store that loses the race
    /// with an invalidation is never served: ``isCurrent(readStarted:tables:)``).
    private func store(_ entry: QueryCacheEntry, ifUnchangedSince ticket: Ticket, _ tables: [String]) async {
        switch backend {
        case .local(let lru):
            let evicted = lock.withLock { isUnchanged(since: ticket, tables) ? lru.keep(entry) : 0 }
            metrics.evicted(evicted)
            metrics.publish(usage: lru.usage)
        case .external(let storage):
            guard SerializedQueryResult.canEncode(entry.result), lock.withLock({ isUnchanged(since: ticket, tables) }) else { return }
            do {
                try await storage.store(entry)
            } catch {
                storageFailed(error, doing: "storing an entry")
            }
        }
    }

    /// A storage call threw: the read went (or goes) to the database; counted and logged.
    private func storageFailed(_ error: any Error, doing operation: String) {
        metrics.storageFailed()
        logger.warning("query cache: the storage failed \(operation); the database answers instead", metadata: ["error": "\(error)"])
    }

    // MARK: Cross-process invalidation

    private func startListening() async throws {
        let task: Task<Void, Error> = lock.withLock {
            if let listening { return listening }
            let task = Task { try await self.listen() }
            listening = task
            return task
        }
        do {
            try await task.value
        } catch {
            lock.withLock { if listening == task { listening = nil } }  // the next read tries again
            throw error
        }
    }

    /// Subscribes, trusts the cache once the server listens, and hands every event to ``apply(_:)``
    /// from then on (in a task of its own). Entries whose reads began before (in a shared
    /// storage) are not served: writes before this point were not heard.
    private func listen() async throws {
        guard let subscribe else { return }
        let events = try await subscribe()
        lock.withLock {
            trusted = true
            everythingInvalidatedAt = Date()
        }
        Task { [weak self] in
            for await event in events {
                guard let self else { return }
                self.apply(event)
            }
        }
    }

    func apply(_ event: PostgresNotificationEvent) {
        switch event {
        case .notification(let note):
            let (origin, tables) = TableSet.parse(notificationPayload: note.payload)
            if origin == self.origin { return }
            invalidate(tables)
        case .gap:
            // Anything may have changed while nobody listened: start over, trusted again (the
            // listener delivers the gap once it listens anew). Only this process missed notices:
            // a shared storage keeps its entries, the times here keep them from being served.
            invalidate(.all, inStorage: false)
            lock.withLock { trusted = true }
        }
    }

    /// The LISTEN connection was lost: serve and store nothing until it is back (``apply(_:)``
    /// of the gap), since other processes' invalidations are being missed.
    func listenerLost() {
        guard options.crossProcess else { return }
        lock.withLock { trusted = false }
        invalidate(.all, inStorage: false)
    }
}

/// `db.client.cache.*`: the cache's counters, named like the OpenTelemetry client metrics
/// (see ``ClientMetricNames``) and dimensioned by the pool's name.
struct QueryCacheMetrics: Sendable {
    private let hits: Counter
    private let misses: Counter
    private let evictions: Counter
    private let invalidations: Counter
    private let entries: Gauge
    private let bytes: Gauge
    private let storageErrors: Counter
    private let unreadableEntries: Counter

    init(factory: any MetricsFactory, poolName: String) {
        let dimensions = [(ClientMetricNames.poolName, poolName)]
        hits = Counter(label: ClientMetricNames.cacheHits, dimensions: dimensions, factory: factory)
        misses = Counter(label: ClientMetricNames.cacheMisses, dimensions: dimensions, factory: factory)
        evictions = Counter(label: ClientMetricNames.cacheEvictions, dimensions: dimensions, factory: factory)
        invalidations = Counter(label: ClientMetricNames.cacheInvalidations, dimensions: dimensions, factory: factory)
        entries = Gauge(label: ClientMetricNames.cacheEntries, dimensions: dimensions, factory: factory)
        bytes = Gauge(label: ClientMetricNames.cacheBytes, dimensions: dimensions, factory: factory)
        storageErrors = Counter(label: ClientMetricNames.cacheStorageErrors, dimensions: dimensions, factory: factory)
        unreadableEntries = Counter(label: ClientMetricNames.cacheUnreadableEntries, dimensions: dimensions, factory: factory)
    }

    func hit() { hits.increment() }
    func miss() { misses.increment() }
    func storageFailed() { storageErrors.increment() }
    func unreadable() { unreadableEntries.increment() }
    func evicted(_ count: Int) { if count > 0 { evictions.increment(by: count) } }
    /// One invalidation (a write's tables, a notification, a clear), and the entries it dropped.
    func invalidated(_ removed: Int) { invalidations.increment() }
    func publish(usage: (entries: Int, bytes: Int)) {
        entries.record(usage.entries)
        bytes.record(usage.bytes)
    }
}
