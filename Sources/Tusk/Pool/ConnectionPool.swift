import Foundation
import Logging

/// A snapshot of a pool's state.
public struct PoolStats: Sendable, Hashable {
    /// Open connections (idle + in use) plus connections being opened.
    public var total: Int
    public var idle: Int
    public var inUse: Int
    /// Tasks waiting for a connection.
    public var waiting: Int
    /// Connections opened and discarded since start.
    public var opened: Int
    public var discarded: Int
    /// Mean and worst time `acquire` took (zero before the first acquire).
    public var averageAcquireLatency: Duration
    public var maxAcquireLatency: Duration
}

/// The pool behind a ``Database``: hands out connections FIFO to waiting tasks, opens them on
/// demand up to `maxConnections`, and retires them (idle timeout, max lifetime with jitter,
/// errors that break a session).
///
/// The idle list and the leases live in a ``PoolLane`` (a lock): a free connection is leased
/// and returned without entering the actor. The actor does what waits: opening connections,
/// queueing tasks when none is free, maintenance and shutdown.
actor ConnectionPool {
    private typealias IdleConnection = PoolLane.IdleConnection

    private struct Waiter {
        let id: UInt64
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Connection, Error>
    }

    private let configuration: PostgresConfiguration
    private nonisolated var options: PoolOptions { configuration.pool }
    private nonisolated var logger: Logger { configuration.logger }
    private let lane = PoolLane()
    private var opening = 0
    /// Idle connections out of the idle list while maintenance pings them.
    private var checking = 0
    private var checked: [CheckedContinuation<Void, Never>] = []
    private var waiters: [Waiter] = []
    private var waiterHead = 0
    private var nextWaiterID: UInt64 = 0
    private var isClosed = false
    /// Set when a shutdown has closed every session; later `shutdown` calls wait for it.
    private var isShutDown = false
    private var shutDownWaiters: [CheckedContinuation<Void, Never>] = []
    private var drained: [CheckedContinuation<Void, Never>] = []
    private var opened = 0
    private var discarded = 0
    private var backoff = ReconnectBackoff()
    /// The maintenance loop's task while no ``runMaintenance()`` (the Database service's
    /// `run()`) does that work.
    private var maintenance: Task<Void, Never>?
    private var deadlineSweeper: Task<Void, Never>?
    /// Sessions being closed (retired connections); shutdown waits for them.
    private var closing: [ObjectIdentifier: Task<Void, Never>] = [:]
    private let metrics: PoolMetrics
    /// The database's read cache, which the pool's connections keep up to date as they write.
    let queryCache: QueryCache?
    /// Tells the pool's connections whether tasks wait for one (see ``PoolContention``).
    private let contention = PoolContention()

    init(configuration: PostgresConfiguration, queryCache: QueryCache? = nil) {
        self.configuration = configuration
        self.metrics = PoolMetrics(configuration: configuration)
        self.queryCache = queryCache
    }

    private var waitingCount: Int { waiters.count - waiterHead }
    private var totalCount: Int {
        let (idle, leased) = lane.counts
        return idle + leased + opening + checking
    }

    var stats: PoolStats {
        lane.withState { state in
            PoolStats(
                total: state.idle.count + state.leased.count + opening + checking, idle: state.idle.count,
                inUse: state.leased.count, waiting: waitingCount, opened: opened, discarded: discarded,
                averageAcquireLatency: state.acquires == 0 ? .zero : state.acquireTotal / state.acquires,
                maxAcquireLatency: state.acquireMax)
        }
    }

    /// Keeps the lane's flag true exactly while tasks wait or the pool is closed. Called in the
    /// same actor turn as any change to either, before the idle list is looked at.
    private func syncLane() {
        let actorOnly = waitingCount > 0 || isClosed
        lane.withState { $0.actorOnly = actorOnly }
        contention.note(tasksAreWaiting: waitingCount > 0)
    }

    private func appendIdle(_ connection: Connection) {
        lane.withState { $0.idle.append(IdleConnection(connection: connection, since: .now)) }
    }

    /// Opens `minConnections` (at least one, so a bad configuration fails at start) and starts
    /// the maintenance loop in a task of its own (until ``runMaintenance()`` takes it over).
    func start() async throws {
        for _ in 0..<max(1, options.minConnections) {
            appendIdle(try await open())
        }
        publishGauges()
        startWithoutConnecting()
    }

    /// Starts the maintenance loop only: it opens `minConnections` once the server answers (a
    /// read replica that is down when the database connects).
    func startWithoutConnecting() {
        maintenance = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.maintenanceInterval)
                guard let pool = self else { return }  // the Database was dropped without shutdown()
                await pool.maintain()
            }
        }
    }

    private static let maintenanceInterval: Duration = .seconds(1)

    /// The maintenance loop (keeping `minConnections` open, retiring expired, broken and long
    /// idle connections) in the caller's task, until it is cancelled or the pool closes: the
    /// Database service's `run()`. The loop `start()` began stops.
    func runMaintenance() async {
        maintenance?.cancel()
        maintenance = nil
        while !Task.isCancelled && !isClosed {
            do { try await Task.sleep(for: Self.maintenanceInterval) } catch { return }
            await maintain()
        }
    }

    // MARK: Acquire and release

    /// A connection for the caller: a free one straight from the lane when nobody waits (no
    /// actor hop), otherwise through the actor (opened, or after the tasks already waiting).
    nonisolated func acquire() async throws -> Connection {
        // One clock reading serves the idle list's checks too: each reading costs hundreds of
        // instructions, and the fast path is a few hundred in all.
        let start = ContinuousClock.now
        let connection: Connection
        if let free = await takeIdle(respectingWaiters: true, now: start) {
            connection = free
        } else {
            connection = try await acquireConnection()
        }
        let elapsed = ContinuousClock.now - start
        lane.recordAcquire(elapsed)
        metrics.recordWait(elapsed)
        return connection
    }

    /// Leases an idle connection that is usable: broken and expired ones met on the way are
    /// retired, and one idle longer than `livenessCheckAfterIdle` must answer a ping first.
    private nonisolated func takeIdle(respectingWaiters: Bool, now: ContinuousClock.Instant = .now) async -> Connection? {
        while let taken = lane.takeIdle(respectingWaiters: respectingWaiters, now: now) {
            switch taken {
            case .unusable(let connection):
                await retire(connection)
            case .usable(let connection, let idleSince):
                if now - idleSince > options.livenessCheckAfterIdle {
                    do {
                        try await connection.ping()
                    } catch {
                        logger.info("discarding a connection that failed its liveness check", metadata: ["error": "\(error)"])
                        await release(connection, broken: true)
                        continue
                    }
                }
                publishLaneGauges()
                return connection
            }
        }
        return nil
    }

    private func acquireConnection() async throws -> Connection {
        if isClosed { throw PostgresError(kind: .poolClosed, message: "the database was shut down") }
        // FIFO fairness: a newcomer never overtakes tasks already waiting.
        if waitingCount == 0 {
            if let connection = await takeIdle(respectingWaiters: false) { return connection }
            // While the server is unreachable newcomers queue behind the probe instead of each
            // trying (and failing) a connect of their own.
            if totalCount < options.maxConnections && !backoff.isFailing {
                opening += 1
                do {
                    let connection = try await open()
                    opening -= 1
                    lease(connection)
                    return connection
                } catch {
                    opening -= 1
                    serveWaiters()
                    throw error
                }
            }
        }
        return try await wait()
    }

    private func wait() async throws -> Connection {
        nextWaiterID += 1
        let id = nextWaiterID
        // Capped so that a huge timeout ("wait forever") cannot overflow the clock.
        let deadline = ContinuousClock.now.advanced(by: min(options.acquireTimeout, .seconds(1 << 32)))
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(id: id, deadline: deadline, continuation: continuation))
                syncLane()
                publishGauges()
                serveWaiters()
                startDeadlineSweeper()
            }
        } onCancel: {
            let cancelled = PostgresError(
                kind: .cancelled, message: "the task was cancelled while waiting for a pooled connection (nothing was sent)")
            Task { await self.failWaiter(id, cancelled) }
        }
    }

    /// One task per pool (not one per wait) fails waiters whose acquire timeout passed: it
    /// sleeps until the oldest waiter's deadline and ends when nobody waits.
    private func startDeadlineSweeper() {
        guard deadlineSweeper == nil, waitingCount > 0 else { return }
        deadlineSweeper = Task { await self.sweepDeadlines() }
    }

    private func sweepDeadlines() async {
        // Waiters queue in arrival order with one timeout, so the head has the earliest deadline.
        while waiterHead < waiters.count, !isClosed {
            let due = waiters[waiterHead].deadline
            if ContinuousClock.now < due {
                do { try await Task.sleep(until: due) } catch { break }
            }
            // Everyone due by then times out (trusting the timer, so an early wake cannot spin).
            while waiterHead < waiters.count, waiters[waiterHead].deadline <= due, let waiter = popWaiter() {
                metrics.recordTimeout()
                waiter.continuation.resume(
                    throwing: PostgresError(kind: .poolTimeout, message: "no connection available within \(options.acquireTimeout)"))
            }
            publishGauges()
        }
        deadlineSweeper = nil
    }

    private func failWaiter(_ id: UInt64, _ error: Error) {
        guard let index = waiters[waiterHead...].firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        syncLane()
        waiter.continuation.resume(throwing: error)
        publishGauges()
    }

    private func popWaiter() -> Waiter? {
        guard waiterHead < waiters.count else { return nil }
        let waiter = waiters[waiterHead]
        waiterHead += 1
        if waiterHead > 64 && waiterHead * 2 > waiters.count {
            waiters.removeFirst(waiterHead)
            waiterHead = 0
        }
        if waitingCount == 0 { syncLane() }
        return waiter
    }

    /// Gives idle connections to waiters in order, and opens new ones while there is room.
    private func serveWaiters() {
        while waitingCount > 0 {
            if let taken = lane.takeIdle(respectingWaiters: false, now: .now) {
                switch taken {
                case .unusable(let connection):
                    retire(connection)
                case .usable(let connection, _):
                    popWaiter()!.continuation.resume(returning: connection)
                }
            } else if totalCount < options.maxConnections && opening < waitingCount && (opening == 0 || !backoff.isFailing) {
                // While failing, one probe at a time; once one connects, one open per waiter.
                opening += 1
                Task { await self.openForWaiters() }
            } else {
                break
            }
        }
        publishGauges()
    }

    private func openForWaiters() async {
        do {
            if backoff.isFailing { try? await Task.sleep(for: backoff.delay) }
            let connection = try await open()
            opening -= 1
            if let waiter = popWaiter() {
                lease(connection)
                waiter.continuation.resume(returning: connection)
            } else {
                appendIdle(connection)
            }
        } catch {
            opening -= 1
            // Tell the first waiter why, rather than letting it time out silently.
            if let waiter = popWaiter() { waiter.continuation.resume(throwing: error) }
        }
        serveWaiters()
    }

    /// Returns a leased connection: straight to the idle list when nobody waits (no actor
    /// hop), otherwise through the actor, which gives it to the oldest waiter. Broken or expired
    /// connections are closed; the pool then serves the next waiter.
    nonisolated func release(_ connection: Connection, broken: Bool = false) async {
        if let held = lane.park(connection, broken: broken) {
            if let held { recordUse(held) }
            publishLaneGauges()
        } else {
            await releaseThroughActor(connection, broken: broken)
        }
    }

    private nonisolated func recordUse(_ held: Duration) {
        metrics.recordUse(held)
        if held > options.leakWarningAfter { logger.warning("a connection was leased for \(held)") }
    }

    private func releaseThroughActor(_ connection: Connection, broken: Bool) {
        let ended = lane.withState { $0.leased.removeValue(forKey: ObjectIdentifier(connection)) }
        if let ended { recordUse(ContinuousClock.now - ended.since) }
        if broken || connection.isBroken || isExpired(connection) || isClosed {
            retire(connection)
        } else if let waiter = popWaiter() {
            lease(connection)
            waiter.continuation.resume(returning: connection)
        } else {
            appendIdle(connection)
        }
        serveWaiters()
        if isClosed && lane.counts.leased == 0 { endDrain() }
    }

    private func lease(_ connection: Connection) {
        lane.withState { $0.lease(connection, at: .now) }
    }

    private func open() async throws -> Connection {
        let start = ContinuousClock.now
        do {
            let connection = try await Connection.connect(configuration, queryCache: queryCache, contention: contention)
            backoff.recordSuccess()
            opened += 1
            // Max lifetime with up to 10% jitter so connections opened together do not all expire together.
            let lifetime = options.maxLifetime
            let jitter = lifetime * Double.random(in: 0...0.1)
            lane.withState { $0.expiry[ObjectIdentifier(connection)] = connection.createdAt + lifetime + jitter }
            return connection
        } catch {
            backoff.recordFailure(attemptStartedAt: start)
            throw error
        }
    }

    /// Closes every idle connection: its server went away (a read replica that failed), so the
    /// others are most likely dead too and must not serve its return.
    func discardIdle() {
        let stale = lane.takeAllIdle()
        for candidate in stale { retire(candidate.connection) }
        publishGauges()
    }

    private func isExpired(_ connection: Connection) -> Bool {
        lane.withState { $0.isExpired(connection, at: .now) }
    }

    private func retire(_ connection: Connection) {
        discarded += 1
        let id = ObjectIdentifier(connection)
        lane.withState { _ = $0.expiry.removeValue(forKey: id) }
        closing[id] = Task {
            await connection.close()
            self.closed(id)
        }
    }

    private func closed(_ id: ObjectIdentifier) {
        closing[id] = nil
    }

    // MARK: Maintenance and shutdown

    /// Pings the connections idle longer than `livenessCheckAfterIdle`, out of the idle list
    /// meanwhile, so a session the server or the network dropped is replaced before anyone
    /// leases it (acquire then rarely pays for a ping of its own).
    private func checkIdleHealth(now: ContinuousClock.Instant) async {
        let after = options.livenessCheckAfterIdle
        let due = lane.withState { state in
            let due = state.idle.filter { now - $0.since > after }
            state.idle.removeAll { now - $0.since > after }
            return due
        }
        guard !due.isEmpty else { return }
        checking += due.count
        for candidate in due {
            let connection = candidate.connection
            var since = ContinuousClock.now
            do {
                try await connection.ping()
            } catch where Task.isCancelled && !connection.isBroken {
                // The maintenance task was stopped (run() took over, or shutdown): not a verdict
                // on the connection. It goes back unchecked, so acquire pings it.
                since = candidate.since
            } catch {
                logger.info("discarding an idle connection that failed its health check", metadata: ["error": "\(error)"])
                connection.markBroken()
            }
            checking -= 1
            if !isClosed && !connection.isBroken {
                lane.withState { $0.idle.append(IdleConnection(connection: connection, since: since)) }
            } else {
                retire(connection)
            }
            serveWaiters()
        }
        if checking == 0 {
            checked.forEach { $0.resume() }
            checked.removeAll()
        }
    }

    private func maintain() async {
        if isClosed { return }
        let now = ContinuousClock.now
        let (idleTimeout, minConnections) = (options.idleTimeout, options.minConnections)
        let (retiring, leases) = lane.withState { state in
            var kept: [IdleConnection] = []
            var retiring: [Connection] = []
            for candidate in state.idle {
                let idleTooLong = now - candidate.since > idleTimeout && kept.count + state.leased.count >= minConnections
                if candidate.connection.isBroken || state.isExpired(candidate.connection, at: now) || idleTooLong {
                    retiring.append(candidate.connection)
                } else {
                    kept.append(candidate)
                }
            }
            state.idle = kept
            return (retiring, Array(state.leased.values))
        }
        retiring.forEach(retire)
        for lease in leases where now - lease.since > options.leakWarningAfter {
            logger.warning("a connection has been leased for \(now - lease.since): a leaked withConnection/transaction?")
        }
        await checkIdleHealth(now: now)
        // Keep minConnections open (replacing retired ones).
        while totalCount < options.minConnections && backoff.failedRounds < 3 {
            opening += 1
            do {
                let connection = try await open()
                opening -= 1
                appendIdle(connection)
            } catch {
                opening -= 1
                logger.warning("could not open a pool connection", metadata: ["error": "\(error)"])
                break
            }
        }
        serveWaiters()
    }

    /// Refuses new leases (`.poolClosed`, waiters too), lets leased connections come back for
    /// up to `gracePeriod`, then cancels the statements of those still out and closes their
    /// sessions, closes the idle ones, and returns once every session is closed.
    func shutdown(gracePeriod: Duration) async {
        if isClosed {
            // Another caller (the service's run() and a shutdown() of the application's, say)
            // is draining: return when it is done, not before the sessions are closed.
            if !isShutDown { await withCheckedContinuation { shutDownWaiters.append($0) } }
            return
        }
        isClosed = true
        syncLane()
        maintenance?.cancel()
        deadlineSweeper?.cancel()
        while let waiter = popWaiter() {
            waiter.continuation.resume(throwing: PostgresError(kind: .poolClosed, message: "the database was shut down"))
        }
        publishGauges()
        if lane.counts.leased > 0 {
            // Whichever comes first: the last lease returning (release) or the grace period's end.
            let timer = Task { [weak self] in
                do { try await Task.sleep(for: gracePeriod) } catch { return }
                await self?.endDrain()
            }
            await withCheckedContinuation { drained.append($0) }
            timer.cancel()
        }
        let stillLeased = lane.withState { Array($0.leased.values) }
        if !stillLeased.isEmpty {
            let message = "shutdown: \(stillLeased.count) connection(s) still leased after the grace period of \(gracePeriod); "
                + "cancelling their statements and closing them (raise pool.shutdownGracePeriod to wait longer)"
            logger.warning("\(message)")
            for lease in stillLeased { await lease.connection.abort() }
        }
        if checking > 0 { await withCheckedContinuation { checked.append($0) } }  // they retire themselves
        let idle = lane.takeAllIdle()
        for candidate in idle { await candidate.connection.close() }
        for task in Array(closing.values) { await task.value }
        publishGauges()
        isShutDown = true
        shutDownWaiters.forEach { $0.resume() }
        shutDownWaiters.removeAll()
    }

    private func endDrain() {
        drained.forEach { $0.resume() }
        drained.removeAll()
    }

    private func publishGauges() {
        let (idle, leased) = lane.counts
        metrics.publish(idle: idle, used: leased, pending: waitingCount)
    }

    /// The gauges after a lease or return on the fast path, where nobody waits.
    private nonisolated func publishLaneGauges() {
        guard metrics.isEnabled else { return }
        let (idle, leased) = lane.counts
        metrics.publish(idle: idle, used: leased, pending: 0)
    }
}
