extension SQL {
    /// A statement a read replica can answer: it writes nothing (a read built by Tusk, or raw
    /// SQL without a writing word) and takes no row lock (`FOR UPDATE`, `FOR SHARE`, ...).
    var isReplicaRead: Bool {
        guard writtenTables == .none else { return false }
        var previous = ""
        var locks = false
        PostgresLexer.forEachWord(in: text) { word in
            if previous == "FOR" && ["UPDATE", "SHARE", "NO", "KEY"].contains(word) { locks = true }
            previous = word
            return !locks
        }
        return !locks
    }

    /// Whether the statement may change the primary's data (a read-your-writes fence follows it).
    var mayWrite: Bool { writtenTables != .none }
}

/// Where the reads of the current task go.
enum ReadRouting {
    /// Set by ``Database/primary`` and by the read cache's loads: every read goes to the primary.
    @TaskLocal static var primaryOnly = false
}

/// A view of a ``Database`` whose reads all go to the primary: `db.primary`. Use it where a
/// read must see every write committed anywhere so far, not only the task's own.
///
/// ```swift
/// let fresh = try await User.find(id, on: db.primary)
/// ```
public struct PrimaryRunner: QueryRunner {
    public let database: Database

    public func query(_ statement: SQL) async throws -> QueryResult {
        try await ReadRouting.$primaryOnly.withValue(true) { try await database.query(statement) }
    }

    public func execute(_ script: SQLScript) async throws { try await database.execute(script) }

    public var readCache: QueryCache? { database.readCache }
}
