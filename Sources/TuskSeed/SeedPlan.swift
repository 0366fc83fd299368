import TuskSchema

/// How one table is filled: which columns the seeder writes and how, which keys it must keep
/// unique, which checks it evaluates, which foreign keys it fills on insert and which afterwards.
struct TablePlan {
    let table: Table
    var rows: Int
    /// Columns the seeder writes, in declared order: generated ones and foreign-key columns.
    var written: [String] = []
    var specs: [String: ColumnSpec] = [:]
    /// Columns with a literal default that some rows leave to the database, with that default.
    var literalDefaults: [String: String] = [:]
    /// Filled on insert, the key holding the tenant column first.
    var foreignKeys: [ForeignKey] = []
    /// Cycles through nullable keys: NULL on insert, set by an UPDATE once the parents exist.
    var deferred: [ForeignKey] = []
    /// Primary key, unique constraints and unique indexes whose columns the seeder writes.
    var uniqueKeys: [(name: String, columns: [String])] = []
    var checks: [(constraint: CheckConstraint, condition: CheckCondition)] = []
    /// Columns that other tables' foreign keys reference (read back with RETURNING).
    var returning: [String] = []

    /// Probability of NULL in a nullable foreign key filled on insert.
    static let foreignKeyNullRate = 0.1
}

/// The tables in insertion order, with the problems that stop the seed and the notes it reports.
struct SeedPlan {
    var tables: [TablePlan] = []
    var problems: [SeedError.Problem] = []
    var notes: [String] = []

    static let jobQueueTable = "tusk_jobs"

    init(schema: Schema, options: SeedOptions) {
        let selected: [Table]
        if let names = options.tables {
            for name in names where schema.table(named: name) == nil {
                problems.append(.init(
                    subject: name, rule: "--table", reason: "no such table in the schema",
                    fix: "use one of: \(schema.tables.map(\.name).joined(separator: ", "))"))
            }
            selected = schema.tables.filter { names.contains($0.name) }
        } else {
            // The job queue's table only when asked for: a worker would claim made-up jobs.
            selected = schema.tables.filter { $0.name != Self.jobQueueTable }
        }
        for name in options.rowsPerTable.keys where schema.table(named: name) == nil {
            problems.append(.init(subject: name, rule: "rows per table", reason: "no such table in the schema", fix: "check the table's name"))
        }
        let (order, deferred) = insertionOrder(selected)
        var referenced: [String: [String]] = [:]
        for table in schema.tables {
            for key in table.foreignKeys {
                referenced[key.referencedTable, default: []] += key.referencedColumns
            }
        }
        for table in order {
            var plan = Self.plan(table, schema: schema, rows: options.rowsPerTable[table.name] ?? options.rows,
                                 deferred: deferred[table.name] ?? [], problems: &problems, notes: &notes)
            var needed = referenced[table.name] ?? []
            if let tenant = table.tenantColumn { needed.append(tenant) }
            plan.returning = table.columns.map(\.name).filter { needed.contains($0) }
            tables.append(plan)
        }
    }

    /// Parents before children; a cycle is broken at a nullable foreign key (deferred), else reported.
    private mutating func insertionOrder(_ selected: [Table]) -> ([Table], [String: [ForeignKey]]) {
        let names = Set(selected.map(\.name))
        var placed: Set<String> = []
        var order: [Table] = []
        var deferred: [String: [ForeignKey]] = [:]
        var remaining = selected.sorted { $0.name < $1.name }
        func waitingOn(_ table: Table) -> [ForeignKey] {
            table.foreignKeys.filter { key in
                names.contains(key.referencedTable) && !placed.contains(key.referencedTable)
                    && !(deferred[table.name] ?? []).contains(key)
            }
        }
        while !remaining.isEmpty {
            let ready = remaining.filter { waitingOn($0).isEmpty }
            if !ready.isEmpty {
                order += ready
                placed.formUnion(ready.map(\.name))
                remaining.removeAll { placed.contains($0.name) }
                continue
            }
            // Every remaining table waits on another: defer the first nullable key found.
            let candidates = remaining.flatMap { table in waitingOn(table).map { (table, $0) } }
            if let (table, key) = candidates.first(where: { table, key in
                key.columns.allSatisfy { table.column(named: $0)?.isNullable == true }
            }) {
                deferred[table.name, default: []].append(key)
                continue
            }
            let cycle = candidates.map { "\($0.0.name).\($0.1.columns.joined(separator: ",")) -> \($0.1.referencedTable)" }
            problems.append(.init(
                subject: remaining.map(\.name).joined(separator: ", "), rule: "foreign keys in a cycle",
                reason: "every key of the cycle is NOT NULL (\(cycle.joined(separator: "; "))), so no table can be filled first",
                fix: "make one of these foreign-key columns nullable (the seeder then inserts NULL and sets it afterwards)"))
            break
        }
        return (order, deferred)
    }

    private static func plan(
        _ table: Table, schema: Schema, rows: Int, deferred: [ForeignKey],
        problems: inout [SeedError.Problem], notes: inout [String]
    ) -> TablePlan {
        var plan = TablePlan(table: table, rows: max(0, rows))
        plan.deferred = deferred
        let tenant = table.tenantColumn
        plan.foreignKeys = table.foreignKeys.filter { !deferred.contains($0) }
            .sorted { a, b in (tenant.map { a.columns.contains($0) } ?? false) && !(tenant.map { b.columns.contains($0) } ?? false) }
        let keyColumns = Set(table.foreignKeys.flatMap(\.columns))

        let names = table.columns.map(\.name)
        var hints = CheckCondition.Hints()
        for check in table.checks {
            if let condition = CheckCondition(check.expression, columns: Set(names)) {
                condition.collectHints(into: &hints)
                plan.checks.append((check, condition))
            } else {
                notes.append("\(table.name): CHECK \(check.name) (\(check.expression)) is beyond the seeder's reading; rows are generated without it and the database refuses any that fail it")
            }
        }

        var uniqueSets: [(String, [String])] = []
        if let key = table.primaryKey { uniqueSets.append((key.name, key.columns)) }
        uniqueSets += table.uniqueConstraints.map { ($0.name, $0.columns) }
        uniqueSets += table.indexes.filter(\.isUnique).map { ($0.name, $0.columns) }
        let uniqueColumns = Set(uniqueSets.flatMap(\.1))

        for column in table.columns {
            let subject = "\(table.name).\(column.name)"
            if keyColumns.contains(column.name) {
                plan.written.append(column.name)
                continue
            }
            // Identities, generated columns and tsvectors are the database's to fill.
            if column.identity != nil || column.generated != nil || column.type == .tsvector { continue }
            if case .sql(let expression)? = column.defaultValue, expression.lowercased().contains("nextval(") { continue }
            if column.swiftType != nil || column.type.isOpaque {
                if column.defaultValue != nil || column.isNullable { continue }
                let what = column.swiftType.map { "swift_type \($0)" } ?? "type \(column.type.sql)"
                problems.append(.init(
                    subject: subject, rule: what,
                    reason: "the seeder cannot make values of \(column.swiftType != nil ? "a Swift type it does not know" : "a type Tusk does not map"), and the column is NOT NULL without a default",
                    fix: "give the column a default (or make it nullable), or leave the table out (--table)"))
                continue
            }
            if column.name == table.versionColumn, column.defaultValue != nil { continue }
            var (spec, problem) = ColumnSpec.make(column, table: table.name, hints: hints)
            if let problem { problems.append(problem) }
            if column.name == table.versionColumn { spec.choices = ["1"] }
            spec.isUnique = uniqueColumns.contains(column.name)
            if column.isNullable { spec.nullRate = column.name == table.softDeleteColumn ? 0.9 : 0.15 }
            if case .literal(let text)? = column.defaultValue, !spec.isUnique { plan.literalDefaults[column.name] = text }
            plan.specs[column.name] = spec
            plan.written.append(column.name)
        }

        let written = Set(plan.written)
        plan.uniqueKeys = uniqueSets.filter { $0.1.allSatisfy(written.contains) }.map { (name: $0.0, columns: $0.1) }
        for key in deferred where !key.columns.allSatisfy(written.contains) {
            problems.append(.init(subject: "\(table.name).\(key.columns.joined(separator: ","))", rule: "foreign key \(key.name)", reason: "internal: a deferred key column is not written", fix: "report this"))
        }
        return plan
    }
}
