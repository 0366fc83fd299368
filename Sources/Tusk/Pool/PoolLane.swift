import Synchronization

/// The part of a pool's state that leasing and returning a connection touch, behind a lock
/// instead of the pool's actor: with a connection free and nobody waiting, `acquire` and
/// `release` take the lock, move the connection between the idle list and the leases, and
/// return, with no hop onto the actor's executor and no thread woken (issue 13: the hops were
/// half the pooled point select's client CPU).
///
/// Waiting stays the actor's: while a task waits (or the pool is closed) the lane is
/// `actorOnly`, so every acquire queues behind the waiters (FIFO, the newcomer never overtakes)
/// and every release goes to the actor, which hands the connection to the oldest waiter.
/// The actor sets the flag in the same turn as it queues a waiter, before it looks at the idle
/// list, so a connection returned meanwhile is seen by one or the other, never lost.
final class PoolLane: Sendable {
    struct IdleConnection {
        let connection: Connection
        let since: ContinuousClock.Instant
    }

    struct Lease {
        let connection: Connection
        let since: ContinuousClock.Instant
    }

    struct State {
        var idle: [IdleConnection] = []
        var leased: [ObjectIdentifier: Lease] = [:]
        /// When each open connection must retire (its max lifetime with jitter).
        var expiry: [ObjectIdentifier: ContinuousClock.Instant] = [:]
        /// Tasks are waiting or the pool is closed: acquire and release go through the actor.
        var actorOnly = false
        var acquires = 0
        var acquireTotal: Duration = .zero
        var acquireMax: Duration = .zero

        func isExpired(_ connection: Connection, at now: ContinuousClock.Instant) -> Bool {
            guard let deadline = expiry[ObjectIdentifier(connection)] else { return false }
            return now >= deadline
        }

        mutating func lease(_ connection: Connection, at now: ContinuousClock.Instant) {
            leased[ObjectIdentifier(connection)] = Lease(connection: connection, since: now)
        }
    }

    /// What taking an idle connection found.
    enum Taken {
        /// Leased to the caller; `idleSince` tells whether it wants a liveness check first.
        case usable(Connection, idleSince: ContinuousClock.Instant)
        /// Broken or past its lifetime: out of the idle list, for the caller to retire.
        case unusable(Connection)
    }

    private let state = Mutex(State())

    func withState<Result: Sendable>(_ body: (inout State) -> Result) -> Result {
        state.withLock { body(&$0) }
    }

    /// Pops the newest idle connection and leases it (unless `respectingWaiters` and the lane is
    /// the actor's). Newest first: it is the one most likely warm in the server's caches.
    func takeIdle(respectingWaiters: Bool, now: ContinuousClock.Instant) -> Taken? {
        state.withLock { state -> Taken? in
            if respectingWaiters && state.actorOnly { return nil }
            guard let candidate = state.idle.popLast() else { return nil }
            let connection = candidate.connection
            if connection.isBroken || state.isExpired(connection, at: now) { return .unusable(connection) }
            state.lease(connection, at: now)
            return .usable(connection, idleSince: candidate.since)
        }
    }

    /// Returns `connection` to the idle list when nobody waits and it can serve again; the
    /// lease's length is returned then. Nil: the actor must take it (waiters, closed, retiring).
    func park(_ connection: Connection, broken: Bool) -> Duration?? {
        let now = ContinuousClock.now
        return state.withLock { state -> Duration?? in
            guard !state.actorOnly, !broken, !connection.isBroken, !state.isExpired(connection, at: now) else { return nil }
            let lease = state.leased.removeValue(forKey: ObjectIdentifier(connection))
            state.idle.append(IdleConnection(connection: connection, since: now))
            return .some(lease.map { now - $0.since })
        }
    }

    /// Empties the idle list, returning what it held (to retire or close).
    func takeAllIdle() -> [IdleConnection] {
        state.withLock { state in
            defer { state.idle.removeAll() }
            return state.idle
        }
    }

    func recordAcquire(_ elapsed: Duration) {
        state.withLock { state in
            state.acquires += 1
            state.acquireTotal += elapsed
            state.acquireMax = max(state.acquireMax, elapsed)
        }
    }

    /// Idle and leased connection counts.
    var counts: (idle: Int, leased: Int) {
        state.withLock { ($0.idle.count, $0.leased.count) }
    }
}
