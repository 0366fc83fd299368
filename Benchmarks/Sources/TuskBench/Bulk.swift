import BenchCore
import Foundation
import Tusk

// Pipelines, COPY and streaming through the runtime's public API.

/// Sequential point selects, then the same number in pipelines of 10 (`Connection.batch`), on
/// one connection.
func runPipeline() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    let count = arguments.count
    try await db.withConnection { connection in
        _ = try await pointSelect(connection, 1)
        var ids = AccountIDs()
        let (sequential, _) = try await measure {
            for _ in 0..<count { _ = try await pointSelect(connection, ids.next()) }
        }
        let batches = count / BenchSQL.pipelineDepth
        func pipelines(_ mode: BatchMode) async throws -> Double {
            try await measure {
                for _ in 0..<batches {
                    var statements: [SQL] = []
                    statements.reserveCapacity(BenchSQL.pipelineDepth)
                    for _ in 0..<BenchSQL.pipelineDepth {
                        statements.append("SELECT abalance FROM pgbench_accounts WHERE aid = \(ids.next())")
                    }
                    for result in try await connection.batch(statements, mode: mode) {
                        guard let row = try result.get().first else { die("no row") }
                        _ = try row.decode(Int32.self, at: 0)
                    }
                }
            }.seconds
        }
        // The default (.independent: a sync point after each statement), then one sync per batch.
        let independent = try await pipelines(.independent)
        let atomic = try await pipelines(.atomic)
        let done = Double(batches * BenchSQL.pipelineDepth)
        let sequentialRate = Double(count) / sequential
        report("pipeline", "tusk", [
            "ops": Int(done), "sequential_rate": sequentialRate, "pipelined_rate": done / independent,
            "atomic_rate": done / atomic, "speedup": done / independent / sequentialRate,
        ])
    }
    await db.shutdown()
}

/// Binary COPY of the rows the C program writes. The Swift values are built before the clock
/// starts (as an application's would exist already); encoding and sending are timed.
func runCopy() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    try await db.execute("TRUNCATE bench_copy")
    let rows = (1...Int64(arguments.count)).map { (i: Int64) -> (CopyRow, PostgresNumeric) in
        let row = CopyRow(i)
        guard let amount = PostgresNumeric(row.amount) else { die("bad amount \(row.amount)") }
        return (row, amount)
    }
    let startCPU = processCPUSeconds()
    let (seconds, copied) = try await measure {
        try await db.copyIn(table: BenchSQL.copyTable, columns: BenchSQL.copyColumns) { writer in
            for (row, amount) in rows {
                try await writer.append(row.id, row.label, row.created, row.token, row.score, row.flag, amount)
            }
        }
    }
    if copied != rows.count { die("copied \(copied) rows, expected \(rows.count)") }
    report("copy", "tusk", [
        "rows": rows.count, "seconds": seconds, "rate": Double(rows.count) / seconds,
        "cpu_seconds": processCPUSeconds() - startCPU,
    ])
    await db.shutdown()
}

/// Streams generate_series rows (`db.stream`: a cursor fetched in chunks); this process reads its own peak RSS.
func runStream() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    let before = peakResidentKilobytes()
    let count = Int64(arguments.count)
    let (seconds, rows) = try await measure {
        var rows: Int64 = 0
        var sum: Int64 = 0
        for try await row in db.stream("SELECT i::int8, 'row-' || i, i * 0.5::float8 FROM generate_series(1, \(count)::int8) AS i") {
            let (id, label, _) = try row.decode(Int64.self, String.self, Double.self)
            rows += 1
            sum &+= id &+ Int64(label.utf8.count)
        }
        return rows
    }
    reportStream("tusk", rows: Int64(rows), expected: count, seconds: seconds, rssBeforeKilobytes: before)
    await db.shutdown()
}
