/// A `tsvector` column of a generated table (`search: { type: tsvector, generated: ... }`):
/// searched in the database, never read into a `Row`.
///
/// ```swift
/// Document.where { $0.search.matches("quarterly report -draft") }
///     .order { $0.search.rank("quarterly report -draft").desc }
/// ```
/// `matches` is `@@`, which a GIN index on the column serves.
public struct TextSearchColumn<Table: TuskTable>: SQLExpression {
    public typealias Value = TextSearchVector

    public let name: String
    /// The text search configuration queries are parsed with: the one the column's generated
    /// expression names (`to_tsvector('english', ...)`), so words stem the same way on both
    /// sides; nil uses the server's `default_text_search_config`.
    public let configuration: String?
    public let alias: String?

    public init(name: String, configuration: String?, alias: String? = nil) {
        self.name = name
        self.configuration = configuration
        self.alias = alias
    }

    public var sqlFragment: SQLFragment { .column(name, of: alias ?? Table.tableName) }

    /// `column @@ websearch_to_tsquery('english', $n)`: the row's text matches the search.
    public func matches(_ text: String, syntax: TextSearchSyntax = .websearch) -> Predicate {
        Predicate(sqlFragment + SQLFragment(" @@ ") + query(text, syntax: syntax))
    }

    /// `ts_rank(column, query)`: how well the row matches (0 when it does not); order by
    /// `.desc` for the best first.
    public func rank(_ text: String, syntax: TextSearchSyntax = .websearch) -> Expression<Float> {
        Expression(SQLFragment("ts_rank(") + sqlFragment + SQLFragment(", ") + query(text, syntax: syntax) + SQLFragment(")"))
    }

    /// The tsquery: the configuration written as a literal (it comes from the schema, and a
    /// constant keeps one statement text per column), the text as a parameter.
    func query(_ text: String, syntax: TextSearchSyntax) -> SQLFragment {
        let config = configuration.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "', " } ?? ""
        return SQLFragment(syntax.function + "(" + config) + SQLFragment(binding: PostgresBinding(text)) + SQLFragment(")")
    }
}

/// The value type of a tsvector column; it has no Swift value (a tsvector is never read back).
public enum TextSearchVector: Sendable {}

/// How search text becomes a tsquery.
public enum TextSearchSyntax: Sendable {
    /// `websearch_to_tsquery`: what users type in a search box (`"exact phrase" -excluded or`);
    /// never a syntax error.
    case websearch
    /// `plainto_tsquery`: every word, ANDed.
    case plain
    /// `phraseto_tsquery`: the words in this order.
    case phrase
    /// `to_tsquery`: tsquery syntax (`fat & (rat | cat)`); text that is not valid tsquery
    /// syntax is an error from the server.
    case tsquery

    var function: String {
        switch self {
        case .websearch: "websearch_to_tsquery"
        case .plain: "plainto_tsquery"
        case .phrase: "phraseto_tsquery"
        case .tsquery: "to_tsquery"
        }
    }
}
