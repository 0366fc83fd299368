import BenchCore
import Foundation
import PostgresNIO

// The eager-loading scenario in PostgresNIO, written by hand as a user would: the N+1 loop (one
// prepared select of children per parent) against the batched load (`parent_id = ANY($1)` and
// grouping in the client), on one connection, alternating, over the same data as tusk-bench.

struct Parent { let id: Int32, name: String }
struct Child { let id: Int32, parentID: Int32, label: String, position: Int32 }

struct ParentsQuery: PostgresPreparedStatement {
    static let sql = BenchSQL.eagerParentsQuery
    typealias Row = Parent
    func makeBindings() -> PostgresBindings { PostgresBindings() }
    func decodeRow(_ row: PostgresRow) throws -> Parent {
        let (id, name) = try row.decode((Int32, String).self)
        return Parent(id: id, name: name)
    }
}

struct ChildrenQuery: PostgresPreparedStatement {
    static let sql = BenchSQL.eagerChildrenQuery
    typealias Row = Child
    var parentID: Int32
    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(parentID)
        return bindings
    }
    func decodeRow(_ row: PostgresRow) throws -> Child { try decodeChild(row) }
}

struct ChildrenBatchQuery: PostgresPreparedStatement {
    static let sql = BenchSQL.eagerChildrenBatchQuery
    typealias Row = Child
    var parentIDs: [Int32]
    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(parentIDs)
        return bindings
    }
    func decodeRow(_ row: PostgresRow) throws -> Child { try decodeChild(row) }
}

func decodeChild(_ row: PostgresRow) throws -> Child {
    let (id, parentID, label, position) = try row.decode((Int32, Int32, String, Int32).self)
    return Child(id: id, parentID: parentID, label: label, position: position)
}

func rows<Statement: PostgresPreparedStatement>(_ statement: Statement, on connection: PostgresConnection) async throws -> [Statement.Row] {
    var rows: [Statement.Row] = []
    for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
    return rows
}

func checksum(_ loaded: [(Parent, [Child])]) -> LoadChecksum {
    LoadChecksum(loaded.map { parent, children in (parent.id, children.map { ($0.id, $0.parentID) }) })
}

func batchedLoad(_ connection: PostgresConnection) async throws -> LoadChecksum {
    let parents = try await rows(ParentsQuery(), on: connection)
    var byParent: [Int32: [Child]] = [:]
    for child in try await rows(ChildrenBatchQuery(parentIDs: parents.map(\.id)), on: connection) {
        byParent[child.parentID, default: []].append(child)
    }
    return checksum(parents.map { ($0, byParent[$0.id] ?? []) })
}

func nPlusOneLoad(_ connection: PostgresConnection) async throws -> LoadChecksum {
    var loaded: [(Parent, [Child])] = []
    for parent in try await rows(ParentsQuery(), on: connection) {
        loaded.append((parent, try await rows(ChildrenQuery(parentID: parent.id), on: connection)))
    }
    return checksum(loaded)
}

func runEager() async throws {
    let connection = try await connect()
    guard try await batchedLoad(connection) == .expected, try await nPlusOneLoad(connection) == .expected
    else { die("a load returned other rows than run.sh wrote") }
    var batched: [Double] = [], loop: [Double] = []
    var batchedCPU: [Double] = [], loopCPU: [Double] = []
    for _ in 0..<max(1, arguments.count) {
        var cpu = processCPUSeconds()
        batched.append(try await measure { try await batchedLoad(connection) }.seconds)
        batchedCPU.append(processCPUSeconds() - cpu)
        cpu = processCPUSeconds()
        loop.append(try await measure { try await nPlusOneLoad(connection) }.seconds)
        loopCPU.append(processCPUSeconds() - cpu)
    }
    let rows = Double(LoadChecksum.expected.rows)
    report("eager", "postgresnio", [
        "loads": batched.count, "eager_ms": median(batched) * 1e3, "loop_ms": median(loop) * 1e3,
        "eager_rows_per_s": rows / median(batched), "loop_rows_per_s": rows / median(loop),
        "eager_cpu_ms": median(batchedCPU) * 1e3, "loop_cpu_ms": median(loopCPU) * 1e3,
        "loop_over_eager": median(loop) / median(batched),
    ])
    try await connection.close()
}
