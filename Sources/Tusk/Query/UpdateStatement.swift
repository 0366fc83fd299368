/// UPDATE with a typed patch. Without `where`, it must say `.all()`: an unfiltered update is
/// refused with ``QueryError/Kind/missingWhere``. `auto_update` columns are set to `now()`.
///
/// ```swift
/// try await User.update { $0.name = "Ann B." }.where { $0.id == ann.id }.execute(on: db)
/// ```
public struct UpdateStatement<Table: TuskTable>: RowReturningStatement, TableFiltering {
    let patch: Table.Patch
    public var clauses = QueryClauses()
    var everyRow = false
    /// `update(row)`: the row as read, whose key (and version) the update matches.
    var original: Table.Row?

    init(patch: Table.Patch) { self.patch = patch }

    /// Updates every row of the table, on purpose.
    public func all() -> UpdateStatement {
        var copy = self
        copy.everyRow = true
        return copy
    }

    public func sql(returning: Bool = false) throws -> SQL {
        try sql(returningList: returning ? SQLFragment(Table.selectList) : nil)
    }

    public func sql(returningList: SQLFragment?) throws -> SQL {
        guard !clauses.predicates.isEmpty || everyRow else {
            throw QueryError(
                .missingWhere,
                "update of \(Table.tableName) without where: add .where { ... }, or .all() to update every row")
        }
        var sql = SQLFragment("UPDATE " + SQLFragment.target(Table.tableName, quotedRelation: Table.quotedTableName) + " SET ")
        sql.append(try Self.assignments(of: patch))
        // A tenant's update reaches its own rows, soft-deleted ones included.
        let conditions = clauses.predicates + Table.rowFilters(as: Table.tableName, includingDeleted: true)
        sql.append(try SQLFragment.clauses(where: conditions, orderBy: [], limit: nil, offset: nil))
        if let returningList { sql.append(" RETURNING "); sql.append(returningList) }
        return sql.sql.invalidating(tables: Table.writtenTables)
    }

    /// `"a" = $1, "b" = EXCLUDED."b", "updated_at" = now()`.
    static func assignments(of patch: Table.Patch) throws -> SQLFragment {
        var values = try patch.columnValues()
        let set = Set(values.map(\.column))
        for column in Table.autoUpdateColumns where !set.contains(column) {
            values.append(ColumnValue(column, .fragment(SQLFragment("now()"))))
        }
        if let version = Table.versionColumn, !set.contains(version) {
            let current = SQLFragment.quoted(Table.tableName) + "." + SQLFragment.quoted(version)
            values.append(ColumnValue(version, .fragment(SQLFragment(current + " + 1"))))
        }
        guard !values.isEmpty else {
            throw QueryError(.emptyPatch, "update of \(Table.tableName) sets no column: set at least one field of the patch")
        }
        return SQLFragment.joined(
            values.map { SQLFragment(SQLFragment.quoted($0.column) + " = ") + InsertStatement<Table>.valueFragment($0) },
            separator: ", ")
    }

    /// Validates the patch and runs the update; returns the number of rows changed.
    /// For `update(row)` of a versioned table, throws ``VersionConflict`` when the row changed since.
    @discardableResult
    public func execute(on db: some QueryRunner) async throws -> Int {
        try patch.validate()
        let count = try await db.run(try sql())
        if count == 0 { try await checkConflict(on: db) }
        return count
    }

    /// Validates the patch and runs the update; returns the changed rows as stored (the same
    /// as `.returning().execute(on:)`).
    @discardableResult
    public func executeReturning(on db: some QueryRunner) async throws -> [Table.Row] {
        try await returning().execute(on: db)
    }

    public func validateBeforeRunning() throws { try patch.validate() }

    public func checkAfterRunning(rowCount: Int, on db: some QueryRunner) async throws {
        if rowCount == 0 { try await checkConflict(on: db) }
    }

    /// After `update(row)` changed nothing on a versioned table: the row is still there under
    /// another version, so another writer got there first.
    func checkConflict(on db: some QueryRunner) async throws {
        guard let original, Table.versionColumn != nil, let key = Table.primaryKeyPredicate(of: original) else { return }
        if let current = try await Table.where({ _ in key }).withDeleted().first(on: db) {
            throw VersionConflict<Table>(current: current)
        }
    }
}

/// An `update(row)` of a `version_column:` table found the row changed by another writer since
/// it was read. `current` is the row as it is now: merge and retry, or report the conflict.
public struct VersionConflict<Table: TuskTable>: Error, @unchecked Sendable, CustomStringConvertible {
    // Table.Row is Sendable (TuskTable requires it); the conditional conformance is not inferred.
    public let current: Table.Row

    public var description: String {
        "\(Table.tableName): the row was changed by another writer since it was read (\(Table.versionColumn ?? "version") moved on); current row: \(current)"
    }
}

/// DELETE. Without `where`, it must say `.all()`. On a `soft_delete:` table it sets the
/// column to now() on rows not yet deleted (an UPDATE) unless it says `.hardDelete()`.
public struct DeleteStatement<Table: TuskTable>: RowReturningStatement, TableFiltering {
    public var clauses = QueryClauses()
    var everyRow = false
    var isHard = false

    /// Deletes every row of the table, on purpose.
    public func all() -> DeleteStatement {
        var copy = self
        copy.everyRow = true
        return copy
    }

    /// Really deletes rows of a `soft_delete:` table.
    public func hardDelete() -> DeleteStatement {
        var copy = self
        copy.isHard = true
        return copy
    }

    public func sql(returning: Bool = false) throws -> SQL {
        try sql(returningList: returning ? SQLFragment(Table.selectList) : nil)
    }

    public func sql(returningList: SQLFragment?) throws -> SQL {
        guard !clauses.predicates.isEmpty || everyRow else {
            throw QueryError(
                .missingWhere,
                "delete from \(Table.tableName) without where: add .where { ... }, or .all() to delete every row")
        }
        var sql: SQLFragment
        let isSoft = !isHard && Table.softDeleteColumn != nil
        if !isHard, let column = Table.softDeleteColumn {
            sql = SQLFragment("UPDATE " + SQLFragment.target(Table.tableName, quotedRelation: Table.quotedTableName) + " SET " + SQLFragment.quoted(column) + " = now()")
        } else {
            sql = SQLFragment("DELETE FROM " + SQLFragment.target(Table.tableName, quotedRelation: Table.quotedTableName))
        }
        // A soft delete skips rows already deleted; a hard one reaches them (a tenant's, for a tenant).
        let conditions = clauses.predicates + Table.rowFilters(as: Table.tableName, includingDeleted: !isSoft)
        sql.append(try SQLFragment.clauses(where: conditions, orderBy: [], limit: nil, offset: nil))
        if let returningList { sql.append(" RETURNING "); sql.append(returningList) }
        return sql.sql.invalidating(tables: Table.writtenTables)
    }

    /// Returns the number of rows deleted.
    @discardableResult
    public func execute(on db: some QueryRunner) async throws -> Int { try await db.run(try sql()) }

    /// A delete checks nothing before it runs.
    public func validateBeforeRunning() throws {}

    /// Returns the deleted rows (the same as `.returning().execute(on:)`).
    @discardableResult
    public func executeReturning(on db: some QueryRunner) async throws -> [Table.Row] {
        try await returning().execute(on: db)
    }
}

extension TuskTable {
    /// An update setting the fields `build` sets: `User.update { $0.name = "Ann" }`.
    public static func update(_ build: (inout Patch) -> Void) -> UpdateStatement<Self> {
        var patch = Patch()
        build(&patch)
        return UpdateStatement(patch: patch)
    }

    public static func update(_ patch: Patch) -> UpdateStatement<Self> { UpdateStatement(patch: patch) }

    /// An update of this row (matched by its primary key). On a `version_column:` table it also
    /// matches the version read, and throws ``VersionConflict`` (with the current row) when
    /// another writer updated the row first.
    public static func update(_ row: Row, _ build: (inout Patch) -> Void) -> UpdateStatement<Self> {
        var patch = Patch()
        build(&patch)
        var statement = UpdateStatement<Self>(patch: patch)
        statement.original = row
        // No primary key: nothing identifies the row, so the update matches nothing.
        statement.clauses.predicates = [primaryKeyPredicate(of: row) ?? .never]
        if let version = versionPredicate(of: row) { statement.clauses.predicates.append(version) }
        return statement
    }

    public static func delete() -> DeleteStatement<Self> { DeleteStatement() }
}
