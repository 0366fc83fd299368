/// A boolean SQL condition, built from column predicates and combined with `and`/`or`/`not`
/// (or `&&`, `||`, `!`). Operands are parenthesized where precedence needs it, so the text is
/// the same for the same shape.
public struct Predicate: Sendable {
    enum Kind: Sendable { case atom, and, or }

    public let sqlFragment: SQLFragment
    let kind: Kind
    /// Why this condition cannot be sent (a subquery that cannot render); the statement's
    /// `sql()` throws it. Conditions are built in non-throwing closures, so the error waits.
    var invalid: QueryError?

    /// A condition written in SQL (trusted text; values as fragments with bindings).
    public init(_ fragment: SQLFragment) {
        self.sqlFragment = fragment
        self.kind = .atom
    }

    init(_ fragment: SQLFragment, kind: Kind, invalid: QueryError? = nil) {
        self.sqlFragment = fragment
        self.kind = kind
        self.invalid = invalid
    }

    /// A condition that makes the statement throw `error` when it is rendered.
    init(invalid error: QueryError) {
        self.init(SQLFragment("FALSE"), kind: .atom, invalid: error)
    }

    public static let always = Predicate(SQLFragment("TRUE"))
    public static let never = Predicate(SQLFragment("FALSE"))

    /// Every condition holds (`TRUE` when there are none).
    public static func and(_ predicates: [Predicate]) -> Predicate {
        combine(predicates, kind: .and, keyword: " AND ", empty: .always)
    }

    /// At least one condition holds (`FALSE` when there are none).
    public static func or(_ predicates: [Predicate]) -> Predicate {
        combine(predicates, kind: .or, keyword: " OR ", empty: .never)
    }

    public func and(_ other: Predicate) -> Predicate { .and([self, other]) }
    public func or(_ other: Predicate) -> Predicate { .or([self, other]) }

    public var not: Predicate {
        Predicate(SQLFragment("NOT (") + sqlFragment + SQLFragment(")"), kind: .atom, invalid: invalid)
    }

    static func combine(_ predicates: [Predicate], kind: Kind, keyword: String, empty: Predicate) -> Predicate {
        if predicates.isEmpty { return empty }
        if predicates.count == 1 { return predicates[0] }
        var fragment = SQLFragment(parts: [])
        for (index, predicate) in predicates.enumerated() {
            if index > 0 { fragment.append(keyword) }
            // Same-kind operands flatten (a AND b AND c); the other kind gets parentheses.
            if predicate.kind == .atom || predicate.kind == kind {
                fragment.append(predicate.sqlFragment)
            } else {
                fragment.append("(")
                fragment.append(predicate.sqlFragment)
                fragment.append(")")
            }
        }
        return Predicate(fragment, kind: kind, invalid: predicates.lazy.compactMap(\.invalid).first)
    }

    /// Throws the first reason one of `predicates` cannot be sent.
    static func check(_ predicates: [Predicate]) throws {
        if let error = predicates.lazy.compactMap(\.invalid).first { throw error }
    }

    public static func && (lhs: Predicate, rhs: Predicate) -> Predicate { .and([lhs, rhs]) }
    public static func || (lhs: Predicate, rhs: Predicate) -> Predicate { .or([lhs, rhs]) }
    public static prefix func ! (predicate: Predicate) -> Predicate { predicate.not }
}
