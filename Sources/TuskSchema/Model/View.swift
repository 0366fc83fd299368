/// A view or materialized view (`views:`): its SELECT and the columns it returns, declared
/// so that the Swift API can be generated without a database.
///
/// The declared columns are the contract: the generated `Row` decodes them by position, and
/// the tests check them against what the server reports. PostgreSQL reports every view column
/// as nullable, so NOT NULL here is the declaration's promise, not something the catalog keeps.
public struct View: Hashable, Sendable, Codable {
    public var name: String
    /// The Swift type name (`usage_stats` -> `UsageStat`, or `swift_name:`).
    public var swiftName: String
    public var comment: String?
    /// The SELECT, as written (introspection gives the server's `pg_get_viewdef` spelling).
    public var sql: String
    /// In declared order: the order the SELECT returns them in.
    public var columns: [Column]
    /// `materialized: true`: `CREATE MATERIALIZED VIEW ... WITH DATA`, refreshed on demand.
    public var isMaterialized: Bool
    /// Materialized views only; names resolved like a table's.
    public var indexes: [Index]
    /// `refresh: concurrently`: the generated `refresh(on:)` uses `REFRESH ... CONCURRENTLY`
    /// (the loader checks a unique index allows it).
    public var refreshesConcurrently: Bool

    public init(
        name: String, swiftName: String, comment: String? = nil, sql: String, columns: [Column],
        isMaterialized: Bool = false, indexes: [Index] = [], refreshesConcurrently: Bool = false
    ) {
        self.name = name
        self.swiftName = swiftName
        self.comment = comment
        self.sql = sql
        self.columns = columns
        self.isMaterialized = isMaterialized
        self.indexes = indexes
        self.refreshesConcurrently = refreshesConcurrently
    }

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }

    /// `REFRESH MATERIALIZED VIEW CONCURRENTLY` needs a unique index on plain columns with no
    /// WHERE clause (PostgreSQL refuses it otherwise).
    public var allowsConcurrentRefresh: Bool {
        isMaterialized && indexes.contains { $0.isUnique && $0.predicate == nil }
    }

    /// The relations (of `names`: tables and views) the SQL reads, found conservatively by
    /// name: any of them written as a word outside string literals, not called as a function
    /// and not qualifying a column. A column that shares a table's name only makes the planner
    /// rebuild the view more often, never less.
    /// A relation of a named schema is read when the SQL writes it qualified (`billing.invoices`).
    public func reads(among names: [String]) -> [String] {
        let others = names.filter { $0 != name }
        let qualified = Set(Self.qualifiedNames(in: sql))
        let plain = CheckExpression.mentionedColumns(sql, columns: others.filter { QualifiedName($0).isInDefaultSchema })
        return (plain + others.filter { !QualifiedName($0).isInDefaultSchema && qualified.contains($0) }).sorted()
    }

    /// Every `schema.name` pair the SQL writes outside string literals (either part may be
    /// double-quoted), as the model spells it.
    static func qualifiedNames(in sql: String) -> [String] {
        var found: [String] = []
        var words: [String] = []   // the identifiers of the current dotted chain
        var word = ""
        var state: (inString: Bool, inQuotes: Bool) = (false, false)
        func endWord() { if !word.isEmpty { words.append(word); word = "" } }
        func endChain() {
            endWord()
            if words.count >= 2 { found.append(QualifiedName(schema: words[0], name: words[1]).description) }
            words = []
        }
        for ch in sql {
            if state.inString {
                if ch == "'" { state.inString = false }
            } else if state.inQuotes {
                if ch == "\"" { state.inQuotes = false } else { word.append(ch) }
            } else if ch == "'" {
                endChain(); state.inString = true
            } else if ch == "\"" {
                state.inQuotes = true
            } else if ch.isLetter || ch.isNumber || ch == "_" {
                word.append(ch)
            } else if ch == "." {
                endWord()
            } else {
                endChain()
            }
        }
        endChain()
        return found
    }

    /// The view as a table with no keys: what the read side of the generated API is made from.
    public var readOnlyTable: Table {
        Table(name: name, swiftName: swiftName, comment: comment, columns: columns, indexes: indexes)
    }
}

extension Schema {
    public func view(named name: String) -> View? { views.first { $0.name == name } }

    /// The tables `view` reads, directly or through other views, sorted.
    public func tablesRead(by view: View) -> [String] {
        let names = tables.map(\.name) + views.map(\.name)
        var found: Set<String> = [], seen: Set<String> = [view.name], pending = [view]
        while let current = pending.popLast() {
            for name in current.reads(among: names) {
                if let inner = self.view(named: name) {
                    if seen.insert(name).inserted { pending.append(inner) }
                } else {
                    found.insert(name)
                }
            }
        }
        return found.sorted()
    }

    /// Views in an order where every view comes after the views it reads (then by name).
    /// A cycle (refused by the loader) leaves its views in name order at the end.
    public var viewsInDependencyOrder: [View] {
        let names = views.map(\.name)
        var placed: Set<String> = []
        var result: [View] = []
        var remaining = views
        while !remaining.isEmpty {
            let ready = remaining.filter { view in view.reads(among: names).allSatisfy(placed.contains) }
            guard !ready.isEmpty else { result += remaining; break }
            for view in ready { placed.insert(view.name) }
            result += ready
            remaining.removeAll { placed.contains($0.name) }
        }
        return result
    }
}
