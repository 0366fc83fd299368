/// The WHERE conditions, ORDER BY terms, LIMIT and OFFSET of a statement being built: one
/// value every builder keeps, so `where`, `order`, `limit` and `offset` are written once, in
/// the protocols below, for every builder that has them. Its contents are the library's own.
public struct QueryClauses: Sendable {
    var predicates: [Predicate] = []
    var orders: [OrderTerm] = []
    var limit: Int?
    var offset: Int?
}

/// A builder over one table that takes conditions: `where`.
public protocol TableFiltering: Sendable {
    associatedtype Table: TuskReadable
    /// The clauses built so far.
    var clauses: QueryClauses { get set }
}

extension TableFiltering {
    /// Adds a condition; several `where` calls combine with AND.
    public func `where`(_ build: (Table.Columns) -> Predicate) -> Self {
        var copy = self
        copy.clauses.predicates.append(build(Table.columns))
        return copy
    }
}

/// A builder over one table that orders its rows: `order`.
public protocol TableOrdering: TableFiltering {}

extension TableOrdering {
    /// Adds an ORDER BY term (a column or expression is ascending; `.desc`, `.nullsFirst`).
    public func order(_ build: (Table.Columns) -> any Orderable) -> Self {
        var copy = self
        copy.clauses.orders.append(build(Table.columns).orderTerm)
        return copy
    }

    /// Adds several ORDER BY terms: `.order { [$0.createdAt.desc, $0.id.asc] }`.
    public func order(_ build: (Table.Columns) -> [any Orderable]) -> Self {
        var copy = self
        copy.clauses.orders += build(Table.columns).map(\.orderTerm)
        return copy
    }
}

/// A builder over two joined tables: its closures get both tables' columns.
public protocol JoinClauses: Sendable {
    associatedtype Left: TuskReadable
    associatedtype Right: TuskReadable
    /// The clauses built so far.
    var clauses: QueryClauses { get set }
    /// The right table's columns (qualified by its alias in a self-join).
    var rightColumns: Right.Columns { get }
}

/// A join that takes conditions over both tables: `where`.
public protocol JoinFiltering: JoinClauses {}

extension JoinFiltering {
    /// Adds a condition over both tables; several `where` calls combine with AND.
    public func `where`(_ build: (Left.Columns, Right.Columns) -> Predicate) -> Self {
        var copy = self
        copy.clauses.predicates.append(build(Left.columns, rightColumns))
        return copy
    }
}

/// A join that orders its rows by either table: `order`.
public protocol JoinOrdering: JoinClauses {}

extension JoinOrdering {
    /// Adds an ORDER BY term over either table.
    public func order(_ build: (Left.Columns, Right.Columns) -> any Orderable) -> Self {
        var copy = self
        copy.clauses.orders.append(build(Left.columns, rightColumns).orderTerm)
        return copy
    }

    /// Adds several ORDER BY terms: `.order { d, u in [u.name, d.createdAt.desc] }`.
    public func order(_ build: (Left.Columns, Right.Columns) -> [any Orderable]) -> Self {
        var copy = self
        copy.clauses.orders += build(Left.columns, rightColumns).map(\.orderTerm)
        return copy
    }
}

/// A builder that pages its rows: `limit` and `offset`.
public protocol Paging: Sendable {
    /// The clauses built so far.
    var clauses: QueryClauses { get set }
}

extension Paging {
    /// At most `count` rows.
    public func limit(_ count: Int) -> Self {
        var copy = self
        copy.clauses.limit = count
        return copy
    }

    /// Skips the first `count` rows (for deep pages prefer `after(row)`: keyset pagination).
    public func offset(_ count: Int) -> Self {
        var copy = self
        copy.clauses.offset = count
        return copy
    }
}
