/// A tiny model of the Swift declarations Tusk generates. Generators build these values;
/// `SwiftRenderer` turns them into text with one fixed layout, so the output is readable and
/// identical byte for byte for identical input. (No swift-syntax: the plugin's tool stays small.)

/// `public` or nothing (internal is Swift's default and is left implicit).
public enum SwiftAccess: Sendable, Hashable {
    case `internal`, `public`

    var prefix: String { self == .public ? "public " : "" }
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
    /// Source lines (functions, switch bodies) written as is, indented to the declaration's
    /// depth; nested indentation is part of each line. For members the model does not spell out.
    case code([String])
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
        /// `var name: Type { initialValue }`: a read-only computed property.
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

    public init(docs: [String] = [], access: SwiftAccess, isStatic: Bool = false, kind: Kind, name: String, type: String, initialValue: SwiftExpression? = nil) {
        self.docs = docs
        self.access = access
        self.isStatic = isStatic
        self.kind = kind
        self.name = name
        self.type = type
        self.initialValue = initialValue
    }
}

public struct SwiftEnumCase: Sendable, Hashable {
    public var name: String
    /// The raw value when it differs from the case name.
    public var rawValue: String?

    public init(name: String, rawValue: String? = nil) {
        self.name = name
        self.rawValue = rawValue
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
    public var parameters: [SwiftParameter]
    /// One statement per line.
    public var body: [String]

    public init(docs: [String] = [], access: SwiftAccess, parameters: [SwiftParameter], body: [String]) {
        self.docs = docs
        self.access = access
        self.parameters = parameters
        self.body = body
    }
}

public indirect enum SwiftExpression: Sendable, Hashable {
    /// Source text used as is (`nil`, `true`, `Columns()`).
    case raw(String)
    /// A string literal; the renderer escapes it.
    case string(String)
    /// `name(label: value, ...)` on one line.
    case call(String, [SwiftArgument])
    /// An array literal, one element per line.
    case array([SwiftExpression])
}

public struct SwiftArgument: Sendable, Hashable {
    public var label: String
    public var value: SwiftExpression

    public init(_ label: String, _ value: SwiftExpression) {
        self.label = label
        self.value = value
    }
}
