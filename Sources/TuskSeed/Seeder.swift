import Foundation
import Tusk
import TuskSchema

/// Fills a database with deterministic fake data from a ``Schema``: every column type, the
/// `validate:` rules, enums, unique keys, CHECK constraints it can read, foreign keys in
/// dependency order (cycles through nullable keys closed by an UPDATE afterwards). Identities,
/// sequences and `swift_type` columns are left to the database; columns with a literal default
/// take it in about one row in four. docs/seeding.md has the rules.
///
/// ```swift
/// let report = try await Seeder.seed(schema, into: db, options: SeedOptions(rows: 1000, seed: 7))
/// ```
public enum Seeder {
    /// Seeds in one transaction: on any error nothing is inserted.
    public static func seed(_ schema: Schema, into database: Database, options: SeedOptions = SeedOptions()) async throws -> SeedReport {
        let plan = try checkedPlan(schema, options)
        return try await database.transaction { tx in try await run(plan, schema, options, on: tx) }
    }

    /// Seeds through `runner` (a transaction the caller owns, such as a test's rollback
    /// transaction): on an error the caller's transaction is left to the caller to roll back.
    public static func seed(_ schema: Schema, on runner: some QueryRunner, options: SeedOptions = SeedOptions()) async throws -> SeedReport {
        try await run(try checkedPlan(schema, options), schema, options, on: runner)
    }

    private static func checkedPlan(_ schema: Schema, _ options: SeedOptions) throws -> SeedPlan {
        let plan = SeedPlan(schema: schema, options: options)
        if !plan.problems.isEmpty { throw SeedError(plan.problems) }
        return plan
    }

    private static func run(_ plan: SeedPlan, _ schema: Schema, _ options: SeedOptions, on runner: some QueryRunner) async throws -> SeedReport {
        let start = ContinuousClock.now
        let writer = SeedWriter(runner: runner, batchSize: options.batchSize)
        let generator = ValueGenerator(enums: Dictionary(uniqueKeysWithValues: schema.enums.map { ($0.name, $0.valueNames) }))
        var notes = plan.notes
        var parents: [String: ParentRows] = [:]
        // Tables left out that seeded tables reference: their existing rows are the parents.
        let seeded = Set(plan.tables.map(\.table.name))
        for table in plan.tables {
            for key in table.table.foreignKeys + table.deferred where !seeded.contains(key.referencedTable) && parents[key.referencedTable] == nil {
                let referenced = Set(schema.tables.flatMap(\.foreignKeys).filter { $0.referencedTable == key.referencedTable }.flatMap(\.referencedColumns))
                let columns = schema.table(named: key.referencedTable)!.columns.map(\.name).filter(referenced.contains)
                parents[key.referencedTable] = ParentRows(columns: columns, rows: try await writer.existing(key.referencedTable, columns))
            }
        }
        var fillers: [String: TableFiller] = [:]
        var ctids: [String: [String]] = [:]
        var counts: [SeedReport.TableRows] = []
        for table in plan.tables {
            let tableStart = ContinuousClock.now
            var filler = TableFiller(plan: table, schema: schema, generator: generator, seed: options.seed)
            if let note = try filler.fill(parents: &parents) { notes.append(note) }
            let (tids, returned) = try await writer.insert(filler, casts: table.written.map { cast(table.table.column(named: $0)!.type) })
            parents[table.table.name] = ParentRows(columns: table.returning, rows: returned)
            ctids[table.table.name] = tids
            fillers[table.table.name] = filler
            counts.append(.init(table: table.table.name, rows: filler.rows.count, keysSetAfterInsert: 0, duration: ContinuousClock.now - tableStart))
        }
        for (i, table) in plan.tables.enumerated() where !table.deferred.isEmpty {
            let updateStart = ContinuousClock.now
            let sets = fillers[table.table.name]!.fillDeferred(&parents)
            let columns = Array(Set(table.deferred.flatMap(\.columns))).sorted()
            counts[i].keysSetAfterInsert = try await writer.update(
                table.table.name, columns: columns, casts: columns.map { cast(table.table.column(named: $0)!.type) },
                ctids: ctids[table.table.name]!, values: sets)
            counts[i].duration += ContinuousClock.now - updateStart
        }
        return SeedReport(tables: counts, notes: notes, duration: ContinuousClock.now - start)
    }

    /// The type a text value is cast to before it is assigned (without a type modifier, so the
    /// column's own length and precision checks apply on assignment instead of a silent cut).
    static func cast(_ type: SQLType) -> String {
        switch type {
        case .numeric: "numeric"
        case .varchar: "varchar"
        case .char: "bpchar"
        case .vector: "vector"
        case .enumType(let name): SeedSQL.relation(name)
        case .array(let element): cast(element) + "[]"
        default: type.sql
        }
    }
}
