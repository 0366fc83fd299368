/// What the reader collects for one entry of `views:`. Columns and indexes are read into a
/// table draft with the table readers (same type syntax, same index keys and checks).
struct ViewDraft {
    var table: TableDraft
    var sql: String
    var isMaterialized: Bool
    /// The mark of `refresh: concurrently`, when written.
    var concurrentRefresh: YAMLMark?

    var name: String { table.name }
    var mark: YAMLMark { table.mark }
}

/// Reads `views:`: `name: { sql, columns, materialized, indexes, refresh, comment, swift_name }`.
/// The SQL is the server's to check; what is checked here is the declaration around it.
struct ViewReader {
    static let keys = ["sql", "columns", "materialized", "indexes", "refresh", "comment", "swift_name"]
    /// A view column has a type, nullability and names: no keys, defaults or references.
    static let columnKeys = ["type", "nullable", "comment", "swift_name"]

    let tables: TableReader
    var read: NodeReader { tables.read }
    var sink: DiagnosticSink { read.sink }

    func view(_ entry: Entry) -> ViewDraft? {
        let what = "view '\(entry.key)'"
        var table = TableDraft(name: entry.key, mark: entry.keyMark, swiftName: SwiftNames.typeName(forTable: QualifiedName.local(entry.key)))
        guard let options = read.options(entry.value, allowed: Self.keys, what: what) else { return nil }
        let sql = options["sql"].flatMap { read.sql($0.value, what: "'sql' of \(what)") }
        if options["sql"] == nil {
            sink.error(entry.keyMark, "\(what) needs 'sql', the SELECT it stands for (e.g. sql: \"SELECT user_id, count(*) AS messages FROM messages GROUP BY user_id\")")
        }
        table.columnsKnown = options["columns"]?.value.pairs != nil
        if let e = options["columns"], let list = read.named(e.value, what: "'columns' of \(what)", kind: "column") {
            if list.isEmpty { sink.error(e.value.mark, "\(what) has no columns; declare what its SELECT returns, in order") }
            for column in list { self.column(column, of: what, into: &table) }
        } else if options["columns"] == nil {
            sink.error(entry.keyMark, "\(what) needs 'columns', what its SELECT returns in order with types (e.g. columns: { user_id: uuid, messages: bigint }): the generated Swift is made from them")
        }
        tables.names(options, of: entry, what: what, into: &table)
        let materialized = options["materialized"].flatMap { read.bool($0.value, what: "'materialized' of \(what)") } ?? false
        if let e = options["indexes"], let items = read.list(e.value, what: "'indexes' of \(what)") {
            if materialized {
                for item in items { tables.index(item, what: what, into: &table) }
            } else {
                sink.error(e.keyMark, "\(what) is a plain view, which stores no rows to index; add 'materialized: true' or remove 'indexes'")
            }
        }
        var concurrentRefresh: YAMLMark?
        if let e = options["refresh"], let word = read.text(e.value, what: "'refresh' of \(what)") {
            if word == "concurrently" {
                concurrentRefresh = e.value.mark
                checkConcurrentRefresh(table, materialized: materialized, at: e.value.mark, what: what)
            } else if word != "blocking" {
                sink.error(e.value.mark, "'refresh' of \(what) must be 'concurrently' or 'blocking', found '\(word)'\(didYouMean(word, ["concurrently", "blocking"]))")
            }
        }
        guard let sql else { return nil }
        return ViewDraft(table: table, sql: sql, isMaterialized: materialized, concurrentRefresh: concurrentRefresh)
    }

    /// `name: type` or `name: { type, nullable, comment, swift_name }`, read by the column reader.
    private func column(_ entry: Entry, of view: String, into table: inout TableDraft) {
        if entry.value.pairs != nil,
           read.options(entry.value, allowed: Self.columnKeys, what: "column '\(entry.key)' of \(view)") == nil {
            table.columns.append(ColumnDraft(column: Column(name: entry.key, swiftName: SwiftNames.propertyName(entry.key), type: .text), mark: entry.keyMark, typeKnown: false))
            return
        }
        tables.columns.column(entry, into: &table)
    }

    /// PostgreSQL refreshes CONCURRENTLY only a materialized view with a unique index on plain
    /// columns and no WHERE clause.
    private func checkConcurrentRefresh(_ table: TableDraft, materialized: Bool, at mark: YAMLMark, what: String) {
        if !materialized {
            sink.error(mark, "\(what) says 'refresh: concurrently', but only a materialized view is refreshed; add 'materialized: true' or remove 'refresh'")
        } else if !table.indexes.contains(where: { $0.isUnique && $0.predicate == nil }) {
            let columns = table.columns.first.map { "[\($0.column.name)]" } ?? "[...]"
            sink.error(mark, "\(what) says 'refresh: concurrently', but REFRESH MATERIALIZED VIEW CONCURRENTLY needs a unique index on its columns without 'where'; add one to 'indexes' (e.g. - { columns: \(columns), unique: true }) or write 'refresh: blocking'")
        }
    }

    /// Cross-object rules: a view's name is a relation name (not a table's) and a type name
    /// (not an enum's); views reading each other must not form a cycle.
    static func check(_ views: [ViewDraft], tables: [TableDraft], enums: [String], sink: DiagnosticSink) {
        let tableNames = Set(tables.map(\.name))
        for view in views {
            if tableNames.contains(view.name) {
                sink.error(view.mark, "view '\(view.name)' has the name of table '\(view.name)'; tables and views share one namespace in PostgreSQL, so choose another name")
            } else if enums.contains(view.name) {
                sink.error(view.mark, "view '\(view.name)' has the name of enum '\(view.name)'; PostgreSQL gives every view a type of its own name, so choose another name")
            }
        }
        let names = views.map(\.name)
        let reads = Dictionary(views.map { view in
            (view.name, CheckExpression.mentionedColumns(view.sql, columns: names.filter { $0 != view.name }))
        }, uniquingKeysWith: { a, _ in a })
        for view in views {
            if let path = cycle(from: view.name, reads: reads) {
                sink.error(view.mark, "view '\(view.name)' reads itself through \(path.joined(separator: " -> ")); views cannot depend on each other in a cycle")
            }
        }
    }

    /// The path back to `start` through the views it reads, if any.
    private static func cycle(from start: String, reads: [String: [String]]) -> [String]? {
        var stack: [(String, [String])] = [(start, [start])]
        var seen: Set<String> = []
        while let (name, path) = stack.popLast() {
            for next in reads[name] ?? [] {
                if next == start { return path + [start] }
                if seen.insert(next).inserted { stack.append((next, path + [next])) }
            }
        }
        return nil
    }
}
