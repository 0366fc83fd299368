/// The lines that divide a migration file (written by TuskMigrations' generator, read by the
/// migrator): `-- migrate:up`, `-- migrate:down`, and `-- tusk:no-transaction` for a file whose
/// statements cannot run in a transaction, and `-- tusk:contract` for the
/// second half of an expand/contract pair.
public enum MigrationMarkers {
    public static let up = "-- migrate:up"
    public static let down = "-- migrate:down"
    public static let noTransaction = "-- tusk:no-transaction"
    /// `-- tusk:contract users.full_name`, one line per column: the contract half of an
    /// expand/contract pair, which the migrator applies only when asked (after the deploy).
    public static let contract = "-- tusk:contract"
}
