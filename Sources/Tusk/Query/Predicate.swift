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
    /// A tenant table's condition (``TenantColumn``): part of the statement only when a tenant's
    /// runner runs it. Combined with AND, it goes last, its `AND` rendered with it.
    let onlyForTenant: Bool

    /// A condition written in SQL (trusted text; values as fragments with bindings).
    public init(_ fragment: SQLFragment) {
        self.sqlFragment = fragment
        self.kind = .atom
        self.onlyForTenant = false
    }

    init(_ fragment: SQLFragment, kind: Kind, invalid: QueryError? = nil, onlyForTenant: Bool = false) {
        self.sqlFragment = fragment
        self.kind = kind
        self.invalid = invalid
        self.onlyForTenant = onlyForTenant
    }

    /// A condition that makes the statement throw `error` when it is rendered.
    init(invalid error: QueryError) {
        self.init(SQLFragment("FALSE"), kind: .atom, invalid: error)
    }

    public static let always = Predicate(SQLFragment("TRUE"))
    public static let never = Predicate(SQLFragment("FALSE"))

    /// Every condition holds (`TRUE` when there are none).
    public static func and(_ predicates: [Predicate]) -> Predicate {
        let tenantConditions = predicates.filter(\.onlyForTenant)
        guard !tenantConditions.isEmpty else { return combine(predicates, kind: .and, keyword: " AND ", empty: .always) }
        let tenantOnly = combine(tenantConditions, kind: .and, keyword: " AND ", empty: .always)
        let always = predicates.filter { !$0.onlyForTenant }
        if always.isEmpty {
            return Predicate(tenantOnly.sqlFragment, kind: .and, invalid: tenantOnly.invalid, onlyForTenant: true)
        }
        let base = combine(always, kind: .and, keyword: " AND ", empty: .always)
        var fragment = base.kind == .or ? SQLFragment("(") + base.sqlFragment + SQLFragment(")") : base.sqlFragment
        fragment.append(tenantOnly.sqlFragment.onlyForTenant(after: " AND "))
        return Predicate(fragment, kind: .and, invalid: base.invalid ?? tenantOnly.invalid)
    }

    /// ` WHERE <condition>` (or `keyword` in its place), the whole clause only for a tenant
    /// when the condition is a tenant's alone.
    func clause(_ keyword: String) -> SQLFragment {
        onlyForTenant ? sqlFragment.onlyForTenant(after: keyword) : SQLFragment(keyword) + sqlFragment
    }

    /// At least one condition holds (`FALSE` when there are none).
    public static func or(_ predicates: [Predicate]) -> Predicate {
        combine(predicates, kind: .or, keyword: " OR ", empty: .never)
    }

    public func and(_ other: Predicate) -> Predicate { .and([self, other]) }
    public func or(_ other: Predicate) -> Predicate { .or([self, other]) }

    public var not: Predicate {
        Predicate(SQLFragment("NOT (") + sqlFragment + SQLFragment(")"), kind: .atom, invalid: invalid, onlyForTenant: onlyForTenant)
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
