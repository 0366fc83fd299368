import Foundation
import Metrics

/// The read cache of one ``Database``: answers of reads that ask for it (`.cached(ttl:)`),
/// dropped when a write to a table they read is committed.
///
/// Correctness rests on per-table generations: every invalidation bumps the generation of the
/// tables it names (or a global one), and a read stores its answer only if none of its tables'
/// generations moved since it started. So a read that began before a write committed can never
/// put its older answer back after the write's invalidation. See docs/typed-api.md
/// "Caching reads" for the rules and the cross-process bound.
public final class QueryCache: @unchecked Sendable {
    public let options: QueryCacheOptions
    let storage: any QueryCacheStorage
    private let metrics: QueryCacheMetrics
    private let lock = NSLock()
    private var generations: [String: UInt64] = [:]
    private var globalGeneration: UInt64 = 0
    /// False while other processes' invalidations could be missed (cross-process mode before
    /// the first LISTEN, and from a lost LISTEN connection until it is back): nothing is served
    /// or stored then.
    private var trusted: Bool
    /// Whether a cached read was ever asked for: until then writes need no bookkeeping.
    private var used = false
    /// Starts listening for other processes' invalidations (cross-process mode), once.
    private var listening: Task<Void, Error>?
    private let subscribe: (@Sendable () async throws -> PostgresNotifications)?

    init(options: QueryCacheOptions, metricsFactory: any MetricsFactory, poolName: String,
         subscribe: (@Sendable () async throws -> PostgresNotifications)?) {
        self.options = options
        self.storage = options.storage ?? LRUQueryCacheStorage(maxEntries: options.maxEntries, maxBytes: options.maxBytes)
        self.metrics = QueryCacheMetrics(factory: metricsFactory, poolName: poolName)
        self.subscribe = options.crossProcess ? subscribe : nil
        self.trusted = !options.crossProcess
    }

    /// Whether any cached read was asked for (writes skip their bookkeeping until then).
    var isInUse: Bool { lock.withLock { used } }

    /// Entries and bytes kept now.
    public var usage: (entries: Int, bytes: Int) { lock.withLock { storage.usage } }

    /// Drops the cached reads of `tables` (for writes Tusk cannot see: triggers, other clients).
    public func invalidate(tables: some Sequence<String>) {
        invalidate(.some(Set(tables)))
    }

    /// Drops every cached read.
    public func invalidateAll() { invalidate(.all) }

    func invalidate(_ tables: TableSet) {
        let removed: Int = lock.withLock {
            switch tables {
            case .none: return 0
            case .all:
                globalGeneration &+= 1
                return storage.removeAll()
            case .some(let names):
                for name in names { generations[name, default: 0] &+= 1 }
                return storage.removeEntries(reading: names)
            }
        }
        if !tables.isEmpty { metrics.invalidated(removed) }
    }

    /// A read's view of the generations when it started.
    private struct Ticket {
        var global: UInt64
        var tables: [UInt64]
    }

    private func ticket(for tables: [String]) -> Ticket {
        Ticket(global: globalGeneration, tables: tables.map { generations[$0] ?? 0 })
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
        let now = ContinuousClock.now
        let lookup: (hit: QueryResult?, ticket: Ticket?) = lock.withLock {
            used = true
            guard trusted else { return (nil, nil) }
            return (storage.entry(for: key, now: now)?.result, ticket(for: names))
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
        let entry = QueryCacheEntry(key: key, result: result, tables: tables, expires: ContinuousClock.now + ttl)
        let evicted: Int = lock.withLock {
            // A write to one of the tables was invalidated since the read started: its answer may predate it.
            let current = self.ticket(for: names)
            guard trusted, current.global == ticket.global, current.tables == ticket.tables else { return 0 }
            return storage.store(entry)
        }
        metrics.evicted(evicted)
        metrics.publish(usage: usage)
        return result
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
    /// from then on (in a task of its own).
    private func listen() async throws {
        guard let subscribe else { return }
        let events = try await subscribe()
        lock.withLock { trusted = true }
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
            invalidate(TableSet(notificationPayload: note.payload))
        case .gap:
            // Anything may have changed while nobody listened: start over, trusted again (the
            // listener delivers the gap once it listens anew).
            invalidateAll()
            lock.withLock { trusted = true }
        }
    }

    /// The LISTEN connection was lost: serve and store nothing until it is back (``apply(_:)``
    /// of the gap), since other processes' invalidations are being missed.
    func listenerLost() {
        guard options.crossProcess else { return }
        lock.withLock { trusted = false }
        invalidateAll()
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

    init(factory: any MetricsFactory, poolName: String) {
        let dimensions = [(ClientMetricNames.poolName, poolName)]
        hits = Counter(label: ClientMetricNames.cacheHits, dimensions: dimensions, factory: factory)
        misses = Counter(label: ClientMetricNames.cacheMisses, dimensions: dimensions, factory: factory)
        evictions = Counter(label: ClientMetricNames.cacheEvictions, dimensions: dimensions, factory: factory)
        invalidations = Counter(label: ClientMetricNames.cacheInvalidations, dimensions: dimensions, factory: factory)
        entries = Gauge(label: ClientMetricNames.cacheEntries, dimensions: dimensions, factory: factory)
        bytes = Gauge(label: ClientMetricNames.cacheBytes, dimensions: dimensions, factory: factory)
    }

    func hit() { hits.increment() }
    func miss() { misses.increment() }
    func evicted(_ count: Int) { if count > 0 { evictions.increment(by: count) } }
    /// One invalidation (a write's tables, a notification, a clear), and the entries it dropped.
    func invalidated(_ removed: Int) { invalidations.increment() }
    func publish(usage: (entries: Int, bytes: Int)) {
        entries.record(usage.entries)
        bytes.record(usage.bytes)
    }
}
