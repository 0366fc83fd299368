/// The statements and expressions of generated function bodies. The renderer lays them out
/// (one line when they fit in 120 columns, wrapped otherwise), so no generator writes
/// indentation or line breaks of its own.

public indirect enum SwiftStatement: Sendable, Hashable {
    /// An expression on its own: a call, or the value of a closure, getter or switch case.
    case expression(SwiftExpression)
    /// `target = value`.
    case assign(String, SwiftExpression)
    /// `let name: Type = value` (`var` when `mutable`).
    case declare(name: String, type: String?, mutable: Bool, SwiftExpression)
    /// `return value` (`return` alone for nil).
    case `return`(SwiftExpression?)
    /// `if let name = value { body }`.
    case ifLet(String, SwiftExpression, [SwiftStatement])
    /// `switch subject { case ...: ... }`.
    case `switch`(SwiftExpression, [SwiftSwitchCase])
}

public struct SwiftSwitchCase: Sendable, Hashable {
    /// `case .a`, `case .unknown(let label)` or `default`, without the colon.
    public var pattern: String
    public var body: [SwiftStatement]

    public init(_ pattern: String, _ body: [SwiftStatement]) {
        self.pattern = pattern
        self.body = body
    }
}

public indirect enum SwiftExpression: Sendable, Hashable {
    /// Source text used as is (`nil`, `true`, `Columns()`, `row.id`).
    case raw(String)
    /// A string literal; the renderer escapes it.
    case string(String)
    /// A multi-line string literal keeping the text's lines (an escaped one-line literal when the
    /// text holds what a multi-line literal would read as an escape or a delimiter).
    case multilineString(String)
    /// `name(label: value, ...)`; the arguments go one per line when the call does not fit.
    case call(String, [SwiftArgument])
    /// `base.name(label: value, ...)`.
    case method(SwiftExpression, String, [SwiftArgument])
    /// `base { closure }`.
    case trailingClosure(SwiftExpression, SwiftClosure)
    /// `{ parameters in body }`.
    case closure(SwiftClosure)
    /// An array literal; one element per line when it does not fit.
    case array([SwiftExpression])
    /// `try value`, `try await value`.
    case effect(String, SwiftExpression)
    /// `left op right`.
    case binary(SwiftExpression, String, SwiftExpression)
}

public struct SwiftClosure: Sendable, Hashable {
    /// Names before `in`; none for `$0` closures.
    public var parameters: [String]
    public var body: [SwiftStatement]

    public init(parameters: [String] = [], _ body: [SwiftStatement]) {
        self.parameters = parameters
        self.body = body
    }
}

public struct SwiftArgument: Sendable, Hashable {
    /// Empty for an unlabeled argument.
    public var label: String
    public var value: SwiftExpression

    public init(_ label: String, _ value: SwiftExpression) {
        self.label = label
        self.value = value
    }
}

extension SwiftExpression {
    /// `try value`.
    static func `try`(_ value: SwiftExpression) -> SwiftExpression { .effect("try", value) }
    /// `try await value`.
    static func tryAwait(_ value: SwiftExpression) -> SwiftExpression { .effect("try await", value) }
}
