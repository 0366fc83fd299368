/// A join whose rows are groups: aggregates over both tables.
/// `User.leftJoin(Document.self, on: { $0.id == $1.userId }).groupBy { u, _ in u.id }
///     .select { u, d in (u.id, d.id.count()) }` counts every user's documents (0 for none).
///
/// `order` orders the groups; conditions on rows go on the join before `groupBy`.
public struct GroupedJoinQuery<Left: TuskReadable, Right: TuskReadable>: JoinOrdering, Paging {
    /// The join with its GROUP BY (its rows are never decoded as table rows).
    var base: JoinQuery<Left, Right, Right.Row?>

    init(core: JoinCore<Left, Right>) {
        base = JoinQuery(core: core, decodeRight: { _ in nil })
    }

    /// Adds a condition on the groups (HAVING); several `having` calls combine with AND.
    public func having(_ build: (Left.Columns, Right.Columns) -> Predicate) -> GroupedJoinQuery {
        var core = base.core
        core.havingPredicates.append(build(Left.columns, core.rightColumns))
        return GroupedJoinQuery(core: core)
    }

    public var clauses: QueryClauses {
        get { base.core.clauses }
        set { base.core.clauses = newValue }
    }

    public var rightColumns: Right.Columns { base.core.rightColumns }

    /// What each group returns: grouped expressions and aggregates over both tables.
    public func select<each Selected: SQLExpression>(
        _ build: (Left.Columns, Right.Columns) -> (repeat each Selected)
    ) -> JoinProjection<Left, Right, repeat (each Selected).Value> where repeat (each Selected).Value: PostgresDecodable {
        base.core.select(build)
    }
}
