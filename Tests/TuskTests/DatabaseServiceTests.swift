import Foundation
import ServiceLifecycle
import Testing
import Tusk
import TuskTesting

/// The Database as a swift-service-lifecycle Service: graceful shutdown under load.
@Suite struct DatabaseServiceTests {
    /// What the 16 workers saw.
    actor Tally {
        var committed: [(task: Int64, n: Int64)] = []
        var committedAfterShutdownBegan = 0
        var refused = 0
        var failed: [String] = []
        var shuttingDown = false

        func commit(_ task: Int64, _ n: Int64) {
            committed.append((task, n))
            if shuttingDown { committedAfterShutdownBegan += 1 }
        }
        func refuse() { refused += 1 }
        func fail(_ error: Error) { failed.append("\(error)") }
        func beginShutdown() { shuttingDown = true }
    }

    @Test func gracefulShutdownUnderLoadFailsNoTransactionAndLeavesNoSession() async throws {
        try await withTestDatabase { testDatabase in
            var configuration = try PostgresConfiguration(testDatabase.connectionString)
            configuration.pool.minConnections = 2
            configuration.pool.maxConnections = 8  // fewer than the workers: some always wait
            let db = try await Database.connect(configuration)
            try await db.execute("CREATE TABLE commits (task int8, n int8, PRIMARY KEY (task, n))")
            // The LISTEN connection is open too, and must be closed by the shutdown.
            let notifications = try await db.notifications(channel: "commits")
            let group = ServiceGroup(services: [db])
            let tally = Tally()
            let service = Task { try await group.run() }
            let workers = Task {
                await withTaskGroup(of: Void.self) { workers in
                    for task in Int64(0)..<16 {
                        workers.addTask {
                            var n: Int64 = 0
                            while true {
                                do {
                                    try await db.transaction { tx in
                                        try await tx.run("INSERT INTO commits VALUES (\(task), \(n))")
                                        try await tx.run("SELECT pg_sleep(0.002)")
                                    }
                                    await tally.commit(task, n)
                                    n += 1
                                } catch let error as PostgresError where error.kind == .poolClosed {
                                    await tally.refuse()  // refused at acquire: before BEGIN
                                    return
                                } catch {
                                    await tally.fail(error)
                                    return
                                }
                            }
                        }
                    }
                }
            }
            // Under load: wait (bounded) until 200 transactions have committed.
            let loaded = ContinuousClock.now + .seconds(60)
            while await tally.committed.count < 200 && ContinuousClock.now < loaded {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(await tally.committed.count >= 200)

            await tally.beginShutdown()
            let shutdownStart = ContinuousClock.now
            await group.triggerGracefulShutdown()
            try await service.value
            let drainTime = ContinuousClock.now - shutdownStart
            await workers.value

            let failed = await tally.failed
            let committed = await tally.committed
            #expect(failed.isEmpty, "in-flight transactions failed: \(failed.prefix(3))")
            #expect(await tally.refused == 16)
            let rows = try await testDatabase.query("SELECT task, n FROM commits")
            let stored = Set(rows.map { "\($0[0]!)/\($0[1]!)" })
            let acknowledged = Set(committed.map { "\($0.task)/\($0.n)" })
            #expect(acknowledged.isSubset(of: stored), "acknowledged commits missing from the table")
            #expect(stored.count == acknowledged.count)
            let sessions = try await serverSessions(of: testDatabase)
            #expect(sessions == 0, "\(sessions) sessions left")
            withExtendedLifetime(notifications) {}
            print(
                "graceful shutdown under load: \(committed.count) commits, \(await tally.committedAfterShutdownBegan) "
                    + "committed during the drain, drain time \(drainTime), refused \(await tally.refused), failed \(failed.count)")
        }
    }

    @Test func aLeaseOutlivingTheGracePeriodIsCancelledAndClosed() async throws {
        try await withTestDatabase { testDatabase in
            var configuration = try PostgresConfiguration(testDatabase.connectionString)
            configuration.pool.shutdownGracePeriod = .milliseconds(300)
            let db = try await Database.connect(configuration)
            let slow = Task { try await db.transaction { tx in try await tx.run("SELECT pg_sleep(60)") } }
            let running = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < running {
                let rows = try await testDatabase.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = \(literal: testDatabase.name) AND query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'")
                if rows[0][0] == "1" { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            let start = ContinuousClock.now
            await db.shutdown()
            let took = ContinuousClock.now - start
            #expect(took < .seconds(5), "shutdown took \(took)")
            await #expect(throws: PostgresError.self) { try await slow.value }
            #expect(try await serverSessions(of: testDatabase) == 0)
            await #expect(throws: PostgresError.self) { try await db.query("SELECT 1") }
        }
    }

    @Test func aSecondShutdownReturnsOnlyWhenTheFirstHasDrained() async throws {
        try await withTestDatabase { testDatabase in
            let db = try await Database.connect(try PostgresConfiguration(testDatabase.connectionString))
            // When the transaction's work ended (before its COMMIT and the lease's return).
            let workEnded = Task {
                try await db.transaction { tx in
                    _ = try await tx.run("SELECT pg_sleep(0.5)")
                    return ContinuousClock.now
                }
            }
            try await waitUntilLeased(db)
            let first = Task { await db.shutdown() }
            // The first shutdown has begun once new leases are refused.
            let closing = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < closing,
                await postgresError({ _ = try await db.query("SELECT 1") })?.kind != .poolClosed
            {
                try await Task.sleep(for: .milliseconds(5))
            }
            await db.shutdown()
            let secondReturned = ContinuousClock.now
            await first.value
            let leaseStillOut = try await workEnded.value
            #expect(secondReturned > leaseStillOut, "the second shutdown returned while a lease was still out")
        }
    }

    @Test func runReplacesAnIdleConnectionTheServerDroppedBeforeAnyoneLeasesIt() async throws {
        try await withTestDatabase { testDatabase in
            var configuration = try PostgresConfiguration(testDatabase.connectionString)
            configuration.pool.minConnections = 2
            configuration.pool.livenessCheckAfterIdle = .milliseconds(100)
            let db = try await Database.connect(configuration)
            let group = ServiceGroup(services: [db])
            let service = Task { try await group.run() }
            let sessions: SQLScript = "SELECT pid FROM pg_stat_activity WHERE datname = \(literal: testDatabase.name) AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            let before = try await testDatabase.query(sessions).map { $0[0]! }
            #expect(before.count == 2)
            try await testDatabase.execute("SELECT pg_terminate_backend(\(literal: Int(before[0])!))")
            // No lease is taken: the maintenance's health check finds the dropped session.
            let deadline = ContinuousClock.now + .seconds(10)
            var replaced = false
            while !replaced && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
                let stats = await db.stats
                let now = try await testDatabase.query(sessions).map { $0[0]! }
                replaced = stats.discarded >= 1 && stats.total == 2 && now.count == 2 && !now.contains(before[0])
            }
            let stats = await db.stats
            #expect(replaced, "the dropped idle session was not replaced: \(stats)")
            #expect(stats.opened == 3)
            await group.triggerGracefulShutdown()
            try await service.value
        }
    }

    private func waitUntilLeased(_ db: Database) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while await db.stats.inUse == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await db.stats.inUse == 1)
    }

    /// The database's sessions other than the checker's own, once they are gone (waits up to 5 s
    /// for the server to end closed backends).
    private func serverSessions(of testDatabase: TestDatabase) async throws -> Int {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            let rows = try await testDatabase.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = \(literal: testDatabase.name) AND backend_type = 'client backend' AND pid <> pg_backend_pid()")
            let count = Int(rows[0][0] ?? "-1") ?? -1
            if count == 0 || ContinuousClock.now >= deadline { return count }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
