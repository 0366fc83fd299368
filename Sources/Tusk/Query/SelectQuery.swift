/// A SELECT over one table, built fluently and run with `all`, `first`, `count`, `exists` or
/// `stream`. Start from the generated table: `Document.where { $0.userId == id }.order { $0.createdAt.desc }`.
public struct SelectQuery<Table: TuskReadable>: TableOrdering, Paging {
    public var clauses = QueryClauses()
    var isDistinct = false
    var lock: LockClause?
    var keyset: Keyset?
    var includesDeleted = false
    /// The FROM item when it is not the table itself (a many-to-many include's derived table,
    /// named like the table so the query's own conditions apply unchanged).
    var fromItem: SQLFragment?
    /// GROUP BY expressions and HAVING conditions (`groupBy`, see GroupedQuery.swift).
    var groupTerms: [SQLFragment] = []
    var havingPredicates: [Predicate] = []
    /// `.cached(ttl:)`: reads may be answered from the database's cache.
    var caching: ReadCaching?

    public init() {}

    /// Lets `all`, `first`, `count` and `exists` (and projections, joins and includes built on
    /// this query) answer from the database's cache for up to `ttl`; writes through Tusk to a
    /// table the query reads drop the answer when they commit (docs/typed-api.md "Caching reads").
    /// A locking read (`forUpdate`, `forShare`) and a read in a transaction are never cached.
    public func cached(ttl: Duration) -> SelectQuery {
        var copy = self
        copy.caching = ReadCaching(ttl: ttl)
        return copy
    }

    /// Runs a read of this query, cached when asked for and not locking.
    func read(_ fragment: SQLFragment, on db: some QueryRunner) async throws -> QueryResult {
        try await db.read(fragment, caching: lock == nil ? caching : nil)
    }

    /// SELECT DISTINCT.
    public func distinct() -> SelectQuery {
        var copy = self
        copy.isDistinct = true
        return copy
    }

    /// Keyset pagination: the rows that come after `row` in this query's order (the primary
    /// key breaks ties). Index-friendly, unlike large offsets.
    public func after(_ row: Table.Row) -> SelectQuery {
        var copy = self
        copy.keyset = Keyset(row: row)
        return copy
    }

    /// On a `soft_delete:` table, reads skip soft-deleted rows; this query includes them.
    public func withDeleted() -> SelectQuery {
        var copy = self
        copy.includesDeleted = true
        return copy
    }

    /// `FOR UPDATE`, optionally `SKIP LOCKED` (work queues) or `NOWAIT` (fail instead of waiting).
    public func forUpdate(skipLocked: Bool = false, nowait: Bool = false) -> SelectQuery {
        var copy = self
        copy.lock = LockClause(strength: "UPDATE", skipLocked: skipLocked, nowait: nowait)
        return copy
    }

    /// `FOR SHARE`, optionally `SKIP LOCKED` or `NOWAIT`.
    public func forShare(skipLocked: Bool = false, nowait: Bool = false) -> SelectQuery {
        var copy = self
        copy.lock = LockClause(strength: "SHARE", skipLocked: skipLocked, nowait: nowait)
        return copy
    }

    // MARK: Rendering

    /// The statement `all` runs: text with `$n` placeholders and the bindings.
    public func sql() throws -> SQL { try fragment(selecting: Self.rowColumns).sql }

    static var rowColumns: SQLFragment { SQLFragment(Table.selectList) }

    /// The effective order: the written terms, then the primary key (none when nothing is ordered
    /// and no keyset is asked for).
    /// Orders over expressions (vector distances) are left as written: an index ordered by
    /// the distance alone (HNSW) must see exactly that ORDER BY.
    var keysetOrder: [OrderTerm] {
        // A grouped query's rows are groups: the primary key is not among its columns.
        if !groupTerms.isEmpty { return clauses.orders }
        if keyset != nil { return totalOrder }
        if clauses.orders.isEmpty || clauses.orders.contains(where: { $0.keysetBinding == nil }) { return clauses.orders }
        return totalOrder
    }

    /// The written terms, then the primary key columns not already among them.
    var totalOrder: [OrderTerm] {
        let written = Set(clauses.orders.map { $0.expression.sql.text })
        return clauses.orders + Table.primaryKeyOrder.filter { !written.contains($0.expression.sql.text) }
    }

    func fragment(selecting columns: SQLFragment, limit: Int? = nil) throws -> SQLFragment {
        var sql = SQLFragment(isDistinct ? "SELECT DISTINCT " : "SELECT ")
        sql.append(columns)
        sql.append(" FROM ")
        sql.append(fromItem ?? Table.tableReference())
        var conditions = clauses.predicates
        // An ordered query over columns ends with the primary key so the order is total: pages
        // of `limit`/`after` never overlap or skip rows that tie (DISTINCT keeps the written order).
        let order = isDistinct ? clauses.orders : keysetOrder
        if let keyset {
            conditions.append(try keyset.predicate(order: keysetOrder))
        }
        conditions += Table.rowFilters(as: Table.tableName, includingDeleted: includesDeleted)
        sql.append(try SQLFragment.clauses(
            where: conditions, groupBy: groupTerms, having: havingPredicates, orderBy: order,
            limit: limit ?? clauses.limit, offset: clauses.offset))
        if let lock { sql.append(lock.sql) }
        return sql
    }

    // MARK: Running

    /// Every matching row.
    public func all(on db: some QueryRunner) async throws -> [Table.Row] {
        try await read(try fragment(selecting: Self.rowColumns), on: db).rows(as: Table.Row.self)
    }

    /// The first matching row (LIMIT 1), or nil.
    public func first(on db: some QueryRunner) async throws -> Table.Row? {
        try await read(try fragment(selecting: Self.rowColumns, limit: 1), on: db).first.map { try Table.Row(row: $0) }
    }

    /// The statement `first` runs.
    public func firstSQL() throws -> SQL { try fragment(selecting: Self.rowColumns, limit: 1).sql }

    /// The number of matching rows (of the limited, offset, distinct query when those are set).
    public func count(on db: some QueryRunner) async throws -> Int {
        let count = try await read(try countFragment(), on: db).firstValue(as: Int64?.self)
        return Int((count ?? nil) ?? 0)
    }

    /// The statement `count` runs.
    public func countSQL() throws -> SQL { try countFragment().sql }

    func countFragment() throws -> SQLFragment {
        var query = self
        query.lock = nil
        if clauses.limit == nil && clauses.offset == nil && !isDistinct {
            query.clauses.orders = []
            return try query.fragment(selecting: SQLFragment("count(*)"))
        }
        let inner = try query.fragment(selecting: Self.rowColumns)
        return SQLFragment("SELECT count(*) FROM (") + inner + SQLFragment(") AS counted")
    }

    /// Whether any row matches.
    public func exists(on db: some QueryRunner) async throws -> Bool {
        let exists = try await read(try existsFragment(), on: db).firstValue(as: Bool.self)
        return exists ?? false
    }

    /// The statement `exists` runs.
    public func existsSQL() throws -> SQL { try existsFragment().sql }

    func existsFragment() throws -> SQLFragment {
        var query = self
        query.clauses.orders = []
        query.lock = nil
        return SQLFragment("SELECT EXISTS (") + (try query.fragment(selecting: SQLFragment("1"))) + SQLFragment(")")
    }
}

/// A row-locking clause.
struct LockClause: Sendable {
    var strength: String
    var skipLocked: Bool
    var nowait: Bool

    var sql: String {
        " FOR " + strength + (skipLocked ? " SKIP LOCKED" : "") + (nowait ? " NOWAIT" : "")
    }
}

/// The starting point of a keyset page: the last row of the previous page.
struct Keyset: @unchecked Sendable {
    // The row is a generated Row struct (Sendable); stored as Any to keep the query non-generic over it.
    let row: Any

    /// `(a, b) > ($1, $2)` when every term goes the same way (one index range scan), else the
    /// expanded form `a > $1 OR (a = $1 AND b > $2)`.
    func predicate(order: [OrderTerm]) throws -> Predicate {
        var values: [PostgresBinding] = []
        for term in order {
            guard let read = term.keysetBinding, let value = read(row) else {
                throw QueryError(
                    .keysetNotPossible,
                    "after(row) needs an order over columns with plain values; \(term.expression.sql.text) is not one")
            }
            // NULL compares as unknown: the page would silently be empty.
            guard !value.value.isPostgresNull else {
                throw QueryError(
                    .keysetNotPossible,
                    "after(row): the row's \(term.expression.sql.text) is NULL; order by NOT NULL columns to page with after(row)")
            }
            values.append(value)
        }
        let descending = order.map(\.isDescending)
        if Set(descending).count == 1 {
            let comparison = descending[0] ? " < " : " > "
            let columns = SQLFragment.joined(order.map(\.expression), separator: ", ")
            let bound = SQLFragment.joined(values.map { SQLFragment(binding: $0) }, separator: ", ")
            return Predicate(SQLFragment("(") + columns + SQLFragment(")" + comparison + "(") + bound + SQLFragment(")"))
        }
        var alternatives: [Predicate] = []
        for index in order.indices {
            var terms: [Predicate] = []
            for earlier in 0..<index {
                terms.append(Predicate(order[earlier].expression + SQLFragment(" = ") + SQLFragment(binding: values[earlier])))
            }
            let comparison = order[index].isDescending ? " < " : " > "
            terms.append(Predicate(order[index].expression + SQLFragment(comparison) + SQLFragment(binding: values[index])))
            alternatives.append(.and(terms))
        }
        return .or(alternatives)
    }
}

extension TuskReadable {
    /// All rows (add `where`, `order`, `limit`, ...).
    public static var query: SelectQuery<Self> { SelectQuery() }

    public static func `where`(_ build: (Columns) -> Predicate) -> SelectQuery<Self> { query.where(build) }
    public static func order(_ build: (Columns) -> any Orderable) -> SelectQuery<Self> { query.order(build) }
    public static func order(_ build: (Columns) -> [any Orderable]) -> SelectQuery<Self> { query.order(build) }
    public static func limit(_ count: Int) -> SelectQuery<Self> { query.limit(count) }

    public static func all(on db: some QueryRunner) async throws -> [Row] { try await query.all(on: db) }
    public static func count(on db: some QueryRunner) async throws -> Int { try await query.count(on: db) }
}
