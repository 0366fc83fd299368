/// A statement that writes rows and can return them: insert (with or without `onConflict`),
/// update and delete. `.returning()` gives the rows as stored; `.returning { ($0.id, $0.status) }`
/// only the expressions chosen, decoded as a tuple.
public protocol RowReturningStatement<Table>: Sendable {
    associatedtype Table: TuskTable
    /// The statement, with `RETURNING <returningList>` when one is given.
    func sql(returningList: SQLFragment?) throws -> SQL
    /// Checks made before anything is sent (validators).
    func validateBeforeRunning() throws
    /// Runs after the statement returned `rowCount` rows: `update(row)` of a versioned table
    /// throws ``VersionConflict`` here when it changed nothing.
    func checkAfterRunning(rowCount: Int, on db: some QueryRunner) async throws
}

extension RowReturningStatement {
    public func checkAfterRunning(rowCount: Int, on db: some QueryRunner) async throws {}

    /// The written rows, as stored (defaults, identities and triggers applied).
    public func returning() -> ReturningRows<Self> { ReturningRows(statement: self) }

    /// Chosen expressions of each written row: `Job.delete().where { ... }.returning { ($0.id, $0.queue) }`.
    public func returning<each Selected: SQLExpression>(
        _ build: (Table.Columns) -> (repeat each Selected)
    ) -> ReturningProjection<Self, repeat (each Selected).Value> where repeat (each Selected).Value: PostgresDecodable {
        let selected = build(Table.columns)
        return ReturningProjection(statement: self, selection: SQLFragment.selectionList(repeat each selected))
    }

    /// One expression of each written row (written out: Swift does not infer a one-element pack).
    public func returning<Selected: SQLExpression>(
        _ build: (Table.Columns) -> Selected
    ) -> ReturningProjection<Self, Selected.Value> where Selected.Value: PostgresDecodable {
        ReturningProjection(statement: self, selection: build(Table.columns).sqlFragment)
    }
}

/// A write returning its rows as stored.
public struct ReturningRows<Statement: RowReturningStatement>: Sendable {
    let statement: Statement

    public func sql() throws -> SQL { try statement.sql(returningList: SQLFragment(Statement.Table.selectList)) }

    @discardableResult
    public func execute(on db: some QueryRunner) async throws -> [Statement.Table.Row] {
        try statement.validateBeforeRunning()
        let rows = try await db.query(try sql(), as: Statement.Table.Row.self)
        try await statement.checkAfterRunning(rowCount: rows.count, on: db)
        return rows
    }
}

/// A write returning chosen expressions of each row, as tuples.
public struct ReturningProjection<Statement: RowReturningStatement, each Value: PostgresDecodable>: Sendable {
    let statement: Statement
    let selection: SQLFragment

    public func sql() throws -> SQL { try statement.sql(returningList: selection) }

    @discardableResult
    public func execute(on db: some QueryRunner) async throws -> [(repeat each Value)] {
        try statement.validateBeforeRunning()
        let rows = try await db.query(try sql(), as: repeat (each Value).self)
        try await statement.checkAfterRunning(rowCount: rows.count, on: db)
        return rows
    }
}
