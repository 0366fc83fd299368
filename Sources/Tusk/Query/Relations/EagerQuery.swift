/// A query that loads rows with included relations: each included relation costs one more
/// statement per level (`WHERE "user_id" = ANY($1)` over the keys of all parents), never one
/// per parent.
///
/// ```swift
/// let users = try await User.where { $0.plan == "team" }
///     .including(\.documents) { $0.order { $0.createdAt.desc }.including(\.chunks) }
///     .including(\.conversations)
///     .all(on: db)                                  // 4 statements, however many users
/// users[0].email; users[0].documents[0].chunks; users[0].conversations
/// ```
///
/// The statements run one after another on `db`; for one consistent snapshot of all levels, run
/// the load in a REPEATABLE READ transaction.
public struct EagerQuery<Table: TuskReadable, Element: Sendable>: TableOrdering, Paging {
    var base: SelectQuery<Table>
    /// Loads the included relations of these rows and builds one element per row, in order.
    let attach: @Sendable ([Table.Row], any QueryRunner) async throws -> [Element]

    init(base: SelectQuery<Table>, attach: @escaping @Sendable ([Table.Row], any QueryRunner) async throws -> [Element]) {
        self.base = base
        self.attach = attach
    }

    /// Includes a relation: one more statement, whatever the number of rows.
    public func including<R: Relation>(
        _ relation: KeyPath<Table.Relations, R>
    ) -> EagerQuery<Table, Loaded<Element, R, R.Target.Row>> where R.Source == Table {
        including(relation) { $0 }
    }

    /// Includes a relation, shaping its query: filter, order, include its relations.
    /// `including(\.documents) { $0.where { $0.tier == .SEMANTIC }.including(\.chunks) }`.
    /// A limit or offset there would apply to all parents together, so it is refused.
    public func including<R: Relation, Nested: Sendable>(
        _ relation: KeyPath<Table.Relations, R>,
        _ shape: (EagerQuery<R.Target, R.Target.Row>) -> EagerQuery<R.Target, Nested>
    ) -> EagerQuery<Table, Loaded<Element, R, Nested>> where R.Source == Table {
        let related = shape(EagerQuery<R.Target, R.Target.Row>(base: SelectQuery()) { rows, _ in rows })
        let loadEarlier = attach
        return EagerQuery<Table, Loaded<Element, R, Nested>>(base: base) { rows, db in
            let earlier = try await loadEarlier(rows, db)
            let groups = try await RelationLoader<R>.load(for: rows, using: related, on: db)
            var elements: [Loaded<Element, R, Nested>] = []
            elements.reserveCapacity(rows.count)
            for index in rows.indices {
                elements.append(Loaded(base: earlier[index], row: rows[index], related: groups[index]))
            }
            return elements
        }
    }

    /// Includes two relations (`including(\.documents, \.conversations)`).
    public func including<R1: Relation, R2: Relation>(
        _ first: KeyPath<Table.Relations, R1>, _ second: KeyPath<Table.Relations, R2>
    ) -> EagerQuery<Table, Loaded<Loaded<Element, R1, R1.Target.Row>, R2, R2.Target.Row>>
    where R1.Source == Table, R2.Source == Table {
        including(first).including(second)
    }

    /// Includes three relations.
    public func including<R1: Relation, R2: Relation, R3: Relation>(
        _ first: KeyPath<Table.Relations, R1>, _ second: KeyPath<Table.Relations, R2>, _ third: KeyPath<Table.Relations, R3>
    ) -> EagerQuery<Table, Loaded<Loaded<Loaded<Element, R1, R1.Target.Row>, R2, R2.Target.Row>, R3, R3.Target.Row>>
    where R1.Source == Table, R2.Source == Table, R3.Source == Table {
        including(first).including(second).including(third)
    }

    // MARK: Shaping the rows of this level

    /// This level's `where`, `order`, `limit` and `offset` (from ``TableOrdering`` and ``Paging``).
    public var clauses: QueryClauses {
        get { base.clauses }
        set { base.clauses = newValue }
    }

    public func withDeleted() -> EagerQuery { reshaped { $0.withDeleted() } }

    func reshaped(_ change: (SelectQuery<Table>) -> SelectQuery<Table>) -> EagerQuery {
        EagerQuery(base: change(base), attach: attach)
    }

    // MARK: Running

    /// The first statement (the rows of this level); the included levels follow it.
    public func sql() throws -> SQL { try base.sql() }

    /// Every matching row with its included relations.
    public func all(on db: some QueryRunner) async throws -> [Element] {
        let rows = try await base.all(on: db)
        return try await attach(rows, levelRunner(db))
    }

    /// The first matching row with its included relations, or nil.
    public func first(on db: some QueryRunner) async throws -> Element? {
        guard let row = try await base.first(on: db) else { return nil }
        return try await attach([row], levelRunner(db)).first
    }

    /// Answers every level from the database's cache for up to `ttl` (each level's statement is
    /// cached on its own, invalidated by writes to its own table; see ``SelectQuery/cached(ttl:)``).
    public func cached(ttl: Duration) -> EagerQuery { reshaped { $0.cached(ttl: ttl) } }

    /// The runner the included levels run on: cached like the first level.
    private func levelRunner(_ db: some QueryRunner) -> any QueryRunner {
        guard let caching = base.caching else { return db }
        return CachedReadsRunner(base: db, caching: caching)
    }
}

extension SelectQuery {
    /// This query's rows with a relation included (see ``EagerQuery``).
    public func including<R: Relation>(
        _ relation: KeyPath<Table.Relations, R>
    ) -> EagerQuery<Table, Loaded<Table.Row, R, R.Target.Row>> where R.Source == Table {
        eager.including(relation)
    }

    public func including<R: Relation, Nested: Sendable>(
        _ relation: KeyPath<Table.Relations, R>,
        _ shape: (EagerQuery<R.Target, R.Target.Row>) -> EagerQuery<R.Target, Nested>
    ) -> EagerQuery<Table, Loaded<Table.Row, R, Nested>> where R.Source == Table {
        eager.including(relation, shape)
    }

    public func including<R1: Relation, R2: Relation>(
        _ first: KeyPath<Table.Relations, R1>, _ second: KeyPath<Table.Relations, R2>
    ) -> EagerQuery<Table, Loaded<Loaded<Table.Row, R1, R1.Target.Row>, R2, R2.Target.Row>>
    where R1.Source == Table, R2.Source == Table {
        eager.including(first).including(second)
    }

    public func including<R1: Relation, R2: Relation, R3: Relation>(
        _ first: KeyPath<Table.Relations, R1>, _ second: KeyPath<Table.Relations, R2>, _ third: KeyPath<Table.Relations, R3>
    ) -> EagerQuery<Table, Loaded<Loaded<Loaded<Table.Row, R1, R1.Target.Row>, R2, R2.Target.Row>, R3, R3.Target.Row>>
    where R1.Source == Table, R2.Source == Table, R3.Source == Table {
        eager.including(first).including(second).including(third)
    }

    var eager: EagerQuery<Table, Table.Row> { EagerQuery(base: self) { rows, _ in rows } }
}

extension TuskReadable {
    public static func including<R: Relation>(
        _ relation: KeyPath<Relations, R>
    ) -> EagerQuery<Self, Loaded<Row, R, R.Target.Row>> where R.Source == Self {
        query.including(relation)
    }

    public static func including<R: Relation, Nested: Sendable>(
        _ relation: KeyPath<Relations, R>,
        _ shape: (EagerQuery<R.Target, R.Target.Row>) -> EagerQuery<R.Target, Nested>
    ) -> EagerQuery<Self, Loaded<Row, R, Nested>> where R.Source == Self {
        query.including(relation, shape)
    }

    public static func including<R1: Relation, R2: Relation>(
        _ first: KeyPath<Relations, R1>, _ second: KeyPath<Relations, R2>
    ) -> EagerQuery<Self, Loaded<Loaded<Row, R1, R1.Target.Row>, R2, R2.Target.Row>>
    where R1.Source == Self, R2.Source == Self {
        query.including(first, second)
    }
}
