/// Swift identifiers for names that come from the schema: keywords are escaped with backticks
/// (a column called `default` or `self` is fine), anything that cannot be an identifier is
/// reported rather than generated.
public enum SwiftIdentifier {
    /// Keywords that need backticks as declaration names (The Swift Programming Language,
    /// "Lexical Structure"); contextual keywords such as `type`, `get` or `async` do not.
    public static let keywords: Set<String> = [
        "associatedtype", "borrowing", "class", "consuming", "deinit", "enum", "extension", "fileprivate",
        "func", "import", "init", "inout", "internal", "let", "nonisolated", "open", "operator",
        "private", "precedencegroup", "protocol", "public", "rethrows", "static", "struct",
        "subscript", "typealias", "var",
        "break", "case", "catch", "continue", "default", "defer", "do", "else", "fallthrough",
        "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws",
        "true", "try", "Type", "Protocol",
    ]

    /// The name as it can be written in a declaration or after a dot.
    public static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`" + name + "`" : name
    }

    /// Whether `name` is a plain Swift identifier (letters, digits and `_`, not starting with a digit).
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "`", name != "_" else { return false }
        if ("0"..."9").contains(first) { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar == "_" || ("0"..."9").contains(scalar) || scalar.properties.isXIDContinue
        } && (first == "_" || first.properties.isXIDStart)
    }
}
