import BenchCore
import Foundation
import Tusk
import TuskTesting

// Issue 6: eager loading 1,000 parents with 10 children each through the generated relation
// API (`including(\.children)`: one statement for the parents, one `= ANY($1)` for all their
// children) against the N+1 loop (the parents, then one select of children per parent), both
// with the generated API on one connection, alternating, over the same data (run.sh loads it).

/// Every parent with its children, in two statements.
func eagerLoad(on runner: some QueryRunner) async throws -> LoadChecksum {
    let parents = try await BenchParent.including(\.children).all(on: runner)
    return LoadChecksum(parents.map { parent in (parent.id, parent.children.map { ($0.id, $0.parentId) }) })
}

/// Every parent, then each parent's children: 1 + 1,000 statements.
func nPlusOneLoad(on runner: some QueryRunner) async throws -> LoadChecksum {
    var loaded: [(Int32, [(Int32, Int32)])] = []
    for parent in try await BenchParent.query.all(on: runner) {
        let children = try await BenchChild.where { $0.parentId == parent.id }.all(on: runner)
        loaded.append((parent.id, children.map { ($0.id, $0.parentId) }))
    }
    return LoadChecksum(loaded)
}

func runEager() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    let loads = max(1, arguments.count)
    try await db.withConnection { connection in
        // Warm-up (statements prepared), correctness and statement counts.
        let eagerLog = StatementLog(connection), loopLog = StatementLog(connection)
        guard try await eagerLoad(on: eagerLog) == .expected, try await nPlusOneLoad(on: loopLog) == .expected
        else { die("a load returned other rows than run.sh wrote") }
        var eager: [Double] = [], loop: [Double] = []
        var eagerCPU: [Double] = [], loopCPU: [Double] = []
        for _ in 0..<loads {
            var cpu = processCPUSeconds()
            eager.append(try await measure { try await eagerLoad(on: connection) }.seconds)
            eagerCPU.append(processCPUSeconds() - cpu)
            cpu = processCPUSeconds()
            loop.append(try await measure { try await nPlusOneLoad(on: connection) }.seconds)
            loopCPU.append(processCPUSeconds() - cpu)
        }
        let rows = Double(LoadChecksum.expected.rows)
        report("eager", "tusk", [
            "loads": loads, "eager_statements": eagerLog.statements.count, "loop_statements": loopLog.statements.count,
            "eager_ms": median(eager) * 1e3, "loop_ms": median(loop) * 1e3,
            "eager_rows_per_s": rows / median(eager), "loop_rows_per_s": rows / median(loop),
            "eager_cpu_ms": median(eagerCPU) * 1e3, "loop_cpu_ms": median(loopCPU) * 1e3,
            "loop_over_eager": median(loop) / median(eager),
        ])
    }
    await db.shutdown()
}
