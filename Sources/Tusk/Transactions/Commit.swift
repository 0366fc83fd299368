import CLibPQ

extension Connection {
    /// Sends COMMIT (not cancellable: it must not be interrupted half-way).
    ///
    /// When the session is lost while COMMIT is in flight (the socket closed, or the server ended
    /// the session with a FATAL), nobody knows whether the transaction committed: the error is
    /// `.commitOutcomeUnknown` (never retryable; the loss is its `underlying` error), so neither
    /// the caller nor `transaction(retry:)` runs the work a second time by mistake. An answer
    /// from the server (a deferred constraint's 23505, a serialization failure) is reported as
    /// it is: the transaction was rolled back.
    func commit() async throws {
        try await withSpan({ .statement("COMMIT") }) { try await untracedCommit() }
    }

    private func untracedCommit() async throws {
        let tag: String
        do {
            tag = try await performUncancellable("COMMIT") { [self] session in
                do {
                    let tag = try session.simple("COMMIT").commandTag
                    if tag == "ROLLBACK" { discardPendingWrites() }
                    return tag
                } catch let error as PostgresError where !error.lostTheSession {
                    discardPendingWrites()  // the server answered: rolled back
                    throw error
                }
            }
        } catch let error as PostgresError where error.lostTheSession {
            throw PostgresError(
                kind: .commitOutcomeUnknown,
                message: "the connection was lost while COMMIT was in flight (\(error.message)): the transaction may or "
                    + "may not have committed; re-read to find out, or make the work idempotent (a unique key) before retrying",
                sqlState: error.sqlState, severity: error.severity, statement: "COMMIT", underlying: error)
        }
        if tag == "ROLLBACK" {
            throw PostgresError(
                kind: .server, message: "the transaction was aborted by an earlier error and has been rolled back",
                sqlState: "25P02")
        }
    }
}

extension PostgresError {
    /// The session ended before the server's answer arrived (class 08, or 57P01-57P03).
    var lostTheSession: Bool {
        kind == .connectionLost || kind == .adminShutdown || (sqlState?.hasPrefix("08") ?? false)
    }
}
