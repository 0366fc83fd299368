import BenchCore
import Foundation
import Tusk

// Tusk's side of every scenario, through the runtime's public API only (what users write).

let arguments = BenchArguments.parse()

func configuration(connections: Int) -> PostgresConfiguration {
    var configuration = PostgresConfiguration(
        host: arguments.socketDirectory, port: arguments.port, user: arguments.user, database: arguments.database)
    configuration.pool = PoolOptions(minConnections: connections, maxConnections: connections)
    return configuration
}

func pointSelect(_ runner: some QueryRunner, _ id: Int32) async throws -> Int32 {
    guard let balance = try await runner.queryFirst("SELECT abalance FROM pgbench_accounts WHERE aid = \(id)", as: Int32.self)
    else { die("no row for aid \(id)") }
    return balance
}

/// `BENCH_PHASE=name` runs only that phase of a scenario (for callgrind, which counts a whole
/// process); unset runs every phase.
func runsPhase(_ name: String) -> Bool {
    guard let phase = ProcessInfo.processInfo.environment["BENCH_PHASE"], !phase.isEmpty else { return true }
    return phase == name
}

/// One connection, leased once: the runtime's per-statement cost.
func runPoint() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    let count = arguments.count
    if runsPhase("leased") { try await runLeasedPoint(db, count: count) }
    if runsPhase("pooled") { try await runPooledPoint(db, count: count) }
    await db.shutdown()
}

func runLeasedPoint(_ db: Database, count: Int) async throws {
    var startCPU = 0.0
    let (seconds, sum) = try await db.withConnection { connection in
        _ = try await pointSelect(connection, 1)
        startCPU = processCPUSeconds()
        var ids = AccountIDs()
        return try await measure {
            var sum = 0
            for _ in 0..<count { sum += Int(try await pointSelect(connection, ids.next())) }
            return sum
        }
    }
    let cpu = cpuMicroseconds(since: startCPU, operations: count)
    report("point", "tusk", ["ops": count, "seconds": seconds, "rate": Double(count) / seconds, "cpu_us": cpu, "checksum": sum])
}

/// The same through the pool (one lease per statement), for the cost of a lease.
func runPooledPoint(_ db: Database, count: Int) async throws {
    _ = try await pointSelect(db, 1)
    var ids = AccountIDs()
    let pooledCPU = processCPUSeconds()
    let (pooled, _) = try await measure {
        for _ in 0..<count { _ = try await pointSelect(db, ids.next()) }
    }
    report("point", "tusk-pool", [
        "ops": count, "seconds": pooled, "rate": Double(count) / pooled,
        "cpu_us": cpuMicroseconds(since: pooledCPU, operations: count),
    ])
}

/// 16 tasks sharing a pool of 4 connections.
func runPool() async throws {
    let db = try await Database.connect(configuration(connections: BenchSQL.poolConnections))
    let perTask = arguments.count / BenchSQL.poolTasks
    let select: @Sendable (Int32) async throws -> Void = { id in _ = try await pointSelect(db, id) }
    _ = try await runConcurrently(tasks: BenchSQL.poolConnections * 2, perTask: 1, select)  // open every connection
    let startCPU = processCPUSeconds()
    let seconds = try await runConcurrently(perTask: perTask, select)
    let ops = perTask * BenchSQL.poolTasks
    report("pool", "tusk", [
        "ops": ops, "seconds": seconds, "rate": Double(ops) / seconds,
        "cpu_us": cpuMicroseconds(since: startCPU, operations: ops),
    ])
    await db.shutdown()
}

/// A row decoded by position, the way generated row types decode.
struct DecodedRow: PostgresRowDecodable {
    let id: Int64, label: String, created: Date, token: UUID, score: Double, flag: Bool, amount: PostgresNumeric

    init(row: Row) throws {
        id = try row.decode(Int64.self, at: 0)
        label = try row.decode(String.self, at: 1)
        created = try row.decode(Date.self, at: 2)
        token = try row.decode(UUID.self, at: 3)
        score = try row.decode(Double.self, at: 4)
        flag = try row.decode(Bool.self, at: 5)
        amount = try row.decode(PostgresNumeric.self, at: 6)
    }
}

func runDecode() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    try await db.withConnection { connection in
        _ = try await connection.query("SELECT 1")
        let start = ContinuousClock.now
        let result = try await connection.query(SQL(BenchSQL.decode))
        let fetched = ContinuousClock.now
        let startCPU = threadCPUSeconds()
        // What `query(_:as:)` does with the result (a collection of rows).
        let rows = try result.map { row in try DecodedRow(row: row) }
        let decodeCPU = threadCPUSeconds() - startCPU
        let decoded = ContinuousClock.now
        // BENCH_PROFILE_LOOPS=N decodes the result N more times (for a profiler; not reported).
        for _ in 0..<(Int(ProcessInfo.processInfo.environment["BENCH_PROFILE_LOOPS"] ?? "") ?? 0) {
            _ = try result.map { row in try DecodedRow(row: row) }
        }
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        report("decode", "tusk", [
            "rows": rows.count, "fetch_seconds": seconds(fetched - start), "decode_seconds": seconds(decoded - fetched),
            "total_seconds": seconds(decoded - start), "decode_cpu_seconds": decodeCPU,
        ])
    }
    await db.shutdown()
}

func runScenario() async throws {
    switch arguments.scenario {
    case "point": try await runPoint()
    case "pool": try await runPool()
    case "decode": try await runDecode()
    case "typed": try await runTypedFind()
    case "pipeline": try await runPipeline()
    case "copy": try await runCopy()
    case "stream": try await runStream()
    case "eager": try await runEager()
    case "cached": try await runCachedRead()
    case "orm": try await runORM()
    default: die("unknown scenario \(arguments.scenario) (point, pool, decode, typed, pipeline, copy, stream, eager, cached, orm)")
    }
}

// The scenario runs on the concurrency pool while the main thread waits on a semaphore: not an
// async main, which parks the main thread in dispatch_main, where valgrind 3.19 (Debian 12's)
// stops with an internal SIGSEGV as the next thread starts; BENCH_CALLGRIND needs valgrind.
let scenarioFinished = DispatchSemaphore(value: 0)
Task.detached {
    do { try await runScenario() } catch { die("\(error)") }
    scenarioFinished.signal()
}
scenarioFinished.wait()
