import Foundation
import Tusk
import TuskSchema

/// The seed's statements: rows go in as one text array per column, unnested and cast to the
/// column types (`INSERT ... SELECT ... FROM unnest($1::text[], ...)`), so a table's batches all
/// share one prepared statement; RETURNING gives each row's ctid and the keys children reference.
struct SeedWriter<Runner: QueryRunner> {
    let runner: Runner
    let batchSize: Int

    /// Inserts the filler's rows; returns, in row order, each row's ctid and its ``TablePlan/returning`` values.
    func insert(_ filler: TableFiller, casts: [String]) async throws -> (ctids: [String], returned: [[String?]]) {
        let plan = filler.plan
        var ctids = [String](repeating: "", count: filler.rows.count)
        var returned = [[String?]](repeating: [], count: filler.rows.count)
        let withDefaults = plan.written.indices.filter { plan.literalDefaults[plan.written[$0]] == nil }
        for start in stride(from: 0, to: filler.rows.count, by: batchSize) {
            let batch = Array(start..<min(start + batchSize, filler.rows.count))
            // Rows that leave their literal-default columns to the database go in a statement without them.
            for takesDefaults in [false, true] {
                let rows = batch.filter { filler.usesDefaults[$0] == takesDefaults }
                if rows.isEmpty { continue }
                let kept = takesDefaults ? withDefaults : Array(plan.written.indices)
                let statement = insertStatement(
                    plan.table.name, columns: kept.map { plan.written[$0] }, casts: kept.map { casts[$0] },
                    returning: plan.returning, count: rows.count,
                    values: kept.map { k in rows.map { filler.rows[$0][k] } })
                let result = try await run(statement, table: plan.table.name)
                for (i, row) in result.enumerated() {
                    ctids[rows[i]] = try row.decode(String.self, at: 0)
                    returned[rows[i]] = try (0..<plan.returning.count).map { try row.decode(String?.self, at: $0 + 1) }
                }
            }
        }
        return (ctids, returned)
    }

    private func insertStatement(_ table: String, columns: [String], casts: [String], returning: [String], count: Int, values: [[String?]]) -> SQL {
        let target = SeedSQL.relation(table)
        let returningList = (["ctid::text"] + returning.map { SeedSQL.quoted($0) + "::text" }).joined(separator: ", ")
        if columns.isEmpty {
            // Every column is left to the database: one row of defaults per series element.
            return SQL(text: "INSERT INTO \(target) SELECT FROM generate_series(1, $1::integer) RETURNING \(returningList)", bindings: [PostgresBinding(Int32(count))])
        }
        let names = columns.map(SeedSQL.quoted)
        let select = zip(names, casts).map { "s.\($0)::\($1)" }.joined(separator: ", ")
        let arrays = columns.indices.map { "$\($0 + 1)::text[]" }.joined(separator: ", ")
        let text = "INSERT INTO \(target) (\(names.joined(separator: ", "))) SELECT \(select) FROM unnest(\(arrays)) WITH ORDINALITY AS s(\(names.joined(separator: ", ")), \"tusk_seed_n\") ORDER BY s.\"tusk_seed_n\" RETURNING \(returningList)"
        return SQL(text: text, bindings: values.map { PostgresBinding($0) })
    }

    /// Sets the deferred keys' columns (`values[i]` for row `i`, nil: left NULL) by ctid; returns the rows updated.
    func update(_ table: String, columns: [String], casts: [String], ctids: [String], values: [[String: String]?]) async throws -> Int {
        let rows = values.indices.filter { values[$0] != nil }
        let names = columns.map(SeedSQL.quoted)
        let sets = zip(names, casts).map { "\($0) = CASE WHEN s.\($0) IS NULL THEN t.\($0) ELSE s.\($0)::\($1) END" }.joined(separator: ", ")
        let arrays = (0...columns.count).map { "$\($0 + 1)::text[]" }.joined(separator: ", ")
        let text = "UPDATE \(SeedSQL.relation(table)) AS t SET \(sets) FROM unnest(\(arrays)) AS s(\"tusk_seed_ctid\", \(names.joined(separator: ", "))) WHERE t.ctid = s.\"tusk_seed_ctid\"::tid"
        var updated = 0
        for start in stride(from: 0, to: rows.count, by: batchSize) {
            let batch = rows[start..<min(start + batchSize, rows.count)]
            var bindings = [PostgresBinding(batch.map { Optional(ctids[$0]) })]
            for column in columns { bindings.append(PostgresBinding(batch.map { values[$0]![column] })) }
            updated += try await run(SQL(text: text, bindings: bindings), table: table).affectedRows
        }
        return updated
    }

    /// The rows already in a table that is not being seeded, in a stable order.
    func existing(_ table: String, _ columns: [String]) async throws -> [[String?]] {
        guard !columns.isEmpty else { return [] }
        let list = columns.map { SeedSQL.quoted($0) + "::text" }.joined(separator: ", ")
        let order = columns.indices.map { String($0 + 1) }.joined(separator: ", ")
        let result = try await run(SQL("SELECT \(list) FROM \(SeedSQL.relation(table)) ORDER BY \(order)"), table: table)
        return try result.map { row in try columns.indices.map { try row.decode(String?.self, at: $0) } }
    }

    private func run(_ statement: SQL, table: String) async throws -> QueryResult {
        do {
            return try await runner.query(statement)
        } catch let error as PostgresError {
            throw SeedError(writing: table, error)
        }
    }
}

enum SeedSQL {
    /// A quoted identifier.
    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    /// A table or type of the model, always qualified (`"public"."users"`, `"billing"."invoices"`).
    static func relation(_ name: String) -> String { QualifiedName(name).quotedSQL }
}
