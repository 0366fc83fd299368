/// The schema lint: choices that PostgreSQL accepts but that teams regret (32-bit keys, zone-less
/// timestamps, arbitrary varchar limits, foreign keys without an index). Findings are warnings at
/// the place in schema.yaml, each with its code, the reason and the fix (the opt-out included),
/// printed by `tusk validate` (which fails on them with `--strict`). The build plugin never runs
/// it: lint is advice for the schema's author, not noise in every build of every user.
struct SchemaLint {
    let schema: Schema
    let drafts: [TableDraft]
    /// Top-level `lint: { ignore: [...] }`.
    let ignoredEverywhere: Set<LintCode>
    let sink: DiagnosticSink

    func run() {
        for draft in drafts where draft.name != JobQueueTable.name {
            guard let table = schema.table(named: draft.name) else { continue }
            let ignored = ignoredEverywhere.union(draft.lintIgnore)
            func report(_ code: LintCode, _ mark: YAMLMark, _ text: String) {
                guard !ignored.contains(code) else { return }
                sink.warning(mark, "\(code.rawValue) \(code.name): \(text), or keep it and opt out with 'lint: { ignore: [\(code.rawValue)] }' on table '\(table.name)'")
            }
            integerKeys(table, draft, report)
            for column in draft.columns where column.typeKnown { columnTypes(table.name, column, report) }
            unindexedForeignKeys(table, draft, report)
        }
    }

    typealias Report = (LintCode, YAMLMark, String) -> Void

    /// TL001: a single-column primary key of type smallint or integer (`serial` is one), unless
    /// it is also a foreign key column (its type follows the key it references). A column of a
    /// composite key (a position within its parent, say) is not a surrogate key that runs out.
    private func integerKeys(_ table: Table, _ draft: TableDraft, _ report: Report) {
        let referencing = Set(table.foreignKeys.flatMap(\.columns))
        guard let key = table.primaryKey, key.columns.count == 1, let name = key.columns.first, !referencing.contains(name),
              let column = draft.column(name), column.typeKnown,
              column.column.type == .integer || column.column.type == .smallint else { return }
        let limit = column.column.type == .integer ? "2147483647" : "32767"
        report(.integerKey, column.typeMark ?? column.mark,
               "primary key column '\(table.name).\(name)' is \(column.column.type.sql), whose keys run out at \(limit); widening it later rewrites the table and every column that references it. Use bigint (with identity: true)")
    }

    /// TL002 and TL003: the column's type (or its array element type).
    private func columnTypes(_ table: String, _ column: ColumnDraft, _ report: Report) {
        let type = column.column.type
        let mark = column.typeMark ?? column.mark
        let qualified = "'\(table).\(column.column.name)'"
        switch type.elementType {
        case .timestamp:
            report(.timestampWithoutTimeZone, mark,
                   "column \(qualified) is \(type.sql) (without time zone): its values name no zone, so they mean another instant to a session with another TimeZone. Use timestamptz")
        case .varchar(let length?):
            report(.varcharLength, mark,
                   "column \(qualified) is \(type.sql): PostgreSQL stores text and varchar alike, and the limit only makes longer values fail (raising it takes a migration). Use text, with a check (or validate: { max_length: \(length) }) if a limit is meant")
        default:
            break
        }
    }

    /// TL004: a foreign key with no index whose leading columns are its columns: the primary
    /// key, a unique constraint, or a btree or hash index, partial only when its `where` says no
    /// more than that key columns are NOT NULL (PostgreSQL's lookup `col = $1` implies that).
    /// Without one, deleting or updating a referenced row scans the whole table.
    private func unindexedForeignKeys(_ table: Table, _ draft: TableDraft, _ report: Report) {
        for fk in draft.foreignKeys {
            let columns = fk.columns.map(\.name)
            let indexes = table.indexes.filter { ($0.method == "btree" || $0.method == "hash") && Self.onlyRequiresNotNull($0.predicate, of: columns) }
            let leading = [table.primaryKey?.columns].compactMap { $0 } + table.uniqueConstraints.map(\.columns) + indexes.map(\.columns)
            let covered = leading.contains { $0.count >= columns.count && Set($0.prefix(columns.count)) == Set(columns) }
            guard !covered else { continue }
            let list = columns.joined(separator: ", ")
            report(.foreignKeyWithoutIndex, fk.mark,
                   "foreign key (\(list)) of table '\(table.name)' to '\(fk.table.name)' has no index starting with its columns: deleting or updating a row of '\(fk.table.name)' scans '\(table.name)' for the rows that reference it. Add indexes: [{ columns: [\(list)] }]")
        }
    }

    /// True for no predicate, or one that only requires some of `columns` to be NOT NULL
    /// (`job_id IS NOT NULL`, `a IS NOT NULL AND b IS NOT NULL`).
    static func onlyRequiresNotNull(_ predicate: String?, of columns: [String]) -> Bool {
        guard let predicate else { return true }
        let quoted = Set(columns.flatMap { [$0, "\"\($0)\""] })
        return predicate.components(separatedBy: " AND ").allSatisfy { part in
            let words = part.split(whereSeparator: \.isWhitespace).map(String.init)
            return words.count == 4 && quoted.contains(words[0]) && words[1...].map { $0.uppercased() } == ["IS", "NOT", "NULL"]
        }
    }
}
