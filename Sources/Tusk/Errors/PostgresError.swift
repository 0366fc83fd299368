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
    /// The error this one wraps, when it has a cause of its own (a Foundation `DecodingError`
    /// from a JSON column, a user codec's error).
    public var underlying: (any Error)?

    public init(
        kind: Kind, message: String, sqlState: String? = nil, severity: String? = nil,
        detail: String? = nil, hint: String? = nil, constraint: String? = nil, schema: String? = nil,
        table: String? = nil, column: String? = nil, dataType: String? = nil, position: Int? = nil,
        statement: String? = nil, underlying: (any Error)? = nil
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
        self.underlying = underlying
    }

    /// What kind of failure an error is: a named code, extensible without breaking `switch`
    /// statements in users' code (a `switch` over kinds needs a `default:`, as over SQLSTATEs).
    ///
    /// Compare with `==` or match in a `switch` (`case .uniqueViolation:`); every kind, what it
    /// means and what to do about it: docs/errors.md.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The kind's name, as in `PostgresError.uniqueViolation` (stable; used in `description`).
        public let name: String

        public init(_ name: String) { self.name = name }

        public var description: String { name }
        /// The kind's name (kept from when `Kind` was a `String` enum).
        public var rawValue: String { name }

        // Server errors with a dedicated kind (SQLSTATE in the comment).
        public static let uniqueViolation = Kind("uniqueViolation")  // 23505
        public static let foreignKeyViolation = Kind("foreignKeyViolation")  // 23503
        public static let notNullViolation = Kind("notNullViolation")  // 23502
        public static let checkViolation = Kind("checkViolation")  // 23514
        public static let exclusionViolation = Kind("exclusionViolation")  // 23P01
        public static let serializationFailure = Kind("serializationFailure")  // 40001
        public static let deadlockDetected = Kind("deadlockDetected")  // 40P01
        /// 55P03: `lock_timeout`, `NOWAIT`.
        public static let lockNotAvailable = Kind("lockNotAvailable")
        /// 57014: the server cancelled the statement (`statement_timeout`, a cancel request that it
        /// acted on). A cancellation whose answer never came is ``cancelled``.
        public static let queryCanceled = Kind("queryCanceled")
        public static let readOnlyTransaction = Kind("readOnlyTransaction")  // 25006
        /// 57P01-57P03: the server ended the session (`pg_terminate_backend`, shutdown).
        public static let adminShutdown = Kind("adminShutdown")
        public static let undefinedTable = Kind("undefinedTable")  // 42P01
        public static let syntaxError = Kind("syntaxError")  // 42601
        /// Any other server error: see `sqlState`.
        public static let server = Kind("server")

        // Client-side failures.
        /// The connection could not be opened (refused, auth failed, timeout, TLS).
        public static let connectionFailed = Kind("connectionFailed")
        /// The connection broke while in use (class 08, server closed the socket).
        public static let connectionLost = Kind("connectionLost")
        /// The connection was lost (or the task cancelled) while COMMIT was in flight: the
        /// transaction may or may not have committed. Never retried automatically; re-read, or
        /// make the write idempotent (a unique key the retry would hit).
        public static let commitOutcomeUnknown = Kind("commitOutcomeUnknown")
        /// The task was cancelled (a pool wait, or a statement whose server answer never came).
        /// For a statement that writes, the outcome is unknown: it may have taken effect.
        public static let cancelled = Kind("cancelled")
        /// A value could not be decoded into the requested Swift type (`column` names the column).
        public static let decodingFailed = Kind("decodingFailed")
        /// A value could not be encoded as a parameter.
        public static let encodingFailed = Kind("encodingFailed")
        /// Waiting for a pooled connection took longer than the acquire timeout.
        public static let poolTimeout = Kind("poolTimeout")
        /// The database was shut down.
        public static let poolClosed = Kind("poolClosed")
        /// Bad configuration (malformed DATABASE_URL, unknown sslmode, ...).
        public static let invalidConfiguration = Kind("invalidConfiguration")
        /// The API was used in a way it does not allow (transaction used after its closure, ...).
        public static let misuse = Kind("misuse")
    }

    /// PostgreSQL's documentation says retrying the whole transaction may succeed:
    /// serialization failures and deadlocks (class 40), lock timeouts, and a connection lost
    /// before COMMIT was sent. Never ``Kind-swift.struct/commitOutcomeUnknown`` or
    /// ``Kind-swift.struct/cancelled``: the work may already have taken effect.
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
        case .connectionLost, .connectionFailed, .adminShutdown, .readOnlyTransaction, .commitOutcomeUnknown: return true
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

    // Equality and hashing use the reported fields; `underlying` is context, not identity.
    public static func == (lhs: PostgresError, rhs: PostgresError) -> Bool {
        lhs.kind == rhs.kind && lhs.message == rhs.message && lhs.sqlState == rhs.sqlState
            && lhs.severity == rhs.severity && lhs.detail == rhs.detail && lhs.hint == rhs.hint
            && lhs.constraint == rhs.constraint && lhs.schema == rhs.schema && lhs.table == rhs.table
            && lhs.column == rhs.column && lhs.dataType == rhs.dataType && lhs.position == rhs.position
            && lhs.statement == rhs.statement
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(message)
        hasher.combine(sqlState)
        hasher.combine(constraint)
        hasher.combine(statement)
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
