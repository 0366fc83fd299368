import CLibPQ
import Foundation

/// Transaction isolation levels (PostgreSQL runs READ UNCOMMITTED as READ COMMITTED).
public enum IsolationLevel: String, Sendable, Hashable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

/// When a failed transaction is run again.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration

    /// Never retry (the default).
    public static let never = RetryPolicy(maxAttempts: 1, baseDelay: .zero, maxDelay: .zero)

    /// Retry on serialization failures and deadlocks (SQLSTATE 40001, 40P01) up to `maxAttempts`
    /// runs in all, waiting `baseDelay` doubled each time (capped at `maxDelay`) with full jitter.
    public static func serializationFailures(
        maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(5), maxDelay: Duration = .milliseconds(500)
    ) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, baseDelay: baseDelay, maxDelay: maxDelay)
    }

    func shouldRetry(_ error: PostgresError, attempt: Int) -> Bool {
        attempt < maxAttempts && (error.kind == .serializationFailure || error.kind == .deadlockDetected)
    }

    func delay(afterAttempt attempt: Int) -> Duration {
        let cap = min(maxDelay, baseDelay * (1 << min(attempt - 1, 20)))
        return cap * Double.random(in: 0...1)
    }
}

/// A transaction in progress, handed to the closure of `transaction { tx in ... }`.
///
/// Run statements with it like with a ``Database``. Nested `tx.transaction { }` calls become
/// savepoints. The handle is only valid inside its closure: any use afterwards throws `.misuse`.
public final class Transaction: QueryRunner, @unchecked Sendable {
    /// The connection the transaction runs on.
    public let connection: Connection
    private let lock = NSLock()
    private var open = true
    private var depth: Int
    private var scopedTenant: String?

    init(connection: Connection, depth: Int = 0, tenant: String? = nil) {
        self.connection = connection
        self.depth = depth
        self.scopedTenant = tenant
    }

    /// The tenant of a transaction opened by a tenant's runner (``TenantRunner``): statements
    /// Tusk built over `tenant:` tables are scoped to it (``SQL/scoped(toTenant:)``).
    public var tenant: String? {
        lock.lock()
        defer { lock.unlock() }
        return scopedTenant
    }

    /// Scopes the transaction's statements to `tenant` (a tenant's runner, before its body runs).
    func scope(toTenant tenant: String) {
        lock.lock()
        scopedTenant = tenant
        lock.unlock()
    }

    func close() {
        lock.lock()
        open = false
        lock.unlock()
    }

    private func checkOpen(_ statement: String) throws {
        lock.lock()
        defer { lock.unlock() }
        if !open {
            throw PostgresError.misuse("the transaction is over (its closure returned); statement not run: \(statement.prefix(200))")
        }
    }

    public func query(_ statement: SQL) async throws -> QueryResult {
        try checkOpen(statement.text)
        guard let tenant else { return try await connection.query(statement) }
        return try await connection.query(try statement.scoped(toTenant: tenant))
    }

    public func execute(_ script: SQLScript) async throws {
        try checkOpen(script.text)
        try await connection.execute(script)
    }

    /// Runs `body` inside a savepoint: rolled back to it when `body` throws, the outer
    /// transaction continuing.
    public func transaction<Result>(_ body: (Transaction) async throws -> Result) async throws -> Result {
        let name = "tusk_savepoint_\(depth + 1)"
        try checkOpen("SAVEPOINT")
        try await connection.execute("SAVEPOINT \(unsafeRaw: name)")
        let writesBefore = connection.pendingWritesMark()
        let nested = Transaction(connection: connection, depth: depth + 1, tenant: tenant)
        do {
            let result = try await body(nested)
            nested.close()
            try await connection.execute("RELEASE SAVEPOINT \(unsafeRaw: name)")
            return result
        } catch {
            nested.close()
            try? await connection.performUncancellable("ROLLBACK TO SAVEPOINT") { [connection] session in
                _ = try session.simple("ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)")
                connection.restorePendingWrites(writesBefore)  // what the savepoint wrote is undone
            }
            throw error
        }
    }
}

extension Connection {
    /// Whether the session is inside a transaction block (as of the last statement).
    var isInTransaction: Bool { transactionStatusAfterLastStatement != PQTRANS_IDLE }

    /// Runs `body` in a transaction on this connection. See ``Database/transaction(isolation:readOnly:deferrable:retry:_:)``.
    /// With a tracer active, the transaction is a `TRANSACTION` client span and its statements
    /// (BEGIN and COMMIT among them) are its children.
    public func transaction<Result>(
        isolation: IsolationLevel? = nil, readOnly: Bool = false, deferrable: Bool = false,
        _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        try await withSpan({ .operation("TRANSACTION") }) {
            try await untracedTransaction(isolation: isolation, readOnly: readOnly, deferrable: deferrable, body)
        }
    }

    private func untracedTransaction<Result>(
        isolation: IsolationLevel?, readOnly: Bool, deferrable: Bool, _ body: (Transaction) async throws -> Result
    ) async throws -> Result {
        var begin = "BEGIN"
        if let isolation { begin += " ISOLATION LEVEL \(isolation.rawValue)" }
        if readOnly { begin += " READ ONLY" }
        if deferrable { begin += " DEFERRABLE" }
        try await execute(SQLScript(unsafeRaw: begin))
        let transaction = Transaction(connection: self)
        let result: Result
        do {
            result = try await body(transaction)
        } catch {
            transaction.close()
            // Roll back even when the task was cancelled: the session must be left clean.
            try? await withSpan({ .statement("ROLLBACK") }) {
                try await performUncancellable("ROLLBACK") { [self] session in
                    discardPendingWrites()
                    _ = try session.simple("ROLLBACK")
                }
            }
            throw error
        }
        transaction.close()
        try await commit()
        return result
    }
}
