import CLibPQ
import Foundation
import Logging

/// The entry point: a pool of connections to one PostgreSQL database.
///
/// ```swift
/// let db = try await Database.connect()   // DATABASE_URL or PG* variables
/// let names = try await db.query("SELECT name FROM users WHERE id = \(id)", as: String.self)
/// try await db.transaction(isolation: .serializable, retry: .serializationFailures(maxAttempts: 3)) { tx in
///     try await tx.run("UPDATE accounts SET balance = balance - \(amount) WHERE id = \(from)")
/// }
/// await db.shutdown()
/// ```
///
/// Every method leases a connection for its duration; use ``withConnection(_:)`` to run
/// several statements on one session, ``transaction(isolation:readOnly:deferrable:retry:_:)``
/// for atomic work.
public final class Database: QueryRunner, Sendable {
    public let configuration: PostgresConfiguration
    let pool: ConnectionPool
    /// The dedicated LISTEN connection, opened by the first ``notifications(channel:bufferSize:)``.
    let listener: NotificationListener
    /// The cache of reads that say `.cached(ttl:)`; the pool's writes invalidate it.
    public let queryCache: QueryCache
    /// The read replicas (``PostgresConfiguration/replicas``); nil without any.
    let replicaSet: ReplicaSet?

    private init(configuration: PostgresConfiguration) {
        self.configuration = configuration
        let listener = NotificationListener(configuration: configuration)
        let options = configuration.queryCache
        let cache = QueryCache(
            options: options, metricsFactory: configuration.effectiveMetricsFactory, poolName: configuration.poolName,
            logger: configuration.logger,
            subscribe: { try await listener.subscribe(channel: options.channel, bufferSize: 4096) })
        listener.onConnectionLost { [weak cache] in cache?.listenerLost() }
        self.queryCache = cache
        self.listener = listener
        self.pool = ConnectionPool(configuration: configuration, queryCache: cache)
        self.replicaSet = configuration.replicas.isEmpty ? nil : ReplicaSet(primary: configuration)
    }

    /// The notifications sent on `channel` (`NOTIFY` / ``QueryRunner/notify(channel:payload:)``),
    /// from the moment this returns (the server then listens to it) until the sequence is
    /// dropped or the database shuts down.
    ///
    /// One connection per `Database` carries every channel (not one of the pool's). If it is
    /// lost it is reopened and every channel listened to again, and each consumer gets a
    /// `.gap(.connectionLost)`: re-read what the missed notifications would have said. Each
    /// consumer buffers at most `bufferSize` events; see ``PostgresNotifications`` for what
    /// happens when one falls behind.
    ///
    /// ```swift
    /// for await event in try await db.notifications(channel: "jobs") {
    ///     switch event {
    ///     case .notification(let note): print(note.payload)
    ///     case .gap: await rescan()
    ///     }
    /// }
    /// ```
    public func notifications(channel: String, bufferSize: Int = 1024) async throws -> PostgresNotifications {
        try await listener.subscribe(channel: channel, bufferSize: bufferSize)
    }

    /// Connects with `configuration`, opening the pool's minimum connections (at least one, so
    /// a wrong host or password fails here rather than at the first query).
    public static func connect(_ configuration: PostgresConfiguration) async throws -> Database {
        try configuration.queryCache.validate()
        let database = Database(configuration: configuration)
        try await database.pool.start()
        await database.replicaSet?.start(primary: configuration)
        return database
    }

    /// Connects using `DATABASE_URL`, or the `PG*` variables when it is not set.
    public static func connect() async throws -> Database {
        try await connect(try PostgresConfiguration.fromEnvironment())
    }

    /// Leases one connection for the duration of `body`. A transaction left open by `body` is
    /// rolled back before the connection returns to the pool.
    ///
    /// `body` runs on the connection's own thread (a task executor preference), so its
    /// statements call libpq inline instead of hopping threads twice each; code in `body` that
    /// does not touch the database runs there too (never on Swift's cooperative pool).
    public func withConnection<Result>(_ body: (Connection) async throws -> Result) async throws -> Result {
        try await withConnection(fencing: true, body)
    }

    func withConnection<Result>(fencing: Bool, _ body: (Connection) async throws -> Result) async throws -> Result {
        let connection = try await pool.acquire()
        // The preference does not retain its executor: keep the connection (whose deinit stops
        // the thread) alive until the task has left its thread, even when release retires it.
        defer { withExtendedLifetime(connection) {} }
        // Only `body` runs on the connection's thread; the connection goes back to the pool after
        // the task has left it. Released from there, the task's way back could queue behind the
        // next holder's statement, and a finished lease would wait for someone else's query.
        return try await use(connection, fencing: fencing) { connection in
            try await withTaskExecutorPreference(connection.worker) { try await body(connection) }
        }
    }

    /// Leases a connection for one job (a statement, a batch) without moving the task: the job
    /// hops onto the connection's thread and back once, which measured cheaper than moving the
    /// task there and back (BENCHMARKS.md, runtime levers).
    /// `fencing`: the job may write (read-your-writes notes the primary's position after it).
    /// Asked only with replicas: classifying a statement's text costs more than a lease.
    func withConnectionForOneJob<Result>(
        fencing: @autoclosure () -> Bool = true, _ body: (Connection) async throws -> Result
    ) async throws -> Result {
        try await use(try await pool.acquire(), fencing: fencing(), body)
    }

    private func use<Result>(
        _ connection: Connection, fencing: @autoclosure () -> Bool, _ body: (Connection) async throws -> Result
    ) async throws -> Result {
        let result: Result
        do {
            result = try await body(connection)
            if let replicaSet, fencing() { await noteWritePosition(connection, replicaSet) }
        } catch {
            await restore(connection)
            throw error
        }
        await restore(connection)
        return result
    }

    /// With replicas: the primary's WAL position once `connection`'s work has committed, so
    /// this task's next reads go where that work is visible. Its insert position, not its write
    /// position: with `synchronous_commit = off` a commit returns before its record is written.
    /// When the position cannot be read, the task reads from the primary until the replica
    /// monitor's next look at the primary (a later position) fences it.
    private func noteWritePosition(_ connection: Connection, _ replicaSet: ReplicaSet) async {
        guard !connection.isInTransaction else { return }  // rolled back on return: nothing written
        let position = try? await connection.queryFirst("SELECT (pg_current_wal_insert_lsn() - '0/0')::int8", as: Int64.self)
        replicaSet.noteWrite(at: position ?? nil)
    }

    func restore(_ connection: Connection) async { await restore(connection, into: pool) }

    /// Ends what `connection` left open (a transaction, a stream) and returns it to `pool`.
    func restore(_ connection: Connection, into pool: ConnectionPool) async {
        // The noted status can be stale (a stream stopped by a queued job): decide on the
        // connection's thread, after the jobs before this one, so no needless ROLLBACK is sent
        // (the server would answer it with a WARNING). A stream still open ends with the lease.
        if connection.isInTransaction && !connection.isBroken {
            do {
                try await connection.performUncancellable("ROLLBACK") { session in
                    connection.discardPendingWrites()
                    session.stopStream()
                    if session.transactionStatus != PQTRANS_IDLE { _ = try session.simple("ROLLBACK") }
                }
            } catch {
                connection.markBroken()
            }
        }
        await pool.release(connection)
    }

    public var readCache: QueryCache? { queryCache }

    /// Runs `statement` on the primary, or (a read outside a transaction, with replicas
    /// configured) on a healthy replica that has this task's writes. See docs/scaling.md.
    public func query(_ statement: SQL) async throws -> QueryResult {
        if let replicaSet, !ReadRouting.primaryOnly, statement.isReplicaRead,
            let result = try await replicaSet.read(statement)
        {
            return result
        }
        return try await withConnectionForOneJob(fencing: statement.mayWrite) { try await $0.query(statement) }
    }

    /// A view of this database whose reads all go to the primary (it has every committed
    /// write, not only this task's): `User.find(id, on: db.primary)`.
    public var primary: PrimaryRunner { PrimaryRunner(database: self) }

    /// The read replicas' health, lag and reads served (empty without replicas).
    public var replicaStatuses: [ReplicaStatus] { replicaSet?.statuses ?? [] }

    public func execute(_ script: SQLScript) async throws {
        try await withConnectionForOneJob { try await $0.execute(script) }
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws or the
    /// task is cancelled. With `retry`, the whole closure runs again after a serialization
    /// failure or deadlock (40001, 40P01), with capped, jittered backoff — so keep side effects
    /// outside the database idempotent. The `Transaction` must not be used after `body` returns.
    public func transaction<Result>(
        isolation: IsolationLevel? = nil, readOnly: Bool = false, deferrable: Bool = false,
        retry: RetryPolicy = .never, _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await withConnection(fencing: !readOnly) { connection in
                    try await connection.transaction(
                        isolation: isolation, readOnly: readOnly, deferrable: deferrable, body)
                }
            } catch let error as PostgresError where retry.shouldRetry(error, attempt: attempt) {
                let delay = retry.delay(afterAttempt: attempt)
                configuration.logger.debug(
                    "retrying transaction", metadata: ["attempt": "\(attempt)", "sqlstate": "\(error.sqlState ?? "")"])
                attempt += 1
                try await Task.sleep(for: delay)
            }
        }
    }

    /// Pool counters: total, idle, in use, waiting, acquire latency.
    public var stats: PoolStats { get async { await pool.stats } }

    /// Stops handing out connections (new leases fail with `.poolClosed`), waits up to
    /// `pool.shutdownGracePeriod` for leased ones to come back, cancels what still runs after
    /// that, and returns once every session (the LISTEN one too) is closed.
    public func shutdown() async {
        await shutdown(gracePeriod: configuration.pool.shutdownGracePeriod)
    }

    func shutdown(gracePeriod: Duration) async {
        await listener.stop()
        await replicaSet?.shutdown(gracePeriod: gracePeriod)
        await pool.shutdown(gracePeriod: gracePeriod)
    }
}
