import Foundation

/// Why the local development database could not be used, with what to do about it.
public enum DevDatabaseError: Error, CustomStringConvertible, Sendable {
    /// No `initdb`/`pg_ctl` in any place searched.
    case serverBinariesNotFound(searched: [String])
    /// A release build with no `DATABASE_URL` or `PG*` variables: the local server is never chosen silently there.
    case noConnectionSettings
    /// `initdb` or `pg_ctl` failed; `log` is the end of the server log when there is one.
    case serverFailed(step: String, output: String, log: String)

    public var description: String {
        switch self {
        case .serverBinariesNotFound(let searched):
            return """
                no PostgreSQL server binaries (initdb, pg_ctl) for the local development database; searched: \
                \(searched.joined(separator: ", ")). Install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; \
                macOS: brew install postgresql@16), run `bash scripts/setup.sh` in the Tusk checkout for PostgreSQL 16 \
                with pgvector, or set TUSK_PG_BINDIR to the directory holding initdb and pg_ctl.
                """
        case .noConnectionSettings:
            return """
                no database settings: set DATABASE_URL (or PGHOST, PGUSER, PGDATABASE...). This is a release build, \
                where the local development database is never started on its own; start one on purpose with \
                DevDatabase.start() or `tusk dev start`.
                """
        case .serverFailed(let step, let output, let log):
            return "the local development database could not \(step): \(output)" + (log.isEmpty ? "" : "\nserver log (end):\n\(log)")
        }
    }
}
