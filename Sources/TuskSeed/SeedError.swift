import Tusk

/// Why a seed could not run. Problems found while planning (before anything is written) are
/// reported together; a failure while writing rolls the whole seed back.
public struct SeedError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// `table` or `table.column`.
        public var subject: String
        /// The rule that cannot be met (`pattern ^a+$`, `CHECK audit_reason_when_denied`, ...).
        public var rule: String
        public var reason: String
        /// What to change so the seed can run.
        public var fix: String

        public init(subject: String, rule: String, reason: String, fix: String) {
            self.subject = subject
            self.rule = rule
            self.reason = reason
            self.fix = fix
        }

        public var description: String { "\(subject): \(rule): \(reason); fix: \(fix)" }
    }

    public var problems: [Problem]
    /// The database error that stopped the seed while writing, if that is what happened.
    public var databaseError: PostgresError?
    /// The table being written when the database refused a statement.
    public var table: String?

    init(_ problems: [Problem]) {
        self.problems = problems
    }

    init(writing table: String, _ error: PostgresError) {
        problems = []
        databaseError = error
        self.table = table
    }

    public var description: String {
        if let databaseError {
            var text = "seeding \(table ?? "?") failed: \(databaseError.message)"
            if let sqlState = databaseError.sqlState { text += " [SQLSTATE \(sqlState)]" }
            if let constraint = databaseError.constraint { text += " (constraint \(constraint))" }
            if let detail = databaseError.detail { text += " (detail: \(detail))" }
            return text + "; nothing was inserted: the seed runs in one transaction, which was rolled back"
        }
        let lines = problems.map { "error: \($0)" }
        return (lines + ["nothing was inserted: the schema has \(problems.count) problem\(problems.count == 1 ? "" : "s") the seeder cannot get around"]).joined(separator: "\n")
    }
}
