import BenchCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

// The peer: the same scenarios through vapor/postgres-nio 1.33 (prepared statements through
// PostgresPreparedStatement, its pool PostgresClient, COPY in the text format it offers).

struct PointSelect: PostgresPreparedStatement {
    static let sql = BenchSQL.point
    typealias Row = Int32
    var id: Int32

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Int32 { try row.decode(Int32.self) }
}

let arguments = BenchArguments.parse()
let logger = Logger(label: "nio-bench")

func connect() async throws -> PostgresConnection {
    let configuration = PostgresConnection.Configuration(
        unixSocketPath: arguments.socketPath, username: arguments.user, password: nil, database: arguments.database)
    return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
}

func pointSelect(_ connection: PostgresConnection, _ id: Int32) async throws -> Int32 {
    var balance: Int32?
    for try await value in try await connection.execute(PointSelect(id: id), logger: logger) { balance = value }
    guard let balance else { die("no row for aid \(id)") }
    return balance
}

func runPoint() async throws {
    let connection = try await connect()
    var ids = AccountIDs()
    _ = try await pointSelect(connection, 1)
    let count = arguments.count
    let startCPU = processCPUSeconds()
    let (seconds, sum) = try await measure {
        var sum = 0
        for _ in 0..<count { sum += Int(try await pointSelect(connection, ids.next())) }
        return sum
    }
    report("point", "postgresnio", [
        "ops": count, "seconds": seconds, "rate": Double(count) / seconds,
        "cpu_us": cpuMicroseconds(since: startCPU, operations: count), "checksum": sum,
    ])
    try await connection.close()
}

func runPool() async throws {
    var configuration = PostgresClient.Configuration(
        unixSocketPath: arguments.socketPath, username: arguments.user, password: nil, database: arguments.database)
    configuration.options.minimumConnections = BenchSQL.poolConnections
    configuration.options.maximumConnections = BenchSQL.poolConnections
    let client = PostgresClient(configuration: configuration)
    let perTask = arguments.count / BenchSQL.poolTasks
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        // Warm up: every connection open and the statement prepared on each.
        let select: @Sendable (Int32) async throws -> Void = { id in
            var found = false
            for try await _ in try await client.execute(PointSelect(id: id)) { found = true }
            if !found { die("no row for aid \(id)") }
        }
        // Warm up: every connection open and the statement prepared on each.
        _ = try await runConcurrently(tasks: BenchSQL.poolConnections * 2, perTask: 1, select)
        let startCPU = processCPUSeconds()
        let seconds = try await runConcurrently(perTask: perTask, select)
        let ops = perTask * BenchSQL.poolTasks
        report("pool", "postgresnio", [
            "ops": ops, "seconds": seconds, "rate": Double(ops) / seconds,
            "cpu_us": cpuMicroseconds(since: startCPU, operations: ops),
        ])
        group.cancelAll()
    }
}

struct DecodedRow {
    let id: Int64, label: String, created: Date, token: UUID, score: Double, flag: Bool, amount: Decimal
}

func runDecode() async throws {
    let connection = try await connect()
    let query = PostgresQuery(unsafeSQL: BenchSQL.decode)
    for try await _ in try await connection.query("SELECT 1", logger: logger) {}
    let (seconds, rows) = try await measure {
        var rows: [DecodedRow] = []
        rows.reserveCapacity(100_000)
        let sequence = try await connection.query(query, logger: logger)
        for try await (id, label, created, token, score, flag, amount) in sequence.decode(
            (Int64, String, Date, UUID, Double, Bool, Decimal).self)
        {
            rows.append(DecodedRow(
                id: id, label: label, created: created, token: token, score: score, flag: flag, amount: amount))
        }
        return rows
    }
    // The rows arrive while they are decoded: only the total time is measurable.
    report("decode", "postgresnio", ["rows": rows.count, "total_seconds": seconds])
    try await connection.close()
}

/// COPY text format (PostgresNIO 1.33 offers no binary COPY): the same rows as the other programs.
func runCopy() async throws {
    let connection = try await connect()
    try await connection.query("TRUNCATE bench_copy", logger: logger)
    let count = arguments.count
    let formatter = ISO8601DateFormatter()
    let rows = (1...Int64(count)).map(CopyRow.init)  // built before the clock, as in tusk-bench
    let startCPU = processCPUSeconds()
    let (seconds, _) = try await measure {
        try await connection.copyFrom(table: BenchSQL.copyTable, columns: BenchSQL.copyColumns, logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 16)
            for row in rows {
                buffer.writeString(
                    "\(row.id)\t\(row.label)\t\(formatter.string(from: row.created))\t\(row.token.uuidString)\t\(row.score)\t\(row.flag ? "t" : "f")\t\(row.amount)\n")
                if buffer.readableBytes >= 1 << 16 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }
    let cpu = processCPUSeconds() - startCPU
    var copied = 0
    for try await value in try await connection.query("SELECT count(*) FROM bench_copy", logger: logger).decode(Int.self) {
        copied = value
    }
    if copied != count { die("copied \(copied) rows, expected \(count)") }
    report("copy", "postgresnio", ["rows": count, "seconds": seconds, "rate": Double(count) / seconds, "cpu_seconds": cpu])
    try await connection.close()
}

func runStream() async throws {
    let connection = try await connect()
    let before = peakResidentKilobytes()
    let count = Int64(arguments.count)
    let (seconds, rows) = try await measure {
        var rows = 0
        var sum: Int64 = 0
        let query: PostgresQuery = "SELECT i::int8, 'row-' || i, i * 0.5::float8 FROM generate_series(1, \(count)::int8) AS i"
        for try await (id, label, _) in try await connection.query(query, logger: logger).decode((Int64, String, Double).self) {
            rows += 1
            sum &+= id &+ Int64(label.utf8.count)
        }
        return rows
    }
    reportStream("postgresnio", rows: Int64(rows), expected: count, seconds: seconds, rssBeforeKilobytes: before)
    try await connection.close()
}

switch arguments.scenario {
case "point": try await runPoint()
case "pool": try await runPool()
case "decode": try await runDecode()
case "copy": try await runCopy()
case "stream": try await runStream()
case "eager": try await runEager()
default: die("unknown scenario \(arguments.scenario) (point, pool, decode, copy, stream, eager)")
}
