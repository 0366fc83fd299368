/// A piece of SQL under construction: trusted text (identifiers from the schema, keywords) and
/// values that always become `$n` parameters. Placeholders are numbered only when the whole
/// statement is rendered, so fragments compose without renumbering, and the same query shape
/// always renders the same text (the prepared-statement cache hits).
public struct SQLFragment: Sendable {
    enum Part: Sendable {
        case text(String)
        case binding(PostgresBinding)
    }

    var parts: [Part]

    /// Trusted SQL text. Never pass user input here: values go through `init(binding:)`.
    public init(_ trustedText: String) { parts = [.text(trustedText)] }

    /// A value sent as a parameter.
    public init(binding: PostgresBinding) { parts = [.binding(binding)] }

    init(parts: [Part]) { self.parts = parts }

    /// A double-quoted identifier (`"order"`, `"a""b"`).
    public static func identifier(_ name: String) -> SQLFragment {
        SQLFragment(quoted(name))
    }

    static func quoted(_ name: String) -> String {
        if !name.utf8.contains(UInt8(ascii: "\"")) { return "\"" + name + "\"" }
        return "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    public mutating func append(_ other: SQLFragment) { parts += other.parts }
    public mutating func append(_ trustedText: String) { parts.append(.text(trustedText)) }

    public static func + (lhs: SQLFragment, rhs: SQLFragment) -> SQLFragment {
        SQLFragment(parts: lhs.parts + rhs.parts)
    }

    /// Joins fragments with trusted text between them.
    public static func joined(_ fragments: [SQLFragment], separator: String) -> SQLFragment {
        var result = SQLFragment(parts: [])
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { result.append(separator) }
            result.append(fragment)
        }
        return result
    }

    /// The statement: text with `$1...$n` and the bindings in order.
    public var sql: SQL {
        var text = ""
        var bindings: [PostgresBinding] = []
        for part in parts {
            switch part {
            case .text(let piece): text += piece
            case .binding(let binding):
                bindings.append(binding)
                text += "$"
                text += String(bindings.count)
            }
        }
        return SQL(text: text, bindings: bindings)
    }
}
