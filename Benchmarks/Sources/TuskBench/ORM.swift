import BenchCore
import Foundation
import Tusk

// Issue 13's comparison with Fluent, the other ORM a Swift team would pick: the same three jobs
// through each ORM's everyday API, on a pool of one connection (Fluent's database is a pool too):
// a point select by primary key into a model, 100,000 rows into models, and 1,000 parents with
// their 10 children each loaded eagerly. fluent-bench's `orm` scenario does the same.

func runORM() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    try await runORMScenario(
        "tusk", finds: max(1, arguments.count),
        find: { id in try await Account.find(id, on: db) != nil },
        fetchRows: { try await BenchRow.query.all(on: db).count },
        eagerLoad: { try await eagerLoad(on: db) })
    await db.shutdown()
}
