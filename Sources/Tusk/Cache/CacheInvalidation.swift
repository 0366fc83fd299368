import CLibPQ

/// The writes of an open transaction, waiting for its end: invalidated if it commits (or might
/// have), dropped if it rolls back.
struct PendingWrites: Sendable {
    var tables: TableSet = .none
    /// A raw statement ran in the transaction while the cache was unused, unclassified: if the
    /// cache is in use by the commit, everything is invalidated.
    var unclassified = false

    var isEmpty: Bool { tables.isEmpty && !unclassified }
}

extension Connection {
    /// Whether this connection's writes need any cache bookkeeping at all.
    var tracksWrites: Bool { queryCache != nil || configuration.queryCache.crossProcess }

    /// `SELECT pg_notify(channel, tables)`: sent in the same transaction as a write when the
    /// cache is cross-process, so other processes hear of it exactly when it commits.
    func invalidationNotice(_ tables: TableSet) -> SQL? {
        guard configuration.queryCache.crossProcess, let payload = tables.notificationPayload(from: queryCache?.origin) else { return nil }
        return SQL(text: "SELECT pg_notify($1, $2)", bindings: [PostgresBinding(configuration.queryCache.channel), PostgresBinding(payload)])
    }

    /// After a statement that may write has finished on the connection's thread (so even when
    /// the awaiting task was cancelled, this runs when the server is done): invalidates its
    /// tables at once outside a transaction, or keeps them for the commit inside one.
    /// `succeeded` is false for a server error (nothing was written); a lost session counts as
    /// success, since the write may have committed.
    func noteWrite(_ writes: () -> TableSet, isRaw: Bool, succeeded: Bool, session: LibPQSession) {
        guard succeeded, let cache = queryCache else { return }
        let inTransaction = session.transactionStatus == PQTRANS_INTRANS || session.transactionStatus == PQTRANS_INERROR
        if inTransaction {
            if cache.isInUse || !isRaw {
                let tables = writes()
                pendingWritesLock.withLock { pendingWrites.tables = pendingWrites.tables.union(tables) }
            } else {
                pendingWritesLock.withLock { pendingWrites.unclassified = true }
            }
        } else if cache.isInUse {
            // Decided after the statement: a cached read that began before this point stores
            // nothing older than the write (generations), one that begins after it reads the write.
            cache.invalidate(writes())
        }
    }

    /// The transaction rolled back: its writes invalidate nothing.
    func discardPendingWrites() {
        pendingWritesLock.withLock { pendingWrites = PendingWrites() }
    }

    /// At a savepoint: what the transaction wrote so far, to go back to if it is rolled back to.
    func pendingWritesMark() -> PendingWrites { pendingWritesLock.withLock { pendingWrites } }

    func restorePendingWrites(_ mark: PendingWrites) { pendingWritesLock.withLock { pendingWrites = mark } }

    /// Called after every job on the connection's thread: once the session is out of its
    /// transaction (committed, or lost while its outcome is unknown) the pending writes are
    /// invalidated. Rollbacks discard them first (``discardPendingWrites()``), so only a commit,
    /// or a transaction whose end nobody saw, gets here with writes pending.
    func settlePendingWrites(status: PGTransactionStatusType, isBroken: Bool) {
        guard status == PQTRANS_IDLE || isBroken, let cache = queryCache else { return }
        let pending: PendingWrites = pendingWritesLock.withLock {
            defer { pendingWrites = PendingWrites() }
            return pendingWrites
        }
        guard !pending.isEmpty else { return }
        cache.invalidate(pending.unclassified && cache.isInUse ? .all : pending.tables)
    }
}

extension Connection {
    /// Runs `statement` (on the connection's thread) with its cache bookkeeping: a write goes out
    /// pipelined with its NOTIFY in one transaction when the cache is cross-process, and its
    /// tables are invalidated (or kept for the commit) once the server is done.
    func executeTrackingWrites(_ statement: SQL, mode: StatementMode, _ session: LibPQSession) throws -> QueryResult {
        let isRaw = statement.writes == .inferred
        var notice: SQL?
        var classified: TableSet?
        if configuration.queryCache.crossProcess {
            let tables = statement.writtenTables
            classified = tables
            notice = invalidationNotice(tables)
        }
        let writes = { classified ?? statement.writtenTables }
        return try recordingWrites(writes, isRaw: isRaw, session: session) {
            if let notice {
                return try session.pipeline([statement, notice], mode: .atomic, statementMode: mode)[0].get()
            }
            return try session.execute(statement, mode: mode)
        }
    }

    /// Runs `statement`'s round trip (`run`, however it is sent) and then its cache bookkeeping,
    /// on the thread that holds the session.
    func recordingWrites(of statement: SQL, session: LibPQSession, _ run: () throws -> QueryResult) throws -> QueryResult {
        try recordingWrites({ statement.writtenTables }, isRaw: statement.writes == .inferred, session: session, run)
    }

    private func recordingWrites(
        _ writes: () -> TableSet, isRaw: Bool, session: LibPQSession, _ run: () throws -> QueryResult
    ) throws -> QueryResult {
        do {
            let result = try run()
            noteWrite(writes, isRaw: isRaw, succeeded: true, session: session)
            return result
        } catch let error as PostgresError {
            noteWrite(writes, isRaw: isRaw, succeeded: error.lostTheSession, session: session)
            throw error
        }
    }

    /// The same for a script: its NOTIFY (all tables, a script is raw SQL) is appended to it.
    func executeTrackingWrites(_ script: SQLScript, _ session: LibPQSession) throws -> QueryResult {
        var text = script.text
        var writes: TableSet?
        if configuration.queryCache.crossProcess {
            let tables = TableSet.inferred(from: script.text)
            writes = tables
            if let payload = tables.notificationPayload(from: queryCache?.origin) {
                text += ";\nSELECT pg_notify(" + SQLScript.quotedLiteral(configuration.queryCache.channel) + ", "
                    + SQLScript.quotedLiteral(payload) + ")"
            }
        }
        do {
            let result = try session.simple(text)
            // A script that rolled its transaction back wrote nothing.
            if result.commandTag == "ROLLBACK" { discardPendingWrites() }
            noteWrite({ writes ?? TableSet.inferred(from: script.text) }, isRaw: true, succeeded: true, session: session)
            return result
        } catch let error as PostgresError {
            // Earlier statements of the script may have committed: conservative.
            noteWrite({ .all }, isRaw: true, succeeded: true, session: session)
            throw error
        }
    }
}
