import Foundation
import Tracing
import Tusk
import TuskDev
import TuskTesting

/// A fresh database on TuskTesting's server, a Tusk `Database` connected to it, then cleanup.
func withDatabase<T: Sendable>(
    _ flavor: PostgresFlavor = .standard,
    _ settings: Settings = Settings(),
    _ body: (Database, TestDatabase) async throws -> T
) async throws -> T {
    try await withTestDatabase(flavor) { testDatabase in
        var configuration = try PostgresConfiguration(testDatabase.connectionString)
        configuration.pool.maxConnections = settings.maxConnections
        configuration.pool.minConnections = settings.minConnections
        configuration.statementTimeout = settings.statementTimeout
        configuration.statementMode = settings.statementMode
        configuration.preparedStatementCacheSize = settings.cacheSize
        configuration.pool.acquireTimeout = settings.acquireTimeout
        configuration.pool.livenessCheckAfterIdle = settings.livenessCheckAfterIdle
        configuration.pool.maxLifetime = settings.maxLifetime
        configuration.tracer = settings.tracer
        return try await withShutdown(try await Database.connect(configuration)) { try await body($0, testDatabase) }
    }
}

/// Leases `db`'s connection (a pool of one) until another task waits for it; returns once the
/// lease has begun, with the task that ends with the lease.
func leaseUntilSomeoneWaits(_ db: Database) async throws -> Task<Void, Error> {
    let holding = Flag()
    let holder = Task {
        try await db.withConnection { _ in
            await holding.set()
            try await waitUntil("a task waits for the connection") { await db.stats.waiting >= 1 }
        }
    }
    try await waitUntil("the lease began") { await holding.value }
    return holder
}

/// The error `body` throws, as a PostgresError (nil when it does not throw one).
func postgresError(_ body: () async throws -> Void) async -> PostgresError? {
    do {
        try await body()
        return nil
    } catch let error as PostgresError {
        return error
    } catch {
        return nil
    }
}

/// Pool and session settings a test changes from the defaults.
struct Settings {
    var maxConnections = 4
    var minConnections = 1
    var statementTimeout: Duration?
    var statementMode = StatementMode.prepared
    var cacheSize = 256
    var acquireTimeout: Duration = .seconds(30)
    var livenessCheckAfterIdle: Duration = .seconds(30)
    var maxLifetime: Duration = .seconds(1800)
    /// Where spans go; nil uses the process's tracer (none is bootstrapped in the tests).
    var tracer: (any Tracer)?
}

/// Runs `body` with libpq's environment variables set (`PGHOST`, `PGSERVICE`, ...), one such
/// test at a time, and restores them afterwards. Only variables that cannot redirect the other
/// tests' connections belong here: they all name their host, port, user and database, so
/// `PGHOST` and a `PGSERVICE` that sets only `host` leave them alone (never `PGHOSTADDR` or
/// `PGSSLMODE`, which would apply to them).
func withLibPQEnvironment<T>(_ variables: [String: String], _ body: () async throws -> T) async throws -> T {
    precondition(variables.keys.allSatisfy { ["PGHOST", "PGSERVICE", "PGSERVICEFILE"].contains($0) })
    await LibPQEnvironmentLock.shared.acquire()
    let saved = variables.keys.map { ($0, ProcessInfo.processInfo.environment[$0]) }
    ProcessEnvironment.set(variables.map { (name: $0.key, value: $0.value) })
    func restore() async {
        ProcessEnvironment.set(saved.map { (name: $0.0, value: $0.1) })
        await LibPQEnvironmentLock.shared.release()
    }
    do {
        let result = try await body()
        await restore()
        return result
    } catch {
        await restore()
        throw error
    }
}

/// One test at a time changes libpq's environment; tests whose outcome it would change hold it too.
actor LibPQEnvironmentLock {
    static let shared = LibPQEnvironmentLock()
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !held {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
    }
}

/// `count` tasks that each write ids `worker * 10_000_000 + 1, + 2, ...` with `write` until
/// cancelled: the load of the fault and failover suites.
func startWriters(_ count: Int, _ write: @escaping @Sendable (Int64) async -> Void) -> [Task<Void, Never>] {
    (0..<count).map { worker in
        Task {
            var sequence: Int64 = 0
            while !Task.isCancelled {
                sequence += 1
                await write(Int64(worker) * 10_000_000 + sequence)
            }
        }
    }
}
