/// Which tables a statement changes, as far as cached reads are concerned.
///
/// Statements built by Tusk (insert, update, delete, upsert, COPY, the job queue) name their
/// table. Raw SQL is ``inferred``: classified by its words (the list is in docs/typed-api.md, "Caching reads"),
/// so a write invalidates everything and a plain read nothing. A caller who knows better names
/// the tables: `db.run(SQL("UPDATE t SET ...").invalidating(tables: ["t"]))`.
public enum TableWrites: Sendable, Hashable {
    /// Decided from the statement's text (raw SQL).
    case inferred
    /// Exactly these tables (empty: the statement writes nothing a cache holds).
    case tables(Set<String>)
    /// Every table: nothing cached survives the statement.
    case everything
}

extension SQL {
    /// This statement, declared to change only `tables` (none: it changes nothing a cached read
    /// depends on). Raw SQL otherwise counts as writing every table when it could write at all.
    public func invalidating(tables: some Sequence<String>) -> SQL {
        var copy = self
        copy.writes = .tables(Set(tables))
        return copy
    }

    /// This statement, declared to make every cached read stale.
    public func invalidatingEverything() -> SQL {
        var copy = self
        copy.writes = .everything
        return copy
    }

    /// Declared to change nothing (a read built by Tusk): no bookkeeping at all.
    var writesNothing: Bool {
        if case .tables(let tables) = writes { return tables.isEmpty }
        return false
    }

    /// The tables the statement changes, classifying raw text only when asked.
    var writtenTables: TableSet {
        switch writes {
        case .tables(let tables): return tables.isEmpty ? .none : .some(tables)
        case .everything: return .all
        case .inferred: return TableSet.inferred(from: text)
        }
    }
}

/// A set of tables, or all of them: what a write invalidates.
enum TableSet: Sendable, Hashable {
    case none
    case some(Set<String>)
    case all

    var isEmpty: Bool { self == .none }

    func union(_ other: TableSet) -> TableSet {
        switch (self, other) {
        case (.all, _), (_, .all): return .all
        case (.none, let any), (let any, .none): return any
        case (.some(let a), .some(let b)): return .some(a.union(b))
        }
    }

    /// The conservative reading of raw SQL: a statement made only of words that cannot change a
    /// row (SELECT, SHOW, transaction control, ...) writes nothing; one with any word that can
    /// (INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY, DDL, CALL, DO, EXECUTE, ...) writes
    /// everything. `SELECT ... FOR UPDATE` counts as a write; a SELECT of a function that writes
    /// does not: name its tables with ``SQL/invalidating(tables:)``.
    static func inferred(from text: String) -> TableSet {
        var writes = false
        PostgresLexer.forEachWord(in: text) { word in
            if Self.writingWords.contains(word) { writes = true }
            return !writes
        }
        return writes ? .all : .none
    }

    /// Upper-cased keywords after which a statement may change rows or the schema.
    static let writingWords: Set<String> = [
        "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "COPY", "CREATE", "ALTER", "DROP", "CALL", "DO",
        "EXECUTE", "PREPARE", "GRANT", "REVOKE", "REFRESH", "CLUSTER", "IMPORT", "REINDEX",
    ]

    /// The payload of a cross-process invalidation: table names one per line, `*` for all.
    var notificationPayload: String? {
        switch self {
        case .none: return nil
        case .all: return "*"
        case .some(let tables):
            let payload = tables.sorted().joined(separator: "\n")
            // NOTIFY payloads are limited to 8000 bytes; a name with a newline cannot be listed.
            if payload.utf8.count > 7900 || tables.contains(where: { $0.contains("\n") || $0 == "*" }) { return "*" }
            return payload
        }
    }

    /// The payload sent by a process whose own cache is `origin`: an `@origin` line first, so
    /// that cache can skip its own notices (it invalidated those tables when the write committed).
    func notificationPayload(from origin: String?) -> String? {
        guard let payload = notificationPayload else { return nil }
        return origin.map { "@" + $0 + "\n" + payload } ?? payload
    }

    /// The origin line and tables of a payload (``notificationPayload(from:)``); a payload
    /// without an origin (another tool, `tusk migrate reset`) has none.
    static func parse(notificationPayload payload: String) -> (origin: String?, tables: TableSet) {
        guard payload.hasPrefix("@") else { return (nil, TableSet(notificationPayload: payload)) }
        let lines = payload.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(lines[0].dropFirst()), TableSet(notificationPayload: lines.count > 1 ? String(lines[1]) : ""))
    }

    /// The tables a notification payload names (see ``notificationPayload``).
    init(notificationPayload payload: String) {
        if payload == "*" || payload.isEmpty {
            self = payload.isEmpty ? .none : .all
        } else {
            self = .some(Set(payload.split(separator: "\n").map(String.init)))
        }
    }
}
