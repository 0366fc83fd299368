import Foundation

// Typed value expressions over columns: arithmetic, coalesce, greatest/least, text functions,
// the clock, CASE and casts. Named methods rather than operators, so they add nothing to the
// type checker's work on ordinary arithmetic in an app. Each gives an `Expression<Value>`, which
// selects, orders, groups, compares in `where`, and sets patch fields with `.expression(...)`:
//
//     Job.update { job, row in job.status = .expression(.case(when: row.attempts.ge(3), then: .failed, else: .queued)) }
//     MemoryObject.select { $0.importance.times($0.recall) }

extension SQLFragment {
    /// A value as a parameter, or a parenthesized expression.
    static func operand(_ value: some PostgresEncodable) -> SQLFragment { SQLFragment(binding: PostgresBinding(value)) }
    static func operand(_ expression: some SQLExpression) -> SQLFragment { SQLFragment("(") + expression.sqlFragment + SQLFragment(")") }
}

extension SQLExpression {
    fileprivate func binary<Result>(_ op: String, _ rhs: SQLFragment) -> Expression<Result> {
        Expression(SQLFragment.operand(self) + SQLFragment(" \(op) ") + rhs)
    }
}

extension SQLExpression where Value: PatchArithmetic {
    public func plus(_ value: Value) -> Expression<Value> { binary("+", .operand(value)) }
    public func plus(_ other: some SQLExpression<Value>) -> Expression<Value> { binary("+", .operand(other)) }
    public func minus(_ value: Value) -> Expression<Value> { binary("-", .operand(value)) }
    public func minus(_ other: some SQLExpression<Value>) -> Expression<Value> { binary("-", .operand(other)) }
    public func times(_ value: Value) -> Expression<Value> { binary("*", .operand(value)) }
    public func times(_ other: some SQLExpression<Value>) -> Expression<Value> { binary("*", .operand(other)) }
    /// Integer division on integer columns, as in SQL.
    public func dividedBy(_ value: Value) -> Expression<Value> { binary("/", .operand(value)) }
    public func dividedBy(_ other: some SQLExpression<Value>) -> Expression<Value> { binary("/", .operand(other)) }
}

extension SQLExpression where Value: PostgresEncodable {
    /// `greatest(self, $n)`: NULLs are ignored, as in PostgreSQL.
    public func greatest(_ value: Value) -> Expression<Value> { calling("greatest", with: [.operand(value)]) }
    public func greatest(_ other: some SQLExpression<Value>) -> Expression<Value> { calling("greatest", with: [other.sqlFragment]) }
    public func least(_ value: Value) -> Expression<Value> { calling("least", with: [.operand(value)]) }
    public func least(_ other: some SQLExpression<Value>) -> Expression<Value> { calling("least", with: [other.sqlFragment]) }

    /// `($n)::type`-style cast of this expression to another Swift type's PostgreSQL type
    /// (`$0.score.cast(to: Double.self)`, `$0.label.cast(to: JobStatus.self)`).
    public func cast<Target: PostgresEncodable>(to target: Target.Type) -> Expression<Target> {
        let type = Target.postgresType
        // A type known by name (an enum, `vector`) carries its SQL spelling; a built-in one is quoted.
        return cast(type.needsResolution ? type.name : SQLFragment.quoted(type.name))
    }
}

extension SQLExpression where Value: SQLOptional, Value.Wrapped: PostgresEncodable {
    /// `coalesce(self, $n)`: the value, or `fallback` where it is NULL.
    public func coalesce(_ fallback: Value.Wrapped) -> Expression<Value.Wrapped> {
        calling("coalesce", with: [.operand(fallback)])
    }
    /// `coalesce(self, other)`.
    public func coalesce(_ other: some SQLExpression<Value.Wrapped>) -> Expression<Value.Wrapped> {
        calling("coalesce", with: [other.sqlFragment])
    }
}

extension SQLExpression where Value: TextValue & PostgresEncodable {
    /// `self || $n`.
    public func concat(_ text: String) -> Expression<Value> { binary("||", .operand(text)) }
    /// `self || other`.
    public func concat(_ other: some SQLExpression<Value>) -> Expression<Value> { binary("||", .operand(other)) }
    public func lower() -> Expression<Value> { calling("lower") }
    public func upper() -> Expression<Value> { calling("upper") }
}

extension Column {
    /// In an upsert's `doUpdate`: the value the insert proposed for this column, `EXCLUDED."name"`.
    public var excluded: Expression<Value> { Expression(.excluded(name)) }
}

extension Expression where Value == Date {
    /// `now()`: the transaction's start time.
    public static var now: Expression { Expression(SQLFragment("now()")) }
    /// `CURRENT_DATE` in the session's time zone.
    public static var currentDate: Expression { Expression(SQLFragment("CURRENT_DATE")) }
}

extension Expression where Value: PostgresEncodable {
    /// A value as a parameter, where an expression is expected (`.value(3)`).
    public static func value(_ value: Value) -> Expression { Expression(.operand(value)) }

    /// `CASE WHEN condition THEN $n ELSE $m END`.
    public static func `case`(when condition: Predicate, then value: Value, else otherwise: Value) -> Expression {
        `case`([(condition, Expression.value(value))], else: Expression.value(otherwise))
    }

    /// `CASE WHEN c1 THEN e1 WHEN c2 THEN e2 ... ELSE e END`, over expressions.
    public static func `case`(_ branches: [(when: Predicate, then: Expression)], else otherwise: Expression) -> Expression {
        var sql = SQLFragment("CASE")
        for branch in branches {
            sql.append(" WHEN ")
            sql.append(branch.when.sqlFragment)
            sql.append(" THEN ")
            sql.append(branch.then.sqlFragment)
        }
        sql.append(" ELSE ")
        sql.append(otherwise.sqlFragment)
        sql.append(" END")
        return Expression(sql)
    }
}

extension Column {
    /// This column as an expression (to pass where an `Expression` is expected, as in `case`).
    public var expression: Expression<Value> { Expression(sqlFragment) }
}

extension Patchable {
    /// Sets the field to a typed expression over the row's columns (`.expression(row.a.plus(row.b))`),
    /// computed by the server; the expression's value type must be the field's.
    public static func expression(_ expression: some SQLExpression<Value>) -> Patchable {
        computed(from: expression.sqlFragment)
    }

    /// The concrete form, so implicit members read: `.expression(.case(when: ..., then: .failed, else: .queued))`.
    public static func expression(_ expression: Expression<Value>) -> Patchable {
        computed(from: expression.sqlFragment)
    }

    private static func computed(from fragment: SQLFragment) -> Patchable {
        .computed(PatchExpression { _ in fragment })
    }
}

extension TuskTable {
    /// An update whose closure also gets the table's columns, for fields set from other columns:
    /// `MemoryObject.update { patch, row in patch.recall = .expression(row.recall.times(row.importance.cast(to: Double.self))) }`.
    public static func update(_ build: (inout Patch, Columns) -> Void) -> UpdateStatement<Self> {
        var patch = Patch()
        build(&patch, columns)
        return UpdateStatement(patch: patch)
    }
}

extension ConflictClause {
    /// `DO UPDATE SET ...` with the table's columns as well (`row.recall.excluded` is the proposed value).
    public func doUpdate(_ build: (inout Table.Patch, Table.Columns) -> Void) -> InsertStatement<Table> {
        doUpdate { patch in build(&patch, Table.columns) }
    }
}
