/// One ORDER BY term: an expression, its direction and where NULLs go.
public struct OrderTerm: Sendable {
    public enum Nulls: String, Sendable { case first = "NULLS FIRST", last = "NULLS LAST" }

    public let expression: SQLFragment
    public var isDescending: Bool
    public var nulls: Nulls?
    /// Reads the term's value from a row, for keyset pagination (columns only).
    let keysetBinding: (@Sendable (Any) -> PostgresBinding?)?

    public init(_ expression: SQLFragment, descending: Bool = false, nulls: Nulls? = nil) {
        self.init(expression, descending: descending, nulls: nulls, keysetBinding: nil)
    }

    init(_ expression: SQLFragment, descending: Bool, nulls: Nulls?, keysetBinding: (@Sendable (Any) -> PostgresBinding?)?) {
        self.expression = expression
        self.isDescending = descending
        self.nulls = nulls
        self.keysetBinding = keysetBinding
    }

    public var nullsFirst: OrderTerm { with(nulls: .first) }
    public var nullsLast: OrderTerm { with(nulls: .last) }

    func with(nulls: Nulls) -> OrderTerm {
        var copy = self
        copy.nulls = nulls
        return copy
    }

    var sqlFragment: SQLFragment {
        var fragment = expression
        if isDescending { fragment.append(" DESC") }
        if let nulls { fragment.append(" " + nulls.rawValue) }
        return fragment
    }
}

/// What an `order { }` closure may return: a column or expression (ascending) or a term.
public protocol Orderable: Sendable {
    var orderTerm: OrderTerm { get }
}

extension OrderTerm: Orderable {
    public var orderTerm: OrderTerm { self }
}

extension SQLExpression {
    public var asc: OrderTerm { OrderTerm(sqlFragment, descending: false, nulls: nil, keysetBinding: keysetBinding) }
    public var desc: OrderTerm { OrderTerm(sqlFragment, descending: true, nulls: nil, keysetBinding: keysetBinding) }
    public var orderTerm: OrderTerm { asc }
}

extension Column: Orderable {}
extension Expression: Orderable {}
