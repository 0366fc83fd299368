/// INSERT of one or more rows, returning them as stored (defaults and identities filled).
/// Validators run first: a ``ValidationError`` lists every failing field before anything is sent.
///
/// ```swift
/// let ann = try await db.insert(User.Insert(email: "ann@example.com", name: "Ann", passwordHash: h))
/// try await User.insert(draft).onConflict { [$0.email] }.doUpdate { $0.name = .excluded }.execute(on: db)
/// ```
public struct InsertStatement<Table: TuskTable>: RowReturningStatement {
    let values: [Table.Insert]
    var conflict: Conflict?

    enum Conflict: Sendable {
        case doNothing(target: [String])
        case doUpdate(target: [String], patch: Table.Patch)
    }

    init(values: [Table.Insert]) { self.values = values }

    /// Names the unique columns whose conflict the statement handles; follow with
    /// `doUpdate { }` or `doNothing()`.
    public func onConflict(_ target: (Table.Columns) -> [any ColumnReference]) -> ConflictClause<Table> {
        ConflictClause(insert: self, target: target(Table.columns).map(\.name))
    }

    /// An insert that does nothing on any conflict.
    public func onConflictDoNothing() -> InsertStatement {
        var copy = self
        copy.conflict = .doNothing(target: [])
        return copy
    }

    public func sql() throws -> SQL { try sql(returningList: SQLFragment(Table.selectList)) }

    public func sql(returningList: SQLFragment?) throws -> SQL {
        guard !values.isEmpty else { throw QueryError(.emptyInsert, "insert into \(Table.tableName) of no rows") }
        let rows = try values.map { try $0.columnValues() }
        // Columns that every row leaves to the database are left out; others get DEFAULT where a row has none.
        let columnOrder = rows[0].map(\.column)
        let used = columnOrder.indices.filter { index in
            // The tenant column stays: a tenant's runner fills it where a row leaves it out.
            columnOrder[index] == Table.tenantColumn?.name || rows.contains { row in
                if case .default = row[index].value { return false }
                return true
            }
        }
        var sql = SQLFragment("INSERT INTO " + SQLFragment.target(Table.tableName, quotedRelation: Table.quotedTableName))
        if used.isEmpty {
            guard rows.count == 1 else {
                throw QueryError(.emptyInsert, "insert of several \(Table.tableName) rows that all use every default: insert them one by one")
            }
            sql.append(" DEFAULT VALUES")
        } else {
            sql.append(" (" + used.map { SQLFragment.quoted(columnOrder[$0]) }.joined(separator: ", ") + ") VALUES ")
            let tuples = rows.map { row in
                SQLFragment("(") + SQLFragment.joined(used.map { Self.valueFragment(row[$0]) }, separator: ", ") + SQLFragment(")")
            }
            sql.append(SQLFragment.joined(tuples, separator: ", "))
        }
        switch conflict {
        case nil: break
        case .doNothing(let target):
            sql.append(" ON CONFLICT" + Self.targetText(target) + " DO NOTHING")
        case .doUpdate(let target, let patch):
            sql.append(" ON CONFLICT" + Self.targetText(target) + " DO UPDATE SET ")
            sql.append(try UpdateStatement<Table>.assignments(of: patch))
            // The conflicting row may be another tenant's: a tenant's upsert leaves it alone.
            let tenantRows = Table.rowFilters(as: Table.tableName, includingDeleted: true)
            if !tenantRows.isEmpty {
                sql.append(Predicate.and(tenantRows).clause(" WHERE ").qualifyingColumns(of: Table.tableName))
            }
        }
        if let returningList { sql.append(" RETURNING "); sql.append(returningList) }
        // A plain insert changes only its table; an upsert's update can fire foreign-key actions.
        if case .doUpdate(_, _)? = conflict { return sql.sql.invalidating(tables: Table.writtenTables) }
        return sql.sql.invalidating(tables: [Table.tableName])
    }

    static func targetText(_ target: [String]) -> String {
        target.isEmpty ? "" : " (" + target.map(SQLFragment.quoted).joined(separator: ", ") + ")"
    }

    static func valueFragment(_ value: ColumnValue) -> SQLFragment {
        if let tenant = Table.tenantColumn, tenant.name == value.column { return tenantValueFragment(value, of: tenant) }
        return plainValueFragment(value)
    }

    /// The tenant column's value: checked against a tenant runner's id, or filled with it.
    static func tenantValueFragment(_ value: ColumnValue, of tenant: TenantColumn) -> SQLFragment {
        switch value.value {
        case .binding(let binding): SQLFragment(parts: [.tenantColumnValue(tenant, binding)])
        case .default: SQLFragment(parts: [.tenantColumnValue(tenant, nil)])
        // The value the insert proposed, itself checked or filled.
        case .excluded: plainValueFragment(value)
        case .fragment, .computed: SQLFragment(parts: [.tenantColumnExpression(tenant)]) + plainValueFragment(value)
        }
    }

    static func plainValueFragment(_ value: ColumnValue) -> SQLFragment {
        switch value.value {
        case .binding(let binding): SQLFragment(binding: binding)
        case .default: SQLFragment("DEFAULT")
        case .excluded: .excluded(value.column)
        case .fragment(let fragment): fragment
        // Columns in a computed value are written qualified: in an upsert's DO UPDATE an
        // unqualified name would be ambiguous with EXCLUDED's.
        case .computed(let expression):
            expression.fragment(for: .init(column: value.column, table: Table.tableName)).qualifyingColumns(of: Table.tableName)
        }
    }

    /// Validates every row, then inserts them; returns the stored rows (for `doNothing`, only
    /// the rows actually inserted).
    @discardableResult
    public func execute(on db: some QueryRunner) async throws -> [Table.Row] {
        try validateBeforeRunning()
        return try await db.query(try sql(), as: Table.Row.self)
    }

    public func validateBeforeRunning() throws {
        for value in values { try value.validate() }
        if case .doUpdate(_, let patch) = conflict { try patch.validate() }
    }
}

/// `ON CONFLICT (columns)`, waiting for what to do.
public struct ConflictClause<Table: TuskTable>: Sendable {
    let insert: InsertStatement<Table>
    let target: [String]

    /// `DO UPDATE SET ...`: set fields to values, or to `.excluded` (the value this insert proposed).
    /// `auto_update` columns are set to now() unless the patch sets them.
    public func doUpdate(_ build: (inout Table.Patch) -> Void) -> InsertStatement<Table> {
        var patch = Table.Patch()
        build(&patch)
        var statement = insert
        statement.conflict = .doUpdate(target: target, patch: patch)
        return statement
    }

    /// `DO NOTHING`: the conflicting row is kept as it is and not returned.
    public func doNothing() -> InsertStatement<Table> {
        var statement = insert
        statement.conflict = .doNothing(target: target)
        return statement
    }
}

extension TuskTable {
    public static func insert(_ value: Insert) -> InsertStatement<Self> { InsertStatement(values: [value]) }
    public static func insert(_ values: [Insert]) -> InsertStatement<Self> { InsertStatement(values: values) }
}

extension QueryRunner {
    /// Validates and inserts one row; returns it as stored.
    public func insert<Value: TuskInsert>(_ value: Value) async throws -> Value.Table.Row where Value.Table.Insert == Value {
        let rows = try await InsertStatement<Value.Table>(values: [value]).execute(on: self)
        guard let row = rows.first else {
            throw QueryError(.emptyInsert, "insert into \(Value.Table.tableName) returned no row")
        }
        return row
    }

    /// Validates every row, then inserts them in one statement; returns them as stored, in order.
    @discardableResult
    public func insert<Value: TuskInsert>(_ values: [Value]) async throws -> [Value.Table.Row] where Value.Table.Insert == Value {
        try await InsertStatement<Value.Table>(values: values).execute(on: self)
    }
}
