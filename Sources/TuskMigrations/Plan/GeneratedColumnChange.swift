import TuskSchema

/// How a column's generation (`generated: { sql }`) changes between two schemas. PostgreSQL 15
/// and 16 cannot give an existing column an expression or change it: such a column is dropped
/// and added again (its values are recomputed). Going back to a plain column keeps the values
/// (`DROP EXPRESSION`), but its down is the drop and add. Either way the indexes and
/// constraints over the column are dropped with it, so the plan drops and recreates them too.
enum GeneratedColumnChange: Equatable {
    case none
    /// Dropped and added with the new definition (new or changed expression).
    case replace
    /// The expression dropped, the values kept (`ALTER COLUMN ... DROP EXPRESSION`).
    case dropExpression

    init(from old: Column, to new: Column) {
        let before = old.generated.map { SQLRewrite.normalized($0.sql) }
        let after = new.generated.map { SQLRewrite.normalized($0.sql) }
        if before == after {
            self = .none
        } else {
            self = after == nil ? .dropExpression : .replace
        }
    }

    /// The columns of `new` whose generation changes from `old` (names already translated).
    static func changedColumns(from old: Table, to new: Table) -> Set<String> {
        Set(new.columns.filter { column in
            old.column(named: column.name).map { GeneratedColumnChange(from: $0, to: column) != .none } ?? false
        }.map(\.name))
    }
}

extension Set where Element == String {
    /// Whether a key or index over `columns` goes away with one of these columns.
    func touches(_ columns: [String]) -> Bool { columns.contains(where: contains) }
}
