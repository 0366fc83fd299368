/// A piece of SQL under construction: trusted text (identifiers from the schema, keywords) and
/// values that always become `$n` parameters. Placeholders are numbered only when the whole
/// statement is rendered, so fragments compose without renumbering, and the same query shape
/// always renders the same text (the prepared-statement cache hits).
public struct SQLFragment: Sendable {
    enum Part: Sendable {
        case text(String)
        case binding(PostgresBinding)
        /// A table's column, resolved when the statement is assembled: `"name"` in a one-table
        /// statement, `"table"."name"` when `qualified` (a correlation to an outer query) or when
        /// a join or subquery qualifies it (`qualifyingColumns`).
        case column(table: String, name: String, qualified: Bool)
        /// Renders nothing: records that the fragment holds a subquery whose tables are aliased
        /// `<table>_<depth>`, so an enclosing subquery picks a deeper alias (nested filters over
        /// the same table never shadow each other).
        case aliasDepth(Int)
        /// Renders nothing: records that the statement reads this table, so a cached read knows
        /// which writes invalidate it (``readTables``).
        case reads(String)
    }

    var parts: [Part]

    /// Trusted SQL text. Never pass user input here: values go through `init(binding:)`.
    public init(_ trustedText: String) { parts = [.text(trustedText)] }

    /// A value sent as a parameter.
    public init(binding: PostgresBinding) { parts = [.binding(binding)] }

    init(parts: [Part]) { self.parts = parts }

    /// A column of `table`, rendered `"name"` (or `"table"."name"` when `qualified`) unless an
    /// enclosing join or subquery qualifies it.
    public static func column(_ name: String, of table: String, qualified: Bool = false) -> SQLFragment {
        SQLFragment(parts: [.column(table: table, name: name, qualified: qualified)])
    }

    /// How a column is written: `"name"`, or `"table"."name"` when qualified.
    static func columnText(_ name: String, of table: String, qualified: Bool) -> String {
        qualified ? quoted(table) + "." + quoted(name) : quoted(name)
    }

    /// This fragment with every column of `table` (every column, when nil) written as
    /// `"alias"."name"` (alias defaults to the table's name): for joins and subqueries.
    public func qualifyingColumns(of table: String? = nil, as alias: String? = nil) -> SQLFragment {
        SQLFragment(parts: parts.map { part in
            guard case .column(let owner, let name, _) = part, table == nil || owner == table else { return part }
            return .text(SQLFragment.columnText(name, of: alias ?? owner, qualified: true))
        })
    }

    /// The deepest subquery alias level inside this fragment (0 when there is none).
    var aliasDepth: Int {
        parts.reduce(0) { depth, part in
            if case .aliasDepth(let level) = part { return max(depth, level) }
            return depth
        }
    }

    /// A FROM item: the table's quoted name (with ` AS "alias"` when given), recorded as read.
    static func table(_ name: String, as alias: String? = nil) -> SQLFragment {
        SQLFragment(parts: [.reads(name), .text(quoted(name) + (alias.map { " AS " + quoted($0) } ?? ""))])
    }

    /// Records that the statement reads `table` without writing anything.
    static func reading(_ table: String) -> SQLFragment { SQLFragment(parts: [.reads(table)]) }

    /// The tables this fragment reads (FROM items, joins, subqueries, relation filters).
    var readTables: Set<String> {
        var tables = Set<String>()
        for case .reads(let table) in parts { tables.insert(table) }
        return tables
    }

    /// A double-quoted identifier (`"order"`, `"a""b"`).
    /// `EXCLUDED."name"`: in an upsert's `DO UPDATE`, the value the insert proposed.
    static func excluded(_ column: String) -> SQLFragment { SQLFragment("EXCLUDED." + quoted(column)) }

    public static func identifier(_ name: String) -> SQLFragment {
        SQLFragment(quoted(name))
    }

    /// The runtime's one identifier quoting: always double-quoted, inner `"` doubled. (The
    /// schema side, which cannot import the runtime, has `PostgresNames.alwaysQuotedIdentifier`;
    /// a test checks the two agree.)
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
        var placeholders: [SQL.Placeholder] = []
        for part in parts {
            switch part {
            case .text(let piece): text += piece
            case .binding(let binding):
                bindings.append(binding)
                let start = text.utf8.count
                text += "$"
                text += String(bindings.count)
                placeholders.append(SQL.Placeholder(start: start, length: text.utf8.count - start, number: bindings.count))
            case .column(let table, let name, let qualified):
                text += SQLFragment.columnText(name, of: table, qualified: qualified)
            case .aliasDepth, .reads:
                break
            }
        }
        return SQL(text: text, bindings: bindings, placeholders: placeholders)
    }
}
