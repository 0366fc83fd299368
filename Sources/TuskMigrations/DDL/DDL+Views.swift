import TuskSchema

/// Views and materialized views: created with their declared column names (so the names the
/// generated Swift decodes are the ones the server keeps, whatever the SELECT calls them),
/// materialized ones `WITH DATA` so reads work at once.
extension DDL {
    /// `CREATE [OR REPLACE] [MATERIALIZED] VIEW "v" ("a", "b") AS <sql> [WITH DATA];`
    static func createView(_ view: View, orReplace: Bool = false) -> String {
        let kind = view.isMaterialized ? "MATERIALIZED VIEW" : "VIEW"
        let head = "CREATE \(orReplace ? "OR REPLACE " : "")\(kind) \(S.name(view.name)) (\(S.idents(view.columns.map(\.name)))) AS"
        return head + "\n" + selectText(view.sql) + (view.isMaterialized ? "\nWITH DATA;" : ";")
    }

    static func dropView(_ view: View) -> String {
        "DROP \(view.isMaterialized ? "MATERIALIZED VIEW" : "VIEW") \(S.name(view.name));"
    }

    static func commentOnView(_ view: View, _ comment: String?) -> String {
        "COMMENT ON \(view.isMaterialized ? "MATERIALIZED VIEW" : "VIEW") \(S.name(view.name)) IS \(comment.map(S.literal) ?? "NULL");"
    }

    /// `REFRESH MATERIALIZED VIEW [CONCURRENTLY] "v";` (what the generated `refresh` runs).
    public static func refreshMaterializedView(_ name: String, concurrently: Bool) -> String {
        "REFRESH MATERIALIZED VIEW \(concurrently ? "CONCURRENTLY " : "")\(S.name(name));"
    }

    /// Everything that makes the view as declared: itself, its indexes, its comments.
    static func viewStatements(_ view: View) -> [String] {
        [createView(view)] + view.indexes.map { createIndex(view.name, $0) } + viewCommentStatements(view)
    }

    static func viewCommentStatements(_ view: View) -> [String] {
        (view.comment.map { [commentOnView(view, $0)] } ?? [])
            + view.columns.compactMap { column in column.comment.map { commentOnColumn(view.name, column.name, $0) } }
    }

    /// The SELECT without the trailing semicolon and blank space a YAML block scalar leaves.
    private static func selectText(_ sql: String) -> String {
        var text = Substring(sql)
        while let last = text.last, last.isWhitespace || last == ";" { text = text.dropLast() }
        return String(text)
    }
}
