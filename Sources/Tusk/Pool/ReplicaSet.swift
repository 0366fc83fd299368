import Foundation
import Logging

/// What a ``Database`` knows about one read replica (``Database/replicaStatuses``).
public struct ReplicaStatus: Sendable, Hashable {
    /// The replica's connection settings, password masked.
    public var description: String
    /// In the rotation: its last health check answered, it is a standby, its lag is within bounds.
    public var isHealthy: Bool
    /// The age of the oldest primary WAL position it had not replayed at the last check.
    public var lag: Duration
    /// `pg_last_wal_replay_lsn()` at the last check, as a byte position.
    public var replayedPosition: Int64
    /// Reads it served since the database connected.
    public var readsServed: Int
}

/// The read replicas of a ``Database``: a pool each, a health monitor, read routing and the
/// read-your-writes fences.
final class ReplicaSet: @unchecked Sendable {
    /// What the monitor and the reads learn about a replica (under `lock`).
    private struct Replica {
        var reachable = false
        var inRecovery = false
        var replayed: Int64 = 0
        var lag: Duration = .zero
        var inFlight = 0
        var served = 0
        var healthy: Bool { reachable && inRecovery }
    }

    private let options: ReplicaOptions
    private let logger: Logger
    private let lock = NSLock()
    private var replicas: [Replica]
    /// Per replica, never changed: read without the lock.
    private let configurations: [PostgresConfiguration]
    private let pools: [ConnectionPool]
    private var fences = WriteFences()
    private var turn = 0
    /// Primary WAL positions and when they were seen: how a replica's lag is measured in time.
    private var samples: [(position: Int64, at: ContinuousClock.Instant)] = []
    private var monitor: Task<Void, Never>?

    init(primary: PostgresConfiguration) {
        options = primary.replicaOptions
        logger = primary.logger
        configurations = primary.replicas
        pools = primary.replicas.map { ConnectionPool(configuration: $0) }
        replicas = Array(repeating: Replica(), count: primary.replicas.count)
    }

    /// Starts the replicas' pools (a replica down now joins once it answers), checks every
    /// replica once (so the first reads know which answer) and starts the monitor.
    func start(primary: PostgresConfiguration) async {
        for pool in pools { await pool.startWithoutConnecting() }
        let connections = ReplicaMonitorConnections(count: pools.count)
        await check(primary: primary, connections)
        let interval = options.checkInterval
        monitor = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { break }
                guard let self else { break }
                await self.check(primary: primary, connections)
            }
            await connections.closeAll()
        }
    }

    // MARK: Routing

    /// Runs `statement` on a healthy replica the current task's writes are visible on; nil when
    /// there is none, or the replica failed in a way the primary can make up for (then it
    /// leaves the rotation until its next good check).
    func read(_ statement: SQL) async throws -> QueryResult? {
        let task = WriteFences.currentTask
        guard let index = choose(for: task) else { return nil }
        defer { finished(index) }
        let pool = pools[index]
        let connection: Connection
        do {
            connection = try await pool.acquire()
        } catch let error as PostgresError where error.kind != .cancelled {
            if error.kind != .poolTimeout { markDown(index, error) }
            return nil
        }
        do {
            let result = try await connection.query(statement)
            await pool.release(connection)
            lock.withLock { replicas[index].served += 1 }
            return result
        } catch let error as PostgresError where Self.primaryCanAnswer(error) {
            await pool.release(connection)
            if error.discardsConnection && error.kind != .readOnlyTransaction { markDown(index, error) }
            return nil
        } catch {
            await pool.release(connection)
            throw error
        }
    }

    /// Failures a replica has and the primary has not: the replica is gone or shutting down
    /// (the connection kinds), the statement writes after all (25006, a function such as
    /// nextval), or replay cancelled it (40001 "conflict with recovery").
    private static func primaryCanAnswer(_ error: PostgresError) -> Bool {
        error.discardsConnection || error.kind == .readOnlyTransaction || error.sqlState == "40001"
            || error.sqlState == "57P03"
    }

    private func choose(for task: Int?) -> Int? {
        lock.withLock {
            let fence = fences.fence(for: task)
            let candidates = replicas.indices.filter { index in
                replicas[index].healthy && fence.map { replicas[index].replayed >= $0 } ?? true
            }
            guard !candidates.isEmpty else { return nil }
            let index: Int
            switch options.balancing {
            case .roundRobin:
                turn &+= 1
                index = candidates[Int(UInt(bitPattern: turn) % UInt(candidates.count))]
            case .leastBusy:
                turn &+= 1
                let start = Int(UInt(bitPattern: turn) % UInt(candidates.count))
                let rotated = candidates[start...] + candidates[..<start]
                index = rotated.min { replicas[$0].inFlight < replicas[$1].inFlight }!
            }
            replicas[index].inFlight += 1
            return index
        }
    }

    /// Takes a replica out of the rotation until its next good check, and closes its idle
    /// pooled sessions (its server is gone or going: they would fail once it is back).
    private func finished(_ index: Int) {
        lock.withLock { replicas[index].inFlight -= 1 }
    }

    /// A connection of a healthy replica that has the current task's writes, for a row stream
    /// (nil: none fits, or its pool failed it), and the pool it goes back to; call
    /// ``streamEnded(replica:)`` with the index once the stream's connection is back.
    func leaseForStream() async throws -> (connection: Connection, pool: ConnectionPool, replica: Int)? {
        guard let index = choose(for: WriteFences.currentTask) else { return nil }
        do {
            let connection = try await pools[index].acquire()
            lock.withLock { replicas[index].served += 1 }
            return (connection, pools[index], index)
        } catch let error as PostgresError where error.kind != .cancelled {
            finished(index)
            if error.kind != .poolTimeout { markDown(index, error) }
            return nil
        } catch {
            finished(index)
            throw error
        }
    }

    func streamEnded(replica index: Int) { finished(index) }

    private func markDown(_ index: Int, _ error: Error) {
        let wasHealthy = lock.withLock {
            defer { replicas[index].reachable = false }
            return replicas[index].healthy
        }
        let pool = pools[index]
        Task { await pool.discardIdle() }
        if wasHealthy {
            logger.warning(
                "a read replica left the rotation", metadata: ["replica": "\(configurations[index])", "error": "\(error)"])
        }
    }

    /// After a write by the current task committed with the primary at `position`.
    func noteWrite(at position: Int64?) {
        let task = WriteFences.currentTask
        lock.withLock {
            if let position { fences.noteWrite(task, at: position) } else { fences.noteWriteAtUnknownPosition(task) }
        }
    }

    var statuses: [ReplicaStatus] {
        lock.withLock {
            zip(configurations, replicas).map { configuration, replica in
                ReplicaStatus(
                    description: configuration.description, isHealthy: replica.healthy, lag: replica.lag,
                    replayedPosition: replica.replayed, readsServed: replica.served)
            }
        }
    }

    // MARK: Health

    /// The primary's WAL position now, then each replica's replayed position: who is in the
    /// rotation, and the fences every replica has passed are dropped.
    private func check(primary: PostgresConfiguration, _ connections: ReplicaMonitorConnections) async {
        let now = ContinuousClock.now
        if let position = try? await connections.position(of: primary, index: nil, Self.primaryPosition) {
            lock.withLock {
                fences.resolvePending(at: position.insert)
                samples.append((position.position, now))
                let keep = now - (options.maxLag + options.checkInterval * 2)
                if let first = samples.firstIndex(where: { $0.at >= keep }), first > 0 { samples.removeFirst(first - 1) }
            }
        }
        for (index, configuration) in configurations.enumerated() {
            do {
                let answer = try await connections.position(of: configuration, index: index, Self.replayPosition)
                let (healthy, wasHealthy) = lock.withLock {
                    let wasHealthy = replicas[index].healthy
                    replicas[index].replayed = max(replicas[index].replayed, answer.position)
                    let unreplayed = samples.first { $0.position > replicas[index].replayed }
                    replicas[index].lag = unreplayed.map { now - $0.at } ?? .zero
                    replicas[index].inRecovery = answer.inRecovery
                    replicas[index].reachable = replicas[index].lag <= options.maxLag
                    return (replicas[index].healthy, wasHealthy)
                }
                if healthy != wasHealthy {
                    logger.info(
                        healthy ? "a read replica joined the rotation" : "a read replica left the rotation (lagging or promoted)",
                        metadata: ["replica": "\(configuration)"])
                }
            } catch where Task.isCancelled {
                return  // the database is shutting down: not a verdict on the replica
            } catch {
                markDown(index, error)
            }
        }
        lock.withLock {
            if let least = replicas.map(\.replayed).min() { fences.prune(replayedByAll: least) }
        }
    }

    /// The flush position: what a standby can receive and replay (the insert position may
    /// point past a page header no record ends at, so an idle standby would never reach it).
    private static let primaryPosition: SQL =
        "SELECT false, (pg_current_wal_flush_lsn() - '0/0')::int8, (pg_current_wal_insert_lsn() - '0/0')::int8"
    private static let replayPosition: SQL =
        "SELECT pg_is_in_recovery(), coalesce((pg_last_wal_replay_lsn() - '0/0')::int8, 0), 0::int8"

    func shutdown(gracePeriod: Duration) async {
        monitor?.cancel()
        await monitor?.value
        for pool in pools { await pool.shutdown(gracePeriod: gracePeriod) }
    }
}

/// The health monitor's own connections (one to the primary, one per replica), reopened after
/// a failure.
actor ReplicaMonitorConnections {
    private var primary: Connection?
    private var replicas: [Connection?]

    init(count: Int) { replicas = Array(repeating: nil, count: count) }

    /// Runs `statement` (whether the server is a standby, its flushed or replayed WAL position,
    /// the primary's insert position) on the server of `configuration`.
    func position(
        of configuration: PostgresConfiguration, index: Int?, _ statement: SQL
    ) async throws -> (inRecovery: Bool, position: Int64, insert: Int64) {
        let existing = index.map { replicas[$0] } ?? primary
        let connection: Connection
        if let existing, !existing.isBroken {
            connection = existing
        } else {
            var quick = configuration
            quick.connectTimeout = min(configuration.connectTimeout, .seconds(2))
            connection = try await Connection.connect(quick)
            if let index { replicas[index] = connection } else { primary = connection }
        }
        do {
            guard let row = try await connection.queryFirst(statement, as: Bool.self, Int64.self, Int64.self) else {
                throw PostgresError(kind: .decodingFailed, message: "no WAL position")
            }
            return (row.0, row.1, row.2)
        } catch {
            await connection.close()
            throw error
        }
    }

    func closeAll() async {
        await primary?.close()
        for replica in replicas { await replica?.close() }
        primary = nil
        replicas = replicas.map { _ in nil }
    }
}
