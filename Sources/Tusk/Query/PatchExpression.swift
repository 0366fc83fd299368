import Foundation

/// A patch field's new value computed by the server: from the column's current value
/// (`patch.accessCount += 1` sets `"access_count" = "memory_objects"."access_count" + $1`) or
/// from nothing (`patch.lastAccessed = .now`). Operands are always parameters; the column is
/// named by the statement that renders the patch, so a misspelt field is a compile error and the
/// operand must have the column's Swift type.
public struct PatchExpression: Sendable {
    /// The column the value is written to, as the rendering statement names it.
    struct Target: Sendable {
        let column: String
        let table: String
        /// Its current value, qualified: `"memory_objects"."recall"`.
        var current: SQLFragment { .column(column, of: table, qualified: true) }
    }

    let render: @Sendable (Target) -> SQLFragment

    init(_ render: @escaping @Sendable (Target) -> SQLFragment) { self.render = render }

    func fragment(for target: Target) -> SQLFragment { render(target) }
}

extension Patchable {
    /// The field's value before an operator is applied: the column itself when unchanged, else
    /// what the patch already holds (`patch.n = 5; patch.n += 1` sets `($1 + $2)`, 6).
    fileprivate func current(encode: @escaping @Sendable (Value) -> PostgresBinding) -> @Sendable (PatchExpression.Target) -> SQLFragment {
        switch self {
        case .unchanged: return { target in target.current }
        case .set(let value):
            let binding = encode(value)
            return { _ in SQLFragment(binding: binding) }
        case .excluded: return { target in .excluded(target.column) }
        case .expression(let fragment): return { _ in SQLFragment("(") + fragment + SQLFragment(")") }
        case .computed(let expression): return { target in SQLFragment("(") + expression.fragment(for: target) + SQLFragment(")") }
        }
    }

    fileprivate static func applying(_ op: String, to lhs: Patchable, _ rhs: Value) -> Patchable where Value: PostgresEncodable {
        let current = lhs.current { PostgresBinding($0) }
        let operand = PostgresBinding(rhs)
        return .computed(PatchExpression { target in current(target) + SQLFragment(" \(op) ") + SQLFragment(binding: operand) })
    }
}

/// Numbers a patch can do arithmetic on, and their optionals (NULL stays NULL, as in SQL).
public protocol PatchArithmetic: PostgresEncodable {}
extension Int16: PatchArithmetic {}
extension Int32: PatchArithmetic {}
extension Int64: PatchArithmetic {}
extension Int: PatchArithmetic {}
extension Float: PatchArithmetic {}
extension Double: PatchArithmetic {}
extension Decimal: PatchArithmetic {}
extension Optional: PatchArithmetic where Wrapped: PatchArithmetic {}

extension Patchable where Value: PatchArithmetic {
    /// `patch.accessCount += 1`: `"access_count" + $1`, computed by the server at update time.
    public static func += (lhs: inout Patchable, rhs: Value) { lhs = applying("+", to: lhs, rhs) }
    /// `patch.credits -= 5`: `"credits" - $1`.
    public static func -= (lhs: inout Patchable, rhs: Value) { lhs = applying("-", to: lhs, rhs) }
    /// `patch.importance *= 0.9`: `"importance" * $1`.
    public static func *= (lhs: inout Patchable, rhs: Value) { lhs = applying("*", to: lhs, rhs) }
    /// `patch.score /= 2`: `"score" / $1` (integer division on integer columns, as in SQL).
    public static func /= (lhs: inout Patchable, rhs: Value) { lhs = applying("/", to: lhs, rhs) }
}

/// Text fields (`String`, `String?`: ``TextValue``) append; NULL stays NULL, as in SQL.
extension Patchable where Value: TextValue & PostgresEncodable {
    /// `patch.content += " (edited)"`: `"content" || $1`.
    public static func += (lhs: inout Patchable, rhs: Value) { lhs = applying("||", to: lhs, rhs) }
}

extension Patchable where Value == Date {
    /// The transaction's start time, `now()`, as the server sees it.
    public static var now: Patchable { .computed(PatchExpression { _ in SQLFragment("now()") }) }
    /// Today in the session's time zone, `CURRENT_DATE` (for `date` columns).
    public static var currentDate: Patchable { .computed(PatchExpression { _ in SQLFragment("CURRENT_DATE") }) }
}

extension Patchable where Value == Date? {
    /// The transaction's start time, `now()`, as the server sees it.
    public static var now: Patchable { .computed(PatchExpression { _ in SQLFragment("now()") }) }
    /// Today in the session's time zone, `CURRENT_DATE` (for `date` columns).
    public static var currentDate: Patchable { .computed(PatchExpression { _ in SQLFragment("CURRENT_DATE") }) }
}
