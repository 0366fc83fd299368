import Foundation
import MetricsTestKit
import Testing
import Tusk
import TuskTesting

/// The OpenTelemetry-named metrics, through a factory of the test's own (the global
/// MetricsSystem stays untouched for the tests running beside it).
@Suite struct ClientMetricsTests {
    @Test func operationsAndThePoolAreMeasuredUnderTheOpenTelemetryNames() async throws {
        let metrics = TestMetrics()
        try await withTestDatabase { testDatabase in
            var configuration = try PostgresConfiguration(testDatabase.connectionString)
            configuration.metricsFactory = metrics
            configuration.pool.name = "orders"
            configuration.pool.maxConnections = 1
            configuration.pool.acquireTimeout = .milliseconds(200)
            let db = try await Database.connect(configuration)
            let pool = ("db.client.connection.pool.name", "orders")

            #expect(try await db.query("SELECT 1", as: Int32.self) == [1])
            let divided = await postgresError { _ = try await db.query("SELECT 1 / 0", as: Int32.self) }
            #expect(divided?.sqlState == "22012")
            let selects = try metrics.expectTimer(
                "db.client.operation.duration", [("db.system.name", "postgresql"), ("db.operation.name", "SELECT")])
            #expect(selects.values.count == 1 && selects.values[0] > 0)
            let failures = try metrics.expectTimer(
                "db.client.operation.duration",
                [("db.system.name", "postgresql"), ("db.operation.name", "SELECT"), ("error.type", "22012")])
            #expect(failures.values.count == 1)

            // The one connection leased: another acquire waits, counted as pending, and times out.
            try await db.withConnection { _ in
                let timedOut = await postgresError { _ = try await db.query("SELECT 2") }
                #expect(timedOut?.kind == .poolTimeout)
                let used = try metrics.expectGauge("db.client.connection.count", [pool, ("db.client.connection.state", "used")])
                #expect(used.lastValue == 1)
            }
            let pending = try metrics.expectGauge("db.client.connection.pending_requests", [pool])
            #expect(pending.values.contains(1) && pending.lastValue == 0)
            let timeouts = try metrics.expectCounter("db.client.connection.timeouts", [pool])
            #expect(timeouts.totalValue == 1)
            let idle = try metrics.expectGauge("db.client.connection.count", [pool, ("db.client.connection.state", "idle")])
            #expect(idle.lastValue == 1)
            #expect(try metrics.expectGauge("db.client.connection.count", [pool, ("db.client.connection.state", "used")]).lastValue == 0)
            // Three leases returned (two queries and withConnection); each waited first.
            #expect(try metrics.expectTimer("db.client.connection.use_time", [pool]).values.count == 3)
            #expect(try metrics.expectTimer("db.client.connection.wait_time", [pool]).values.count == 3)
            // Nothing under the old names.
            #expect(metrics.timers(label: "tusk.query.duration").isEmpty)
            await db.shutdown()
        }
    }
}
