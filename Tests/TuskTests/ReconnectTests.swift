import Foundation
import Testing
import Tusk
import TuskTesting

/// The pool after an outage: waiting callers are served soon after the server is back.
@Suite struct ReconnectTests {
    @Test func waitersAreServedWithinHalfASecondOfAnImmediateRestart() async throws {
        let cluster = try await PostgresCluster.start()
        defer { cluster.stop() }
        var configuration = try PostgresConfiguration(cluster.connectionString(database: "postgres"))
        configuration.pool.maxConnections = 8
        let db = try await Database.connect(configuration)
        let log = OutcomeLog()
        let workers = startLoad(on: db, tasks: 16, log: log)
        try await waitUntil("the load runs") { await log.successes >= 200 }
        let restartBegan = ContinuousClock.now
        try await cluster.restart(mode: .immediate)
        let ready = ContinuousClock.now
        try await waitUntil("a statement is served after the outage") {
            await log.firstSuccess(afterFailureSince: restartBegan) != nil
        }
        for worker in workers { worker.cancel() }
        for worker in workers { await worker.value }
        let served = await log.firstSuccess(afterFailureSince: restartBegan)!
        let latency = max(.zero, served - ready)
        if ProcessInfo.processInfo.environment["TUSK_PRINT_FIGURES"] != nil {
            print("reconnect: first statement served \(latency) after pg_ctl restart -m immediate returned")
        }
        #expect(await log.failures > 0, "the restart was not noticed")
        #expect(latency < .milliseconds(500), "served \(latency) after the server was back")
        let stats = await db.stats
        #expect(stats.total <= 8)
        await db.shutdown()
    }
}

/// `tasks` tasks running `SELECT 1` in a loop until cancelled, recording each outcome.
func startLoad(on db: Database, tasks: Int, log: OutcomeLog) -> [Task<Void, Never>] {
    (0..<tasks).map { _ in
        Task {
            while !Task.isCancelled {
                do {
                    _ = try await db.query("SELECT 1")
                    await log.success()
                } catch {
                    await log.failure(error)
                }
            }
        }
    }
}

/// When statements succeeded and failed.
actor OutcomeLog {
    private(set) var successes = 0
    private(set) var failures = 0
    private var successTimes: [ContinuousClock.Instant] = []
    private var failureTimes: [ContinuousClock.Instant] = []
    private(set) var failureKinds: [PostgresError.Kind: Int] = [:]

    func success() {
        successes += 1
        successTimes.append(.now)
    }

    func failure(_ error: Error) {
        failures += 1
        failureTimes.append(.now)
        if let error = error as? PostgresError { failureKinds[error.kind, default: 0] += 1 }
    }

    /// The first success after the first failure that happened at or after `start`.
    func firstSuccess(afterFailureSince start: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard let outage = failureTimes.first(where: { $0 >= start }) else { return nil }
        return successTimes.first { $0 > outage }
    }
}
