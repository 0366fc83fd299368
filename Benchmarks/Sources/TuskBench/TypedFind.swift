import BenchCore
import Tusk

// Issue 4: a point select through the generated API costs within 5% of the same statement
// through the runtime's raw API. Both run on one connection, in alternating blocks so that a
// change in machine load hits both alike; both decode into the generated `Account.Row`.

/// The text `Account.find` renders, written by hand for the raw API.
let rawFindSQL = #"SELECT "aid", "bid", "abalance", "filler" FROM "public"."pgbench_accounts" WHERE "aid" = $1 LIMIT 1"#

func rawFind(_ id: Int32, on connection: Connection) async throws -> Account.Row? {
    try await connection.queryFirst(
        #"SELECT "aid", "bid", "abalance", "filler" FROM "public"."pgbench_accounts" WHERE "aid" = \#(id) LIMIT 1"#,
        as: Account.Row.self)
}

func runTypedFind() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    let generated = try Account.where { $0.aid.eq(1) }.limit(1).sql().text
    guard generated == rawFindSQL else { die("Account.find renders \(generated), expected \(rawFindSQL)") }
    let blocks = 10
    let perBlock = max(1, arguments.count / blocks)
    var rawSeconds = 0.0
    var typedSeconds = 0.0
    var rawCPU = 0.0
    var typedCPU = 0.0
    try await db.withConnection { connection in
        _ = try await rawFind(1, on: connection)
        _ = try await Account.find(1, on: connection)
        var rawIDs = AccountIDs()
        var typedIDs = AccountIDs()
        // BENCH_PHASE=raw or generated (for callgrind): that side only, no report.
        if !runsPhase("raw") || !runsPhase("generated") {
            let raw = runsPhase("raw")  // read once: the environment is parsed on every read
            for _ in 0..<(blocks * perBlock) {
                let found = raw
                    ? try await rawFind(rawIDs.next(), on: connection) : try await Account.find(typedIDs.next(), on: connection)
                guard found != nil else { die("no row") }
            }
            return
        }
        for _ in 0..<blocks {
            var cpu = processCPUSeconds()
            rawSeconds += try await measure {
                for _ in 0..<perBlock {
                    guard try await rawFind(rawIDs.next(), on: connection) != nil else { die("no row") }
                }
            }.seconds
            rawCPU += processCPUSeconds() - cpu
            cpu = processCPUSeconds()
            typedSeconds += try await measure {
                for _ in 0..<perBlock {
                    guard try await Account.find(typedIDs.next(), on: connection) != nil else { die("no row") }
                }
            }.seconds
            typedCPU += processCPUSeconds() - cpu
        }
    }
    let ops = blocks * perBlock
    guard runsPhase("raw") && runsPhase("generated") else { return await db.shutdown() }
    report("typed", "tusk", [
        "ops": ops, "raw_rate": Double(ops) / rawSeconds, "generated_rate": Double(ops) / typedSeconds,
        "generated_over_raw": rawSeconds / typedSeconds, "raw_cpu_us": rawCPU * 1e6 / Double(ops),
        "generated_cpu_us": typedCPU * 1e6 / Double(ops),
    ])
    await db.shutdown()
}
