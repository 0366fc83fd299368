import TuskSchema

/// A backfill in bounded batches: one `DO` block that walks the table in primary-key order,
/// `batchSize` rows per `UPDATE`, and commits after each batch, so each batch's row locks are
/// held only for that batch and concurrent writers wait at most one batch. The update is
/// `SET column = column`: the expand/contract trigger fills the empty side of each row.
///
/// `COMMIT` inside `DO` needs the block to be a statement of its own outside any transaction
/// block: the step is non-transactional, so its migration file is `-- tusk:no-transaction` and
/// the migrator sends it alone (psql in autocommit mode does the same). Its statement_timeout is
/// lifted for the block only (the batches together take as long as the table needs); the
/// migration's lock_timeout still bounds every lock a batch waits for.
struct KeysetBackfill {
    let table: String
    let key: [(name: String, type: SQLType)]
    /// The column assigned to itself.
    let touch: String
    let batchSize: Int
    /// The statement_timeout to restore after the block (the migration's own).
    let statementTimeout: String

    var statements: [String] {
        ["SET statement_timeout = 0;", block, "SET statement_timeout = \(SQLText.literal(statementTimeout));"]
    }

    private var variables: [String] { key.indices.map { "_tusk_key_\($0 + 1)" } }
    private var keyList: String { SQLText.idents(key.map(\.name)) }

    /// One batch: the next `batchSize` keys after the last one seen, their rows touched, and the
    /// batch's last key remembered (`FOUND` is false once no key is left).
    private func batch(after: Bool) -> String {
        let t = SQLText.name(table)
        let bound = after ? " WHERE (\(keyList)) > (\(variables.joined(separator: ", ")))" : ""
        let join = key.map { "\(t).\(SQLText.ident($0.name)) = keys.\(SQLText.ident($0.name))" }.joined(separator: " AND ")
        let descending = key.map { SQLText.ident($0.name) + " DESC" }.joined(separator: ", ")
        let indent = after ? "        " : "    "
        return [
            "WITH keys AS (SELECT \(keyList) FROM \(t)\(bound) ORDER BY \(keyList) LIMIT \(batchSize)),",
            "     touched AS (UPDATE \(t) SET \(SQLText.ident(touch)) = \(t).\(SQLText.ident(touch)) FROM keys WHERE \(join))",
            "SELECT \(keyList) INTO \(variables.joined(separator: ", ")) FROM keys ORDER BY \(descending) LIMIT 1;",
        ].map { indent + $0 }.joined(separator: "\n")
    }

    private var block: String {
        let declarations = zip(variables, key).map { "    \($0) \(SQLText.type($1.type));" }.joined(separator: "\n")
        return """
            DO $tusk$
            DECLARE
            \(declarations)
            BEGIN
            \(batch(after: false))
                WHILE FOUND LOOP
                    COMMIT;
            \(batch(after: true))
                END LOOP;
            END
            $tusk$;
            """
    }
}
