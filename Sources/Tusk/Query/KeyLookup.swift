/// Generated `find(key, on:)`'s statement for one table, rendered once: the SELECT that
/// `Table.where { key columns == values }.first(on:)` renders, kept as text and placeholders, so a
/// lookup by primary key binds its values and runs, with no predicate built or fragment rendered
/// per call (that was half of a point select's client instructions).
///
/// Generated code holds one per table (`static let keyLookup`); a statement over a `tenant:` table
/// is rendered for each call instead, because a tenant's runner renders it for its tenant.
public final class KeyLookup<Table: TuskReadable>: Sendable {
    private let keyColumns: [String]
    /// The rendered statement, its bindings placeholders; nil when each call must render.
    private let template: SQL?

    /// `keyColumns`: the primary key's columns, in the order `first` is given their values.
    public init(keyColumns: [String]) {
        self.keyColumns = keyColumns
        let placeholders = keyColumns.map { _ in PostgresBinding(Int32(0)) }
        let rendered = try? Self.query(keyColumns, placeholders).firstSQL()
        template = rendered.flatMap { $0.tenantForm == nil ? $0.invalidating(tables: []) : nil }
    }

    /// The row whose key columns equal `key` (one value per key column, in order), or nil.
    public func first(_ key: [PostgresBinding], on runner: some QueryRunner) async throws -> Table.Row? {
        guard var statement = template, key.count == keyColumns.count else {
            return try await Self.query(keyColumns, key).first(on: runner)
        }
        statement.rebind(key)
        return try await runner.query(statement).first.map { try Table.Row(row: $0) }
    }

    /// The query `find` stands for: every key column equal to its value.
    static func query(_ keyColumns: [String], _ key: [PostgresBinding]) -> SelectQuery<Table> {
        let equalities = zip(keyColumns, key).map { column, value in
            Predicate.comparison(SQLFragment.column(column, of: Table.tableName), "=", value)
        }
        var query = SelectQuery<Table>()
        query.clauses.predicates = [equalities.count == 1 ? equalities[0] : .and(equalities)]
        return query
    }
}
