import CLibPQ

/// How a pipelined batch treats a failing statement.
public enum BatchMode: Sendable, Hashable {
    /// Each statement is its own implicit transaction (a sync point after each): a failure
    /// affects only that statement; the others still run and commit.
    case independent
    /// The whole batch is one implicit transaction (one sync point): the first failure rolls
    /// back the statements before it, and the ones after it are skipped (reported as
    /// `.server` errors with SQLSTATE 25P02 semantics: "skipped: an earlier statement failed").
    case atomic
}

extension Connection {
    /// Sends all `statements` in libpq pipeline mode — one round trip for the lot — and returns
    /// one result per statement, in order. Errors are per statement (see ``BatchMode``).
    /// A batch cannot run inside a transaction started with `BEGIN` on this connection in
    /// `.atomic` mode semantics beyond that transaction's own: the statements then simply join it.
    public func batch(_ statements: [SQL], mode: BatchMode = .independent) async throws -> [Result<QueryResult, PostgresError>] {
        if statements.isEmpty { return [] }
        return try await withSpan({ .batch(statements.map(\.text)) }) { try await untracedBatch(statements, mode: mode) }
    }

    private func untracedBatch(_ statements: [SQL], mode: BatchMode) async throws -> [Result<QueryResult, PostgresError>] {
        let start = ContinuousClock.now
        let statementMode = configuration.effectiveStatementMode
        let tracks = tracksWrites
        let results = try await perform("batch of \(statements.count) statements") { [self] session in
            guard tracks else { return try session.pipeline(statements, mode: mode, statementMode: statementMode) }
            // The batch's writes: one NOTIFY after them (in their transaction when atomic).
            let writes = { statements.reduce(TableSet.none) { $0.union($1.writtenTables) } }
            let tables = configuration.queryCache.crossProcess ? writes() : nil
            let notice = tables.flatMap(invalidationNotice)
            let results = try session.pipeline(statements + (notice.map { [$0] } ?? []), mode: mode, statementMode: statementMode)
            noteWrite({ tables ?? writes() }, isRaw: statements.contains { $0.writes == .inferred }, succeeded: true, session: session)
            return Array(results.prefix(statements.count))
        }
        record("batch of \(statements.count) statements", since: start, rows: nil)
        return results
    }
}

extension Database {
    /// Pipelines `statements` on one pooled connection. See ``Connection/batch(_:mode:)``.
    public func batch(_ statements: [SQL], mode: BatchMode = .independent) async throws -> [Result<QueryResult, PostgresError>] {
        try await withConnectionForOneJob(fencing: statements.contains { $0.mayWrite }) { try await $0.batch(statements, mode: mode) }
    }
}

extension LibPQSession {
    private enum Sent {
        case prepared(PreparedStatementCache.Key, prepareSent: Bool)
        case unnamed
    }

    func pipeline(_ statements: [SQL], mode: BatchMode, statementMode: StatementMode) throws -> [Result<QueryResult, PostgresError>] {
        // Encode first: resolving a named type runs a query, which pipeline mode would not allow.
        let encoded = try statements.map { try encode($0) }
        return try operation(.pipelining, nil) {
            try runPipeline(statements, encoded, mode: mode, statementMode: statementMode)
        }
    }

    private func runPipeline(
        _ statements: [SQL], _ encoded: [EncodedParameters], mode: BatchMode, statementMode: StatementMode
    ) throws -> [Result<QueryResult, PostgresError>] {
        let connection = try liveConnection()
        guard PQenterPipelineMode(connection) == 1 else { throw failure("cannot enter pipeline mode") }
        // Leaving fails only when results are still pending (an error mid-batch): the session's
        // protocol state is then unknown, so the pool must not reuse it.
        defer { if PQexitPipelineMode(connection) == 0 { markBroken() } }
        var sent: [Sent] = []
        for (statement, parameters) in zip(statements, encoded) {
            switch statementMode {
            case .unnamed:
                guard parameters.sendUnnamed(statement.text, on: connection) else { throw failure("cannot queue a statement") }
                sent.append(.unnamed)
            case .prepared:
                let key = PreparedStatementCache.Key(text: statement.text, parameterTypes: parameters.types)
                var name = lookupPrepared(key)
                let prepare = name == nil
                if prepare {
                    let inserted = insertPrepared(key)
                    name = inserted
                    let ok = parameters.types.withUnsafeBufferPointer {
                        PQsendPrepare(connection, inserted, statement.text, Int32($0.count), $0.baseAddress)
                    }
                    guard ok == 1 else { throw failure("cannot queue a prepare") }
                }
                guard let name, parameters.sendPrepared(name, on: connection) else { throw failure("cannot queue a statement") }
                sent.append(.prepared(key, prepareSent: prepare))
            }
            if mode == .independent { guard PQpipelineSync(connection) == 1 else { throw failure("cannot sync") } }
        }
        if mode == .atomic { guard PQpipelineSync(connection) == 1 else { throw failure("cannot sync") } }
        try flush(nil)

        var results: [Result<QueryResult, PostgresError>] = []
        results.reserveCapacity(statements.count)
        for (statement, what) in zip(statements, sent) {
            var prepareError: PostgresError?
            if case .prepared(let key, true) = what {
                if let error = try pipelineResult(statement.text).failureValue {
                    prepareError = error
                    forgetPrepared(key)
                }
            }
            let outcome = try pipelineResult(statement.text)
            if let prepareError, case .failure = outcome {
                results.append(.failure(prepareError))
            } else {
                results.append(outcome)
            }
            if mode == .independent { try expectSync() }
        }
        if mode == .atomic { try expectSync() }
        return results
    }

    /// Reads one queued command's result and the NULL that ends it.
    private func pipelineResult(_ statement: String) throws -> Result<QueryResult, PostgresError> {
        guard let result = try nextResult(statement) else { throw failure("pipeline ended early") }
        let outcome: Result<QueryResult, PostgresError>
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            outcome = .success(QueryResult(handle: result, statement: statement))
        case PGRES_PIPELINE_ABORTED:
            PQclear(result)
            outcome = .failure(
                PostgresError(
                    kind: .server, message: "skipped: an earlier statement in the batch failed", sqlState: "25P02",
                    statement: statement))
        default:
            outcome = .failure(serverError(from: result, statement: statement))
            PQclear(result)
        }
        if let extra = try nextResult(statement) {  // the NULL that ends this command
            PQclear(extra)
            throw failure("unexpected extra result in a pipeline")
        }
        return outcome
    }

    private func expectSync() throws {
        guard let result = try nextResult(nil) else { throw failure("missing pipeline sync") }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_PIPELINE_SYNC else { throw failure("expected a pipeline sync") }
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
