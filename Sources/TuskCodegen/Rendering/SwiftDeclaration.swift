/// A tiny model of the Swift declarations Tusk generates. Generators build these values;
/// `SwiftRenderer` turns them into text with one fixed layout, so the output is readable and
/// identical byte for byte for identical input. (No swift-syntax: the plugin's tool stays small.)

/// `public`, `private` or nothing (internal is Swift's default and is left implicit).
public enum SwiftAccess: Sendable, Hashable {
    case `internal`, `public`, `private`

    var prefix: String {
        switch self {
        case .internal: ""
        case .public: "public "
        case .private: "private "
        }
    }
}

/// One source file: a header comment, imports and top-level declarations.
public struct SwiftFile: Sendable, Hashable {
    public var header: [String]
    public var imports: [String]
    public var declarations: [SwiftDeclaration]

    public init(header: [String], imports: [String] = [], declarations: [SwiftDeclaration] = []) {
        self.header = header
        self.imports = imports
        self.declarations = declarations
    }
}

public indirect enum SwiftDeclaration: Sendable, Hashable {
    case type(SwiftTypeDeclaration)
    case property(SwiftProperty)
    case enumCase(SwiftEnumCase)
    case initializer(SwiftInitializer)
    case function(SwiftFunction)
    case typeAlias(SwiftTypeAlias)
}

/// `typealias Name = Type`.
public struct SwiftTypeAlias: Sendable, Hashable {
    public var access: SwiftAccess
    public var name: String
    public var type: String

    public init(access: SwiftAccess, name: String, type: String) {
        self.access = access
        self.name = name
        self.type = type
    }
}

public struct SwiftTypeDeclaration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case `struct`, `enum`, `extension` }

    public var docs: [String]
    public var access: SwiftAccess
    public var kind: Kind
    /// Already escaped where needed (see `SwiftIdentifier`).
    public var name: String
    public var conformances: [String]
    /// A generic `where` clause's requirements (`Value == JobStatus`), for constrained extensions.
    public var requirements: [String]
    public var members: [SwiftDeclaration]

    public init(
        docs: [String] = [], access: SwiftAccess, kind: Kind, name: String, conformances: [String] = [],
        requirements: [String] = [], members: [SwiftDeclaration]
    ) {
        self.docs = docs
        self.access = access
        self.kind = kind
        self.name = name
        self.conformances = conformances
        self.requirements = requirements
        self.members = members
    }
}

public struct SwiftProperty: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `let name: Type [= initialValue]`
        case constant
        /// `var name: Type [= initialValue]`
        case variable
        /// `var name: Type { initialValue }` (or `{ getter }`): a read-only computed property.
        case computed
    }

    public var docs: [String]
    public var access: SwiftAccess
    public var isStatic: Bool
    public var kind: Kind
    public var name: String
    /// Always written out, so the type checker never infers a property's type.
    public var type: String
    /// The initial value, or the computed property's result.
    public var initialValue: SwiftExpression?
    /// A computed property's statements, when its result is more than one expression.
    public var getter: [SwiftStatement]

    public init(
        docs: [String] = [], access: SwiftAccess, isStatic: Bool = false, kind: Kind, name: String, type: String,
        initialValue: SwiftExpression? = nil, getter: [SwiftStatement] = []
    ) {
        self.docs = docs
        self.access = access
        self.isStatic = isStatic
        self.kind = kind
        self.name = name
        self.type = type
        self.initialValue = initialValue
        self.getter = getter
    }
}

public struct SwiftEnumCase: Sendable, Hashable {
    public var docs: [String]
    public var name: String
    /// The raw value when it differs from the case name.
    public var rawValue: String?
    /// The associated value's type (`unknown(Swift.String)`).
    public var associatedValue: String?

    public init(docs: [String] = [], name: String, rawValue: String? = nil, associatedValue: String? = nil) {
        self.docs = docs
        self.name = name
        self.rawValue = rawValue
        self.associatedValue = associatedValue
    }
}

public struct SwiftParameter: Sendable, Hashable {
    /// The argument label callers write.
    public var name: String
    /// The name inside the body when it differs from the label (`` `self` self_ ``).
    public var internalName: String?
    public var type: String
    public var defaultValue: SwiftExpression?

    public init(name: String, internalName: String? = nil, type: String, defaultValue: SwiftExpression? = nil) {
        self.name = name
        self.internalName = internalName
        self.type = type
        self.defaultValue = defaultValue
    }
}

public struct SwiftInitializer: Sendable, Hashable {
    public var docs: [String]
    public var access: SwiftAccess
    /// `init?`.
    public var isFailable: Bool
    public var isThrowing: Bool
    public var parameters: [SwiftParameter]
    public var body: [SwiftStatement]

    public init(
        docs: [String] = [], access: SwiftAccess, isFailable: Bool = false, isThrowing: Bool = false,
        parameters: [SwiftParameter], body: [SwiftStatement]
    ) {
        self.docs = docs
        self.access = access
        self.isFailable = isFailable
        self.isThrowing = isThrowing
        self.parameters = parameters
        self.body = body
    }
}

/// `func name(parameters) async throws -> Result { body }`.
public struct SwiftFunction: Sendable, Hashable {
    public var docs: [String]
    public var access: SwiftAccess
    public var isStatic: Bool
    /// Already escaped where needed.
    public var name: String
    public var parameters: [SwiftParameter]
    public var isAsync: Bool
    public var isThrowing: Bool
    public var result: String?
    public var body: [SwiftStatement]

    public init(
        docs: [String] = [], access: SwiftAccess, isStatic: Bool = false, name: String, parameters: [SwiftParameter] = [],
        isAsync: Bool = false, isThrowing: Bool = false, result: String? = nil, body: [SwiftStatement]
    ) {
        self.docs = docs
        self.access = access
        self.isStatic = isStatic
        self.name = name
        self.parameters = parameters
        self.isAsync = isAsync
        self.isThrowing = isThrowing
        self.result = result
        self.body = body
    }
}
