/// A SELECT of chosen columns or expressions, decoding each row to a tuple:
/// `User.where { ... }.select { ($0.id, $0.email) }.all(on: db)` gives `[(UUID, String)]`.
public struct Projection<Table: TuskReadable, each Value: PostgresDecodable>: Sendable {
    let base: SelectQuery<Table>
    let selection: SQLFragment

    public func sql() throws -> SQL { try base.fragment(selecting: selection).sql }

    public func all(on db: some QueryRunner) async throws -> [(repeat each Value)] {
        try await base.read(try base.fragment(selecting: selection), on: db).tuples(as: repeat (each Value).self)
    }

    public func first(on db: some QueryRunner) async throws -> (repeat each Value)? {
        guard let row = try await base.read(try base.fragment(selecting: selection, limit: 1), on: db).first else { return nil }
        let value: (repeat each Value) = try row.decode(repeat (each Value).self)
        return value
    }

    /// Answers from the database's cache for up to `ttl` (see ``SelectQuery/cached(ttl:)``).
    public func cached(ttl: Duration) -> Projection {
        Projection(base: base.cached(ttl: ttl), selection: selection)
    }

    /// SELECT DISTINCT over the selection.
    public func distinct() -> Projection {
        var base = self.base
        base.isDistinct = true
        return Projection(base: base, selection: selection)
    }
}

extension SelectQuery {
    /// Chooses what each row returns: one expression or a tuple of them.
    public func select<each Selected: SQLExpression>(
        _ build: (Table.Columns) -> (repeat each Selected)
    ) -> Projection<Table, repeat (each Selected).Value> where repeat (each Selected).Value: PostgresDecodable {
        let selected = build(Table.columns)
        return Projection(base: self, selection: SQLFragment.selectionList(repeat each selected))
    }

    /// One expression (the same as the tuple form with one element). Written out because Swift
    /// cannot infer a one-element pack from a closure passed on as an argument:
    /// `$0.id.in(Part.select { $0.itemId })` needs this overload.
    public func select<Selected: SQLExpression>(
        _ build: (Table.Columns) -> Selected
    ) -> Projection<Table, Selected.Value> where Selected.Value: PostgresDecodable {
        Projection(base: self, selection: build(Table.columns).sqlFragment)
    }
}

extension TuskReadable {
    public static func select<each Selected: SQLExpression>(
        _ build: (Columns) -> (repeat each Selected)
    ) -> Projection<Self, repeat (each Selected).Value> where repeat (each Selected).Value: PostgresDecodable {
        query.select(build)
    }

    public static func select<Selected: SQLExpression>(
        _ build: (Columns) -> Selected
    ) -> Projection<Self, Selected.Value> where Selected.Value: PostgresDecodable {
        query.select(build)
    }
}

extension SQLFragment {
    /// `"id", "email"`: the expressions of a `select { }` or `returning { }` tuple, in order.
    static func selectionList<each Selected: SQLExpression>(_ selected: repeat each Selected) -> SQLFragment {
        var fragments: [SQLFragment] = []
        for expression in repeat each selected { fragments.append(expression.sqlFragment) }
        return SQLFragment.joined(fragments, separator: ", ")
    }
}
