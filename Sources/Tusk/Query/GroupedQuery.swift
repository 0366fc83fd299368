/// A query whose rows are groups: `Document.groupBy { $0.userId }.having { $0.id.count() > 2 }`.
/// Select what each group returns (the grouped expressions and aggregates):
/// `.select { ($0.userId, $0.id.count(), $0.score.avg()) }.all(on: db)` gives `[(UUID?, Int64, Decimal?)]`.
/// The order is as written: no primary-key tie-breaker (a group has none).
public struct GroupedQuery<Table: TuskTable>: Sendable {
    var base: SelectQuery<Table>

    /// Adds a condition on the rows before grouping (WHERE).
    public func `where`(_ build: (Table.Columns) -> Predicate) -> GroupedQuery {
        GroupedQuery(base: base.where(build))
    }

    /// Adds a condition on the groups (HAVING); several `having` calls combine with AND.
    public func having(_ build: (Table.Columns) -> Predicate) -> GroupedQuery {
        var copy = self
        copy.base.havingPredicates.append(build(Table.columns))
        return copy
    }

    /// Orders the groups: `.order { $0.id.count().desc }`.
    public func order(_ build: (Table.Columns) -> any Orderable) -> GroupedQuery {
        GroupedQuery(base: base.order(build))
    }

    public func order(_ build: (Table.Columns) -> [any Orderable]) -> GroupedQuery {
        GroupedQuery(base: base.order(build))
    }

    public func limit(_ count: Int) -> GroupedQuery { GroupedQuery(base: base.limit(count)) }
    /// Answers from the database's cache for up to `ttl` (see ``SelectQuery/cached(ttl:)``).
    public func cached(ttl: Duration) -> GroupedQuery { GroupedQuery(base: base.cached(ttl: ttl)) }
    public func offset(_ count: Int) -> GroupedQuery { GroupedQuery(base: base.offset(count)) }

    /// What each group returns: one expression or a tuple of them.
    public func select<each Selected: SQLExpression>(
        _ build: (Table.Columns) -> (repeat each Selected)
    ) -> Projection<Table, repeat (each Selected).Value> where repeat (each Selected).Value: PostgresDecodable {
        base.select(build)
    }

    public func select<Selected: SQLExpression>(
        _ build: (Table.Columns) -> Selected
    ) -> Projection<Table, Selected.Value> where Selected.Value: PostgresDecodable {
        base.select(build)
    }
}

extension SelectQuery {
    /// GROUP BY one expression or several (`groupBy { ($0.userId, $0.tier) }`).
    public func groupBy<each Grouped: SQLExpression>(_ build: (Table.Columns) -> (repeat each Grouped)) -> GroupedQuery<Table> {
        let grouped = build(Table.columns)
        var copy = self
        for expression in repeat each grouped { copy.groupTerms.append(expression.sqlFragment) }
        return GroupedQuery(base: copy)
    }
}

extension TuskTable {
    public static func groupBy<each Grouped: SQLExpression>(_ build: (Columns) -> (repeat each Grouped)) -> GroupedQuery<Self> {
        query.groupBy(build)
    }
}
