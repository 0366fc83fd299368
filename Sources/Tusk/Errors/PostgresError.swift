/// The one error type the Tusk runtime throws.
///
/// Server errors carry every field PostgreSQL reports (SQLSTATE, message, detail, hint, constraint,
/// schema, table, column, position) plus the statement text that failed — never its parameter
/// values. Client-side failures (connection, decoding, pool, configuration) use the same type with
/// a `kind` that says what happened, so one `catch let error as PostgresError` handles everything.
///
/// ```swift
/// do { try await db.query("INSERT INTO users (email) VALUES (\(email))") }
/// catch let error as PostgresError where error.kind == .uniqueViolation {
///     print("taken:", error.constraint ?? "?")
/// }
/// ```
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Server errors map their SQLSTATE onto a kind; anything
    /// without a dedicated case is `.server` (look at `sqlState`).
    public var kind: Kind
    /// Human-readable primary message (the server's `M` field, or the client's own message).
    public var message: String
    /// Five-character SQLSTATE code for server errors (`23505`, `40001`, ...).
    public var sqlState: String?
    public var severity: String?
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var schema: String?
    public var table: String?
    public var column: String?
    public var dataType: String?
    /// 1-based character position of the error in the statement, when the server gave one.
    public var position: Int?
    /// The SQL text of the failing statement (parameter values are never included).
    public var statement: String?

    public init(
        kind: Kind, message: String, sqlState: String? = nil, severity: String? = nil,
        detail: String? = nil, hint: String? = nil, constraint: String? = nil, schema: String? = nil,
        table: String? = nil, column: String? = nil, dataType: String? = nil, position: Int? = nil,
        statement: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.severity = severity
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.schema = schema
        self.table = table
        self.column = column
        self.dataType = dataType
        self.position = position
        self.statement = statement
    }

    public enum Kind: String, Sendable, Hashable {
        // Server errors with a dedicated case (SQLSTATE in the comment).
        case uniqueViolation  // 23505
        case foreignKeyViolation  // 23503
        case notNullViolation  // 23502
        case checkViolation  // 23514
        case exclusionViolation  // 23P01
        case serializationFailure  // 40001
        case deadlockDetected  // 40P01
        case lockNotAvailable  // 55P03 (lock_timeout, NOWAIT)
        case queryCanceled  // 57014 (statement_timeout, cancel request, Task cancellation)
        case readOnlyTransaction  // 25006
        case adminShutdown  // 57P01-57P03: the server ended the session
        case undefinedTable  // 42P01
        case syntaxError  // 42601
        /// Any other server error: see `sqlState`.
        case server
        // Client-side failures.
        /// The connection could not be opened (refused, auth failed, timeout, TLS).
        case connectionFailed
        /// The connection broke while in use (class 08, server closed the socket).
        case connectionLost
        /// A value could not be decoded into the requested Swift type (`column` names the column).
        case decodingFailed
        /// A value could not be encoded as a parameter.
        case encodingFailed
        /// Waiting for a pooled connection took longer than the acquire timeout.
        case poolTimeout
        /// The database was shut down.
        case poolClosed
        /// Bad configuration (malformed DATABASE_URL, unknown sslmode, ...).
        case invalidConfiguration
        /// The API was used in a way it does not allow (transaction used after its closure, ...).
        case misuse
    }

    /// PostgreSQL's documentation says retrying the whole transaction may succeed:
    /// serialization failures and deadlocks (class 40), lock timeouts, and a lost connection.
    public var isRetryable: Bool {
        switch kind {
        case .serializationFailure, .deadlockDetected, .lockNotAvailable, .connectionLost, .adminShutdown:
            return true
        default:
            return sqlState?.hasPrefix("40") ?? false
        }
    }

    /// Whether the connection that produced this error must be thrown away rather than reused:
    /// connection errors (class 08), the server ending the session (57P01-57P03), and a read-only
    /// transaction (25006: after a failover the host may now be a standby).
    var discardsConnection: Bool {
        switch kind {
        case .connectionLost, .connectionFailed, .adminShutdown, .readOnlyTransaction: return true
        default: return sqlState?.hasPrefix("08") ?? false
        }
    }

    public var description: String {
        var text = "PostgresError.\(kind.rawValue)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail { text += " (detail: \(detail))" }
        if let hint { text += " (hint: \(hint))" }
        if let column, kind == .decodingFailed { text += " (column: \(column))" }
        if let statement { text += " (statement: \(statement.prefix(500)))" }
        return text
    }

    /// Maps a SQLSTATE onto a kind.
    static func kind(forSQLState state: String) -> Kind {
        switch state {
        case "23505": return .uniqueViolation
        case "23503": return .foreignKeyViolation
        case "23502": return .notNullViolation
        case "23514": return .checkViolation
        case "23P01": return .exclusionViolation
        case "40001": return .serializationFailure
        case "40P01": return .deadlockDetected
        case "55P03": return .lockNotAvailable
        case "57014": return .queryCanceled
        case "25006": return .readOnlyTransaction
        case "57P01", "57P02", "57P03": return .adminShutdown
        case "42P01": return .undefinedTable
        case "42601": return .syntaxError
        default: return state.hasPrefix("08") ? .connectionLost : .server
        }
    }

    static func misuse(_ message: String) -> PostgresError {
        PostgresError(kind: .misuse, message: message)
    }
}
