/// A query whose rows are groups: `Document.groupBy { $0.userId }.having { $0.id.count() > 2 }`.
/// Select what each group returns (the grouped expressions and aggregates):
/// `.select { ($0.userId, $0.id.count(), $0.score.avg()) }.all(on: db)` gives `[(UUID?, Int64, Decimal?)]`.
/// The order is as written: no primary-key tie-breaker (a group has none).
///
/// `where` filters the rows before grouping (WHERE); `order` orders the groups
/// (`.order { $0.id.count().desc }`).
public struct GroupedQuery<Table: TuskReadable>: TableOrdering, Paging {
    var base: SelectQuery<Table>

    public var clauses: QueryClauses {
        get { base.clauses }
        set { base.clauses = newValue }
    }

    /// Adds a condition on the groups (HAVING); several `having` calls combine with AND.
    public func having(_ build: (Table.Columns) -> Predicate) -> GroupedQuery {
        var copy = self
        copy.base.havingPredicates.append(build(Table.columns))
        return copy
    }

    /// Answers from the database's cache for up to `ttl` (see ``SelectQuery/cached(ttl:)``).
    public func cached(ttl: Duration) -> GroupedQuery { GroupedQuery(base: base.cached(ttl: ttl)) }

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

extension TuskReadable {
    public static func groupBy<each Grouped: SQLExpression>(_ build: (Columns) -> (repeat each Grouped)) -> GroupedQuery<Self> {
        query.groupBy(build)
    }
}
