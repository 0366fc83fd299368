import Tusk

/// Runs `body` in a transaction that is always rolled back, for tests that share one database:
///
/// ```swift
/// try await withRollbackTransaction(on: db) { tx in
///     let user = try await tx.insert(User.Insert(email: "a@example.com", name: "Ann", passwordHash: "h"))
///     try? await tx.transaction { inner in ... }   // nested: a savepoint, as everywhere in Tusk
/// }   // nothing of it is left in the database
/// ```
///
/// The rollback at the end is the normal outcome, not an error: `body`'s result is returned.
/// When `body` throws, the transaction is rolled back too and its error is rethrown.
///
/// `body` must not end the transaction itself (`COMMIT`, `ROLLBACK`, `END`): PostgreSQL would
/// commit what it wrote so far, and later statements would run outside any transaction. That is
/// detected when `body` returns and reported as ``RollbackFixtureError/transactionEndedByBody``.
public func withRollbackTransaction<Result>(
    on database: Database, isolation: IsolationLevel? = nil, _ body: (Transaction) async throws -> Result
) async throws -> Result {
    try await rollingBack(on: database, isolation: isolation, body)
}

/// ``withRollbackTransaction(on:isolation:_:)`` on one leased connection
/// (inside `db.withConnection { connection in ... }`).
public func withRollbackTransaction<Result>(
    on connection: Connection, isolation: IsolationLevel? = nil, _ body: (Transaction) async throws -> Result
) async throws -> Result {
    try await rollingBack(on: connection, isolation: isolation, body)
}

/// Why a rollback fixture failed although its body did not throw.
public enum RollbackFixtureError: Error, CustomStringConvertible {
    /// `body` ran COMMIT, ROLLBACK or END on the fixture's transaction.
    case transactionEndedByBody

    public var description: String {
        switch self {
        case .transactionEndedByBody:
            "the body of withRollbackTransaction ended the fixture's transaction itself (COMMIT, ROLLBACK or END): "
                + "what it wrote may have been committed and is not rolled back. Leave the end to the fixture; "
                + "use tx.transaction { } for a nested unit that can fail on its own (a savepoint)"
        }
    }
}

/// Thrown out of the transaction's closure after `body` succeeded, so that the runtime rolls
/// back (its `transaction` commits when the closure returns); caught right after.
private struct RollBackAtEnd: Error {}

/// What the fixture opens its transaction on: the runtime's `transaction`, which commits when
/// the closure returns and rolls back when it throws.
protocol TransactionOpener {
    func transaction<Result>(isolation: IsolationLevel?, _ body: (Transaction) async throws -> Result) async throws -> Result
}

extension Database: TransactionOpener {
    func transaction<Result>(isolation: IsolationLevel?, _ body: (Transaction) async throws -> Result) async throws -> Result {
        try await transaction(isolation: isolation, readOnly: false, deferrable: false, retry: .never, body)
    }
}

extension Connection: TransactionOpener {
    func transaction<Result>(isolation: IsolationLevel?, _ body: (Transaction) async throws -> Result) async throws -> Result {
        try await transaction(isolation: isolation, readOnly: false, deferrable: false, body)
    }
}

/// Runs `body` in a transaction on `opener`, checks that the transaction is still the one it
/// began, and throws out of it so that the runtime rolls it back.
private func rollingBack<Result>(
    on opener: some TransactionOpener, isolation: IsolationLevel?, _ body: (Transaction) async throws -> Result
) async throws -> Result {
    var result: Result?
    do {
        try await opener.transaction(isolation: isolation) { tx in
            // The transaction id is assigned here and stays until the transaction ends (savepoints
            // share it); after a COMMIT by the body, the next statement runs in another one.
            let id = try await tx.query("SELECT pg_current_xact_id()::text", as: String.self)
            result = try await body(tx)
            guard try await isStill(id, tx) else { throw RollbackFixtureError.transactionEndedByBody }
            throw RollBackAtEnd()
        }
    } catch is RollBackAtEnd {}
    guard let result else { throw PostgresError(kind: .misuse, message: "the rollback fixture's transaction ended without running its body") }
    return result
}

/// Whether `tx` still runs in the transaction whose id is `id`.
private func isStill(_ id: [String], _ tx: Transaction) async throws -> Bool {
    do {
        return try await tx.query("SELECT pg_current_xact_id_if_assigned()::text", as: String?.self) == id.map { $0 }
    } catch let error as PostgresError where error.sqlState == "25P02" {
        // Aborted by a statement whose error the body caught: still inside the transaction block.
        return true
    }
}
