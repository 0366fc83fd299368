import TuskSchema

/// The `lock_timeout` and `statement_timeout` statements around a migration section (squawk's
/// require-timeout-settings). In a transactional file they are `SET LOCAL`: they end with the
/// migration's transaction, whether the migrator or `psql --single-transaction` runs it. A
/// `-- tusk:no-transaction` file cannot use `SET LOCAL` (each statement is its own transaction),
/// so it sets them for the session and resets them at the end; the migrator also resets them
/// when a statement fails before the end.
struct MigrationTimeouts {
    var settings: MigrationSettings
    var transactional: Bool

    var opening: [String] {
        let set = transactional ? "SET LOCAL" : "SET"
        return [
            "\(set) lock_timeout = \(SQLText.literal(settings.lockTimeout.description));",
            "\(set) statement_timeout = \(SQLText.literal(settings.statementTimeout.description));",
        ]
    }

    var closing: [String] { transactional ? [] : ["RESET lock_timeout;", "RESET statement_timeout;"] }

    /// `body` (steps separated by blank lines) between the opening and closing statements.
    func section(_ body: String) -> String {
        let parts = [opening.joined(separator: "\n") + "\n", body] + (closing.isEmpty ? [] : [closing.joined(separator: "\n") + "\n"])
        return parts.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
