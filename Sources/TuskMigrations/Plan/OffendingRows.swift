import TuskSchema

/// The queries that list the rows of an existing table that make a step fail (adding NOT NULL,
/// UNIQUE, a primary key, CHECK or a foreign key), printed under the step's hazard in the
/// migration header. They read the database as it is before the migration, so they use the old
/// table and column names; a constraint on a column the same migration adds gets no query (the
/// column does not exist yet). Each returns no row on data the step accepts.
struct OffendingRows {
    let pair: SchemaMatch.TablePair
    let match: SchemaMatch

    static let limit = 10

    private var table: String { SQLText.name(pair.old.name) }

    /// The old names of new columns; nil when one of them is added by this migration.
    private func oldNames(_ columns: [String], in pair: SchemaMatch.TablePair) -> [String]? {
        let old = Dictionary(pair.keptColumns.map { ($0.new.name, $0.old.name) }, uniquingKeysWith: { a, _ in a })
        let names = columns.compactMap { old[$0] }
        return names.count == columns.count ? names : nil
    }

    /// What identifies a row: the old primary key, else `ctid`.
    private var key: [String] { pair.old.primaryKey.map { $0.columns.map(SQLText.ident) } ?? ["ctid"] }

    private func selecting(_ columns: [String], prefix: String = "") -> String {
        var seen = Set<String>()
        return (key + columns.map(SQLText.ident)).filter { seen.insert($0).inserted }.map { prefix + $0 }.joined(separator: ", ")
    }

    /// Rows whose `column` is NULL (SET NOT NULL fails on them).
    func nulls(in column: String) -> String? {
        guard let old = oldNames([column], in: pair)?.first else { return nil }
        return "SELECT \(selecting([])) FROM \(table) WHERE \(SQLText.ident(old)) IS NULL LIMIT \(Self.limit);"
    }

    /// Any row (a NOT NULL column without a default cannot be added to a table that has one).
    var anyRow: String { "SELECT \(selecting([])) FROM \(table) LIMIT \(Self.limit);" }

    /// Values held by more than one row (a unique constraint, primary key or unique index fails
    /// on them). Rows with a NULL in the key are left out for UNIQUE, which lets them repeat.
    func duplicates(of columns: [String], predicate: String? = nil, ignoringNulls: Bool = true) -> String? {
        guard let old = oldNames(columns, in: pair) else { return nil }
        var conditions = ignoringNulls ? old.map { "\(SQLText.ident($0)) IS NOT NULL" } : []
        if let predicate {
            guard let rewritten = oldExpression(predicate) else { return nil }
            conditions.append("(\(rewritten))")
        }
        let list = SQLText.idents(old)
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return "SELECT \(list), count(*) FROM \(table)\(filter) GROUP BY \(list) HAVING count(*) > 1 LIMIT \(Self.limit);"
    }

    /// Rows for which the check is false (NULL passes a check, and `NOT NULL` is not true).
    func failing(check expression: String) -> String? {
        guard let old = oldExpression(expression) else { return nil }
        let mentioned = pair.old.columns.map(\.name).filter { SQLRewrite.mentions(old, anyOf: [$0]) }
        return "SELECT \(selecting(mentioned)) FROM \(table) WHERE NOT (\(old)) LIMIT \(Self.limit);"
    }

    /// Rows whose referencing columns are all set but match no row of the referenced table
    /// (MATCH SIMPLE: a NULL in any of them exempts the row). A referenced table this migration
    /// creates starts empty, so then every row with its key set fails.
    func orphans(of fk: ForeignKey) -> String? {
        guard let columns = oldNames(fk.columns, in: pair) else { return nil }
        let set = columns.map { "c.\(SQLText.ident($0)) IS NOT NULL" }
        if match.createdTables.contains(where: { $0.name == fk.referencedTable }) {
            return "SELECT \(selecting(columns, prefix: "c.")) FROM \(table) AS c WHERE \(set.joined(separator: " AND ")) LIMIT \(Self.limit);"
        }
        guard let parent = match.tablePairs.first(where: { $0.new.name == fk.referencedTable }),
              let parentColumns = oldNames(fk.referencedColumns, in: parent) else { return nil }
        let joins = zip(parentColumns, columns).map { "p.\(SQLText.ident($0)) = c.\(SQLText.ident($1))" }
        return "SELECT \(selecting(columns, prefix: "c.")) FROM \(table) AS c WHERE \(set.joined(separator: " AND "))"
            + " AND NOT EXISTS (SELECT 1 FROM \(SQLText.name(parent.old.name)) AS p WHERE \(joins.joined(separator: " AND ")))"
            + " LIMIT \(Self.limit);"
    }

    /// An expression of the new schema in the old column names; nil when it names a column this
    /// migration adds.
    private func oldExpression(_ expression: String) -> String? {
        if SQLRewrite.mentions(expression, anyOf: Set(pair.addedColumns.map(\.name))) { return nil }
        let renames = Dictionary(pair.columnRenames.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        return SQLRewrite.renamingIdentifiers(in: expression, renames)
    }
}
