import Foundation

// Aggregate functions as typed expressions, usable in `select`, `order` and `having`:
// `Document.groupBy { $0.userId }.select { ($0.userId, $0.id.count(), $0.score.avg()) }`.
// The result types are the ones PostgreSQL returns; every aggregate but count is NULL over no rows.

/// Values PostgreSQL sums and averages, with the types `sum` and `avg` return for them
/// (optional: NULL when no row has a value).
public protocol SQLSummable {
    /// `sum`: bigint for smallint and integer, numeric for bigint and numeric, the same type for floats.
    associatedtype SQLSum: PostgresDecodable
    /// `avg`: numeric for integers and numeric, double precision for floats.
    associatedtype SQLAverage: PostgresDecodable
}

extension Int16: SQLSummable {
    public typealias SQLSum = Int64?
    public typealias SQLAverage = Decimal?
}
extension Int32: SQLSummable {
    public typealias SQLSum = Int64?
    public typealias SQLAverage = Decimal?
}
extension Int64: SQLSummable {
    public typealias SQLSum = Decimal?
    public typealias SQLAverage = Decimal?
}
extension Int: SQLSummable {
    public typealias SQLSum = Decimal?
    public typealias SQLAverage = Decimal?
}
extension Decimal: SQLSummable {
    public typealias SQLSum = Decimal?
    public typealias SQLAverage = Decimal?
}
extension Float: SQLSummable {
    public typealias SQLSum = Float?
    public typealias SQLAverage = Double?
}
extension Double: SQLSummable {
    public typealias SQLSum = Double?
    public typealias SQLAverage = Double?
}
extension PostgresInterval: SQLSummable {
    public typealias SQLSum = PostgresInterval?
    public typealias SQLAverage = PostgresInterval?
}
extension Optional: SQLSummable where Wrapped: SQLSummable {
    public typealias SQLSum = Wrapped.SQLSum
    public typealias SQLAverage = Wrapped.SQLAverage
}

/// Optional values: an aggregate or outer-join column over them is optional once, not twice;
/// `coalesce` over them gives the `Wrapped` value.
public protocol SQLOptional { associatedtype Wrapped }
extension Optional: SQLOptional {}

extension SQLExpression {
    /// `function(prefix self, more...)`: aggregates, and the value functions of ValueExpressions.swift.
    func calling<Result>(_ function: String, prefix: String = "", with more: [SQLFragment] = []) -> Expression<Result> {
        Expression(SQLFragment(function + "(" + prefix) + SQLFragment.joined([sqlFragment] + more, separator: ", ") + SQLFragment(")"))
    }

    /// `(self)::type`.
    func cast<Target>(_ sqlType: String) -> Expression<Target> {
        Expression<Target>(SQLFragment("(") + sqlFragment + SQLFragment(")::" + sqlType))
    }

    /// `count(expr)`: the rows where the expression is not NULL.
    public func count() -> Expression<Int64> { calling("count") }
    /// `count(DISTINCT expr)`: the different non-NULL values.
    public func countDistinct() -> Expression<Int64> { calling("count", prefix: "DISTINCT ") }

    /// `max(expr)`: NULL (nil) over no rows.
    public func max() -> Expression<Value?> { calling("max") }
    /// `min(expr)`: NULL (nil) over no rows.
    public func min() -> Expression<Value?> { calling("min") }

    /// The expression as an optional value, for a column that can be NULL in a result although
    /// its table declares it NOT NULL: the right side of a left join.
    public var optional: Expression<Value?> { Expression(sqlFragment) }
}

extension SQLExpression where Value: SQLOptional {
    public func max() -> Expression<Value> { calling("max") }
    public func min() -> Expression<Value> { calling("min") }
    public var optional: Expression<Value> { Expression(sqlFragment) }
}

extension SQLExpression where Value: SQLSummable {
    /// `sum(expr)`: see ``SQLSummable`` for the type; nil over no rows.
    public func sum() -> Expression<Value.SQLSum> { calling("sum") }
    /// `avg(expr)`: see ``SQLSummable`` for the type; nil over no rows.
    public func avg() -> Expression<Value.SQLAverage> { calling("avg") }
}

/// `count(*)`: the rows (of each group).
public func count() -> Expression<Int64> { Expression(SQLFragment("count(*)")) }

/// `count(DISTINCT expr)`: the different non-NULL values of `expression`.
public func count<E: SQLExpression>(distinct expression: E) -> Expression<Int64> { expression.countDistinct() }
