import Foundation
import Testing
import Tusk
import TuskTesting

/// Failover on real servers: a primary with a synchronous streaming standby, the application
/// on a multi-host URL with `target_session_attrs=read-write` (libpq picks the host that takes
/// writes), writers running throughout. The primary is killed (immediate stop) and the standby
/// promoted (`pg_ctl promote`): the pool drops the dead sessions, reconnects to the new primary
/// within 2 s, and no acknowledged commit is lost. Figures: `TUSK_PRINT_FIGURES=1`.
@Suite struct FailoverTests {
    @Test func writesMoveToThePromotedStandbyWithoutLosingAnAcknowledgedCommit() async throws {
        let primary = try await PostgresCluster.start(settings: ["synchronous_commit": "on"])
        defer { primary.stop() }
        _ = try await primary.adminQuery("CREATE TABLE ledger (id int8 PRIMARY KEY)")
        let standby = try await primary.startStandby(settings: ["synchronous_commit": "on"])
        defer { standby.stop() }
        // Synchronous replication: a commit is acknowledged once the standby has it.
        _ = try await primary.adminQuery("ALTER SYSTEM SET synchronous_standby_names = '*'")
        _ = try await primary.adminQuery("SELECT pg_reload_conf()")
        try await waitUntil("the standby replicates synchronously") {
            try await primary.adminQuery("SELECT sync_state FROM pg_stat_replication") == [["sync"]]
        }

        var configuration = try readWriteConfiguration(primary, standby)
        configuration.pool.maxConnections = 8
        configuration.pool.acquireTimeout = .seconds(10)
        let db = try await Database.connect(configuration)
        let ledger = FailoverLedger()
        let writers = startWriters(6) { id in
            do {
                let port = try await db.queryFirst(
                    "INSERT INTO ledger VALUES (\(id)) RETURNING current_setting('port')", as: String.self)
                await ledger.acknowledged(id, port: port ?? "")
            } catch {
                await ledger.failed()
            }
        }
        try await waitUntil("writes are acknowledged on the primary", timeout: .seconds(30)) { await ledger.count(on: primary.port) >= 100 }

        let killed = ContinuousClock.now
        try await primary.stopServer(mode: .immediate)
        try await standby.promote()
        let promoted = ContinuousClock.now
        try await waitUntil("writes are acknowledged by the promoted standby", timeout: .seconds(2)) {
            await ledger.count(on: standby.port) > 0
        }
        let reconnected = await ledger.firstAcknowledgement(on: standby.port) ?? .now
        try await waitUntil("more writes on the new primary", timeout: .seconds(30)) { await ledger.count(on: standby.port) >= 100 }
        writers.forEach { $0.cancel() }
        for writer in writers { await writer.value }

        let acknowledged = await ledger.ids
        let present = Set(try await standby.adminQuery("SELECT id FROM ledger").compactMap { $0.first.flatMap { $0 }.flatMap { Int64($0) } })
        let lost = acknowledged.subtracting(present)
        let figures = "failover: \(acknowledged.count) acknowledged commits, \(lost.count) lost, \(await ledger.failures) failed;"
            + " first write on the new primary \(reconnected - promoted) after promote, \(reconnected - killed) after the kill"
        if ProcessInfo.processInfo.environment["TUSK_PRINT_FIGURES"] != nil { print(figures) }
        #expect(lost.isEmpty, "\(figures)")
        #expect(reconnected - promoted < .seconds(2))
        // Every session to the old primary was dropped: all the pool's connections reach the new one.
        let ports = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await db.queryFirst("SELECT current_setting('port') FROM pg_sleep(0.05)", as: String.self) ?? "" } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ports == [String(standby.port)])
        #expect(await db.stats.discarded > 0)
        await db.shutdown()
    }
}

extension FailoverTests {
    /// The other signal: a server that turned read-only under open sessions answers writes with
    /// 25006; the pool drops each such session, and libpq (target_session_attrs=read-write)
    /// connects only to the server that takes writes once the standby is promoted.
    @Test func sessionsOnAServerTurnedReadOnlyAreDroppedOn25006() async throws {
        let primary = try await PostgresCluster.start()
        defer { primary.stop() }
        _ = try await primary.adminQuery("CREATE TABLE ledger (id int8 PRIMARY KEY)")
        let standby = try await primary.startStandby()
        defer { standby.stop() }
        var configuration = try readWriteConfiguration(primary, standby)
        configuration.pool.maxConnections = 4
        let db = try await Database.connect(configuration)
        #expect(try await db.queryFirst("INSERT INTO ledger VALUES (1) RETURNING current_setting('port')", as: String.self) == String(primary.port))

        _ = try await primary.adminQuery("ALTER SYSTEM SET default_transaction_read_only = on")
        _ = try await primary.adminQuery("SELECT pg_reload_conf()")
        // Each backend reads the reloaded setting when it next notices the SIGHUP, not at once:
        // write until the pooled session refuses (a write before that succeeds).
        var id: Int64 = 1
        var refused: PostgresError?
        try await waitUntil("the pooled session sees the reloaded setting", timeout: .seconds(5)) {
            id += 1
            let written = id
            refused = await postgresError { try await db.run("INSERT INTO ledger VALUES (\(written))") }
            return refused != nil
        }
        #expect(refused?.sqlState == "25006")
        #expect(refused?.kind == .readOnlyTransaction)

        try await standby.promote()
        try await waitUntil("writes reach the promoted standby", timeout: .seconds(2)) {
            id += 1
            let port = try? await db.queryFirst("INSERT INTO ledger VALUES (\(id)) RETURNING current_setting('port')", as: String.self)
            return port == String(standby.port)
        }
        #expect(await db.stats.discarded > 0)
        await db.shutdown()
    }
}

/// Both servers in one libpq multi-host string, connecting to whichever takes writes.
private func readWriteConfiguration(_ primary: PostgresCluster, _ standby: PostgresCluster) throws -> PostgresConfiguration {
    try PostgresConfiguration(
        "host=\(primary.socketDirectory),\(standby.socketDirectory) port=\(primary.port),\(standby.port)"
            + " user=tusk dbname=postgres target_session_attrs=read-write")
}

/// What the writers saw: acknowledged ids per server port, and failures.
actor FailoverLedger {
    private(set) var ids: Set<Int64> = []
    private var perPort: [String: Int] = [:]
    private var firstOnPort: [String: ContinuousClock.Instant] = [:]
    private(set) var failures = 0

    func acknowledged(_ id: Int64, port: String) {
        ids.insert(id)
        perPort[port, default: 0] += 1
        if firstOnPort[port] == nil { firstOnPort[port] = .now }
    }

    func failed() { failures += 1 }

    func count(on port: Int) -> Int { perPort[String(port)] ?? 0 }

    func firstAcknowledgement(on port: Int) -> ContinuousClock.Instant? { firstOnPort[String(port)] }
}
