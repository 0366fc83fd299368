/// A SELECT over two tables, each row decoded as a tuple of both tables' rows:
/// `Document.join(User.self, on: { $0.userId == $1.id })` gives `[(Document.Row, User.Row)]`;
/// `leftJoin` gives `[(Document.Row, User.Row?)]` (nil where no row matched).
///
/// Every column is written qualified by its table (`"documents"."user_id"`). The left query's
/// conditions, order, limit and soft-delete filter stay; the right table's soft-delete filter
/// goes in the ON clause, so a left join keeps the left row when the right one is deleted.
public struct JoinQuery<Left: TuskReadable, Right: TuskReadable, RightRow: Sendable>: JoinFiltering, JoinOrdering, Paging {
    var core: JoinCore<Left, Right>
    /// Decodes the right side from a view of the row starting at the right table's columns.
    let decodeRight: @Sendable (Row) throws -> RightRow

    /// The join's own clauses (the left query's, written before joining, apply too).
    public var clauses: QueryClauses {
        get { core.clauses }
        set { core.clauses = newValue }
    }

    public var rightColumns: Right.Columns { core.rightColumns }

    /// Includes the right table's soft-deleted rows (the left table's: `withDeleted()` before joining).
    public func withDeletedRight() -> JoinQuery {
        var copy = self
        copy.core.rightIncludesDeleted = true
        return copy
    }

    /// Chooses what each row returns, from both tables: `.select { d, u in (d.title, u.email) }`.
    /// In a left join, select the right table's columns `.optional` (NULL where no row matched).
    public func select<each Selected: SQLExpression>(
        _ build: (Left.Columns, Right.Columns) -> (repeat each Selected)
    ) -> JoinProjection<Left, Right, repeat (each Selected).Value> where repeat (each Selected).Value: PostgresDecodable {
        core.select(build)
    }

    // MARK: Rendering and running

    /// The statement `all` runs.
    public func sql() throws -> SQL { try core.fragment(selecting: core.rowColumns).sql }

    /// The statement `first` runs (LIMIT 1).
    public func firstSQL() throws -> SQL { try core.fragment(selecting: core.rowColumns, limit: 1).sql }

    /// Every matching pair.
    public func all(on db: some QueryRunner) async throws -> [(Left.Row, RightRow)] {
        try await core.left.read(try core.fragment(selecting: core.rowColumns), on: db).map { row in try decode(row) }
    }

    /// The first matching pair, or nil.
    public func first(on db: some QueryRunner) async throws -> (Left.Row, RightRow)? {
        try await core.left.read(try core.fragment(selecting: core.rowColumns, limit: 1), on: db).first.map(decode)
    }

    /// Answers from the database's cache for up to `ttl`; writes to either table invalidate
    /// (see ``SelectQuery/cached(ttl:)``).
    public func cached(ttl: Duration) -> JoinQuery {
        var copy = self
        copy.core.left = core.left.cached(ttl: ttl)
        return copy
    }

    /// The number of matching pairs (of the limited, offset or distinct join when those are set).
    public func count(on db: some QueryRunner) async throws -> Int {
        let count = try await core.left.read(try countFragment(), on: db).firstValue(as: Int64.self)
        return Int(count ?? 0)
    }

    /// The statement `count` runs.
    public func countSQL() throws -> SQL { try countFragment().sql }

    func countFragment() throws -> SQLFragment {
        var core = self.core
        core.left.lock = nil
        let paged = [core.left.clauses.limit, core.left.clauses.offset, core.clauses.limit, core.clauses.offset].contains { $0 != nil }
        if !paged && !core.left.isDistinct {
            core.left.clauses.orders = []
            core.clauses.orders = []
            return try core.fragment(selecting: SQLFragment("count(*)"))
        }
        let inner = try core.fragment(selecting: core.rowColumns)
        return SQLFragment("SELECT count(*) FROM (") + inner + SQLFragment(") AS counted")
    }

    /// GROUP BY over both tables: `.groupBy { _, u in u.id }.select { _, u in (u.email, ...) }`.
    public func groupBy<each Grouped: SQLExpression>(
        _ build: (Left.Columns, Right.Columns) -> (repeat each Grouped)
    ) -> GroupedJoinQuery<Left, Right> {
        let grouped = build(Left.columns, core.rightColumns)
        var core = self.core
        for expression in repeat each grouped { core.groupTerms.append(expression.sqlFragment) }
        return GroupedJoinQuery(core: core)
    }

    func decode(_ row: Row) throws -> (Left.Row, RightRow) {
        (try Left.Row(row: row), try decodeRight(row.columns(from: Left.columnNames.count)))
    }
}

/// A join's chosen columns, decoded as tuples: `[(String, String)]` for `(d.title, u.email)`.
public struct JoinProjection<Left: TuskReadable, Right: TuskReadable, each Value: PostgresDecodable>: Sendable {
    let core: JoinCore<Left, Right>
    let selection: SQLFragment

    public func sql() throws -> SQL { try core.fragment(selecting: selection).sql }

    public func all(on db: some QueryRunner) async throws -> [(repeat each Value)] {
        try await core.left.read(try core.fragment(selecting: selection), on: db).tuples(as: repeat (each Value).self)
    }

    public func first(on db: some QueryRunner) async throws -> (repeat each Value)? {
        guard let row = try await core.left.read(try core.fragment(selecting: selection, limit: 1), on: db).first else { return nil }
        let value: (repeat each Value) = try row.decode(repeat (each Value).self)
        return value
    }
}

/// What a join renders from, whatever its rows decode to.
struct JoinCore<Left: TuskReadable, Right: TuskReadable>: Sendable {
    enum Kind: String, Sendable { case inner = "JOIN", left = "LEFT JOIN" }

    var left: SelectQuery<Left>
    let kind: Kind
    /// The right table's name in the statement: `<table>_2` when it is the left table too.
    let rightAlias: String?
    /// The right table's columns, qualified by the alias when there is one.
    let rightColumns: Right.Columns
    let on: Predicate
    /// The join's own WHERE, ORDER BY, LIMIT and OFFSET, after the left query's.
    var clauses = QueryClauses()
    var rightIncludesDeleted = false
    var groupTerms: [SQLFragment] = []
    var havingPredicates: [Predicate] = []

    func select<each Selected: SQLExpression>(
        _ build: (Left.Columns, Right.Columns) -> (repeat each Selected)
    ) -> JoinProjection<Left, Right, repeat (each Selected).Value> where repeat (each Selected).Value: PostgresDecodable {
        let selected = build(Left.columns, rightColumns)
        var fragments: [SQLFragment] = []
        for expression in repeat each selected { fragments.append(expression.sqlFragment) }
        return JoinProjection(core: self, selection: SQLFragment.joined(fragments, separator: ", "))
    }

    init(left: SelectQuery<Left>, kind: Kind, on condition: (Left.Columns, Right.Columns) -> Predicate) {
        (rightAlias, rightColumns) = Self.rightSide()
        self.left = left
        self.kind = kind
        self.on = condition(Left.columns, rightColumns)
    }

    /// A self-join's right side goes by `<table>_2`; its generated columns say so.
    static func rightSide() -> (alias: String?, columns: Right.Columns) {
        guard Left.tableName == Right.tableName else { return (nil, Right.columns) }
        let alias = Right.tableName + "_2"
        guard let aliasable = Right.Columns.self as? any AliasableColumns.Type,
              let columns = aliasable.init(alias: alias) as? Right.Columns
        else { return (nil, Right.columns) }  // refused when rendered
        return (alias, columns)
    }

    /// The right table's name in the statement.
    var rightName: String { rightAlias ?? Right.tableName }

    /// Both tables' columns, left then right: the order the rows decode in.
    var rowColumns: SQLFragment {
        let columns = Left.columnNames.map { SQLFragment.column($0, of: Left.tableName) }
            + Right.columnNames.map { SQLFragment.column($0, of: rightName) }
        return SQLFragment.joined(columns, separator: ", ")
    }

    func fragment(selecting selection: SQLFragment, limit: Int? = nil) throws -> SQLFragment {
        guard Left.tableName != rightName else {
            throw QueryError(
                .invalidJoin,
                "a join of \(Left.tableName) with itself needs its generated columns (Tusk.AliasableColumns) to alias the second side; filter with `in(subquery)` or a relation filter instead")
        }
        guard left.keyset == nil else {
            throw QueryError(.invalidJoin, "after(row) pages one table; a join cannot continue after a row (use limit and offset)")
        }
        guard left.groupTerms.isEmpty else {
            throw QueryError(.invalidJoin, "a grouped query cannot be joined; join first, or group a subquery")
        }
        var sql = SQLFragment(left.isDistinct ? "SELECT DISTINCT " : "SELECT ")
        sql.append(selection)
        sql.append(" FROM ")
        sql.append(Left.tableReference())
        sql.append(" " + kind.rawValue + " ")
        sql.append(Right.tableReference(as: rightAlias))
        sql.append(" ON ")
        var joinConditions = [on]
        joinConditions += Right.rowFilters(as: rightName, includingDeleted: rightIncludesDeleted)
        try Predicate.check(joinConditions)
        sql.append(Predicate.and(joinConditions).sqlFragment)
        var conditions = left.clauses.predicates + clauses.predicates
        conditions += Left.rowFilters(as: Left.tableName, includingDeleted: left.includesDeleted)
        sql.append(try SQLFragment.clauses(
            where: conditions, groupBy: groupTerms, having: havingPredicates, orderBy: left.clauses.orders + clauses.orders,
            limit: limit ?? clauses.limit ?? left.clauses.limit, offset: clauses.offset ?? left.clauses.offset))
        if let lock = left.lock { sql.append(lock.sql) }
        // Both tables have an "id": every column says whose it is.
        return sql.qualifyingColumns()
    }

}

extension SelectQuery {
    /// An inner join: the rows of this query paired with the rows of `right` that match `on`.
    public func join<Right: TuskReadable>(
        _ right: Right.Type, on condition: (Table.Columns, Right.Columns) -> Predicate
    ) -> JoinQuery<Table, Right, Right.Row> {
        JoinQuery(core: JoinCore(left: self, kind: .inner, on: condition), decodeRight: { try Right.Row(row: $0) })
    }

    /// A left join: every row of this query, with the matching row of `right` or nil.
    public func leftJoin<Right: TuskReadable>(
        _ right: Right.Type, on condition: (Table.Columns, Right.Columns) -> Predicate
    ) -> JoinQuery<Table, Right, Right.Row?> {
        let missing = Right.missingRowColumns
        return JoinQuery(
            core: JoinCore(left: self, kind: .left, on: condition),
            decodeRight: { row in
                missing.allSatisfy { row.isNull(at: $0) } ? nil : try Right.Row(row: row)
            })
    }
}

extension TuskReadable {
    public static func join<Right: TuskReadable>(
        _ right: Right.Type, on condition: (Columns, Right.Columns) -> Predicate
    ) -> JoinQuery<Self, Right, Right.Row> {
        query.join(right, on: condition)
    }

    public static func leftJoin<Right: TuskReadable>(
        _ right: Right.Type, on condition: (Columns, Right.Columns) -> Predicate
    ) -> JoinQuery<Self, Right, Right.Row?> {
        query.leftJoin(right, on: condition)
    }

    /// The columns that are all NULL when an outer join found no row: the primary key (never
    /// NULL in a real row), or every column for a table without one.
    static var missingRowColumns: [Int] {
        let keyColumns = primaryKeyOrder.compactMap { term -> Int? in
            for part in term.expression.parts {
                if case .column(_, let name, _) = part { return columnNames.firstIndex(of: name) }
            }
            return nil
        }
        return keyColumns.isEmpty ? Array(columnNames.indices) : keyColumns
    }
}
