import Foundation
import Metrics

/// The OpenTelemetry database client metrics (semantic conventions, `db.client.*`), recorded
/// through swift-metrics with the configuration's ``PostgresConfiguration/metricsFactory``.
///
/// | name | kind | dimensions |
/// | --- | --- | --- |
/// | `db.client.operation.duration` | Timer (seconds) | `db.system.name`, `db.operation.name` when known, `error.type` on failure |
/// | `db.client.connection.count` | Gauge | `db.client.connection.pool.name`, `db.client.connection.state` (`idle`, `used`) |
/// | `db.client.connection.wait_time` | Timer (seconds) | `db.client.connection.pool.name` |
/// | `db.client.connection.use_time` | Timer (seconds) | `db.client.connection.pool.name` |
/// | `db.client.connection.timeouts` | Counter | `db.client.connection.pool.name` |
/// | `db.client.connection.pending_requests` | Gauge | `db.client.connection.pool.name` |
/// | `db.client.cache.hits`, `.misses`, `.evictions`, `.invalidations` | Counter | `db.client.connection.pool.name` |
/// | `db.client.cache.entries`, `db.client.cache.bytes` | Gauge (in-process storage only) | `db.client.connection.pool.name` |
/// | `db.client.cache.storage_errors`, `.unreadable_entries` | Counter | `db.client.connection.pool.name` |
///
/// The cache's names (``QueryCache``) follow the same `db.client.` prefix; OpenTelemetry defines none for client caches.
enum ClientMetricNames {
    static let operationDuration = "db.client.operation.duration"
    static let connectionCount = "db.client.connection.count"
    static let waitTime = "db.client.connection.wait_time"
    static let useTime = "db.client.connection.use_time"
    static let timeouts = "db.client.connection.timeouts"
    static let pendingRequests = "db.client.connection.pending_requests"
    static let poolName = "db.client.connection.pool.name"
    static let cacheHits = "db.client.cache.hits"
    static let cacheMisses = "db.client.cache.misses"
    static let cacheEvictions = "db.client.cache.evictions"
    static let cacheInvalidations = "db.client.cache.invalidations"
    static let cacheEntries = "db.client.cache.entries"
    static let cacheBytes = "db.client.cache.bytes"
    static let cacheStorageErrors = "db.client.cache.storage_errors"
    static let cacheUnreadableEntries = "db.client.cache.unreadable_entries"
}

extension PostgresConfiguration {
    /// The factory metrics are made with: ``metricsFactory``, else the global one.
    var effectiveMetricsFactory: any MetricsFactory { metricsFactory ?? MetricsSystem.factory }

    /// The pool's name in metrics: ``PoolOptions/name``, else `host:port/database`.
    var poolName: String {
        pool.name ?? "\(host ?? "localhost"):\(port ?? 5432)/\(database ?? "")"
    }
}

/// The pool's `db.client.connection.*` metrics.
struct PoolMetrics: Sendable {
    private let idle: Gauge
    private let used: Gauge
    private let pending: Gauge
    private let waitTime: Metrics.Timer
    private let useTime: Metrics.Timer
    private let timeouts: Counter

    /// False with no metrics backend (swift-metrics' no-op factory): every pool lease would
    /// otherwise read the pool's counts and convert two durations for nobody.
    let isEnabled: Bool

    init(configuration: PostgresConfiguration) {
        let factory = configuration.effectiveMetricsFactory
        isEnabled = !(factory is NOOPMetricsHandler)
        let pool = (ClientMetricNames.poolName, configuration.poolName)
        func count(_ state: String) -> Gauge {
            Gauge(label: ClientMetricNames.connectionCount, dimensions: [pool, ("db.client.connection.state", state)], factory: factory)
        }
        idle = count("idle")
        used = count("used")
        pending = Gauge(label: ClientMetricNames.pendingRequests, dimensions: [pool], factory: factory)
        waitTime = Metrics.Timer(label: ClientMetricNames.waitTime, dimensions: [pool], preferredDisplayUnit: .seconds, factory: factory)
        useTime = Metrics.Timer(label: ClientMetricNames.useTime, dimensions: [pool], preferredDisplayUnit: .seconds, factory: factory)
        timeouts = Counter(label: ClientMetricNames.timeouts, dimensions: [pool], factory: factory)
    }

    func publish(idle idleCount: Int, used usedCount: Int, pending pendingCount: Int) {
        guard isEnabled else { return }
        idle.record(idleCount)
        used.record(usedCount)
        pending.record(pendingCount)
    }

    func recordWait(_ duration: Duration) { if isEnabled { waitTime.record(duration: duration) } }
    func recordUse(_ duration: Duration) { if isEnabled { useTime.record(duration: duration) } }
    func recordTimeout() { timeouts.increment() }
}
