/// The lines that divide a migration file (written by TuskMigrations' generator, read by the
/// migrator): `-- migrate:up`, `-- migrate:down`, and `-- tusk:no-transaction` for a file whose
/// statements cannot run in a transaction.
public enum MigrationMarkers {
    public static let up = "-- migrate:up"
    public static let down = "-- migrate:down"
    public static let noTransaction = "-- tusk:no-transaction"
}
