// The named predicates: the core of the query language. Values are always parameters; a
// comparison with nil renders IS NULL / IS NOT NULL.

extension SQLExpression {
    public var isNull: Predicate { Predicate(sqlFragment + SQLFragment(" IS NULL")) }
    public var isNotNull: Predicate { Predicate(sqlFragment + SQLFragment(" IS NOT NULL")) }

    func compare(_ sqlOperator: String, _ value: some PostgresEncodable) -> Predicate {
        .comparison(sqlFragment, sqlOperator, PostgresBinding(value))
    }

    func compare(_ sqlOperator: String, _ other: some SQLExpression) -> Predicate {
        Predicate(sqlFragment + SQLFragment(" \(sqlOperator) ") + other.sqlFragment)
    }
}

extension SQLExpression where Value: PostgresEncodable {
    /// `= $n`; `IS NULL` when `value` is nil.
    public func eq(_ value: Value) -> Predicate { value.isPostgresNull ? isNull : compare("=", value) }
    /// `<> $n`; `IS NOT NULL` when `value` is nil. Like SQL, rows where the column is NULL do not match.
    public func ne(_ value: Value) -> Predicate { value.isPostgresNull ? isNotNull : compare("<>", value) }
    public func lt(_ value: Value) -> Predicate { compare("<", value) }
    public func le(_ value: Value) -> Predicate { compare("<=", value) }
    public func gt(_ value: Value) -> Predicate { compare(">", value) }
    public func ge(_ value: Value) -> Predicate { compare(">=", value) }

    /// `IS DISTINCT FROM $n`: NULL-safe inequality (NULL differs from a value).
    public func isDistinct(from value: Value) -> Predicate { compare("IS DISTINCT FROM", value) }

    /// `BETWEEN $n AND $m` (inclusive).
    public func between(_ lower: Value, and upper: Value) -> Predicate {
        Predicate(
            sqlFragment + SQLFragment(" BETWEEN ") + SQLFragment(binding: PostgresBinding(lower))
                + SQLFragment(" AND ") + SQLFragment(binding: PostgresBinding(upper)))
    }

    /// `= ANY($n)` with the values as one array parameter: one statement text whatever the
    /// count (an empty list matches nothing).
    public func `in`(_ values: [Value]) -> Predicate { arrayComparison(" = ANY(", values) }

    /// `<> ALL($n)` (an empty list matches every non-NULL value).
    public func notIn(_ values: [Value]) -> Predicate { arrayComparison(" <> ALL(", values) }

    func arrayComparison(_ opening: String, _ values: [Value]) -> Predicate {
        Predicate(sqlFragment + SQLFragment(opening) + SQLFragment(binding: PostgresBinding(values)) + SQLFragment(")"))
    }
}

extension SQLExpression {
    /// Compares two expressions of the same type (`$0.updatedAt.eq($0.createdAt)`).
    public func eq(_ other: some SQLExpression<Value>) -> Predicate { compare("=", other) }
    public func ne(_ other: some SQLExpression<Value>) -> Predicate { compare("<>", other) }
    public func lt(_ other: some SQLExpression<Value>) -> Predicate { compare("<", other) }
    public func le(_ other: some SQLExpression<Value>) -> Predicate { compare("<=", other) }
    public func gt(_ other: some SQLExpression<Value>) -> Predicate { compare(">", other) }
    public func ge(_ other: some SQLExpression<Value>) -> Predicate { compare(">=", other) }
}

/// Text values: `String` and `String?` columns get LIKE and ILIKE.
public protocol TextValue {}
extension String: TextValue {}
extension Optional: TextValue where Wrapped == String {}

extension SQLExpression where Value: TextValue {
    /// `LIKE $n` (`%` and `_` are wildcards; escape them with `\`).
    public func like(_ pattern: String) -> Predicate { compare("LIKE", pattern) }
    /// `ILIKE $n`: case-insensitive LIKE.
    public func ilike(_ pattern: String) -> Predicate { compare("ILIKE", pattern) }
}

extension Predicate {
    /// `left operator $n`: every comparison of an expression with a bound value has this shape
    /// (the typed operators above, and generated `find`'s key lookup).
    static func comparison(_ left: SQLFragment, _ sqlOperator: String, _ value: PostgresBinding) -> Predicate {
        var parts = left.parts
        parts.append(.text(" " + sqlOperator + " "))
        parts.append(.binding(value))
        return Predicate(SQLFragment(parts: parts))
    }
}
