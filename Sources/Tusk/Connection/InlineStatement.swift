import CLibPQ

/// How a statement started inline stands (``LibPQSession/startInline(_:mode:deadline:)``).
enum InlineStatement {
    /// Not a statement the inline path takes (it needs a round trip first: preparing, a type's
    /// OID, a deallocation); nothing was done.
    case declined
    /// Answered before the deadline: the result or the error, the session idle again.
    case answered(Result<QueryResult, Error>)
    /// Sent and not yet answered: the connection's thread finishes it with this (waiting as
    /// long as it takes) and the session is idle after it.
    case waiting(@Sendable (LibPQSession) throws -> QueryResult)
}

extension LibPQSession {
    /// Sends `sql` from the calling thread, which holds the connection (`WorkerThread.claimWhileIdle`)
    /// and is usually one of Swift's cooperative threads, and reads the answer if it comes by
    /// `deadline`. A short statement then costs no thread wake at all, as in a C client; one
    /// that takes longer is handed to the connection's thread, so the calling thread waits at
    /// most until `deadline` (``PostgresConfiguration/inlineAnswerWait``).
    func startInline(_ sql: SQL, mode: StatementMode, deadline: ContinuousClock.Instant) -> InlineStatement {
        guard state == .idle, !hasPendingDeallocations, isConnectionOK, knowsTypes(of: sql), let connection else {
            return .declined
        }
        let parameters: EncodedParameters
        do {
            parameters = try encode(sql)
        } catch {
            return .answered(.failure(error))
        }
        let key = PreparedStatementCache.Key(text: sql.text, parameterTypes: parameters.types)
        let sent: Bool
        switch mode {
        case .prepared:
            guard let name = lookupPrepared(key) else { return .declined }
            sent = parameters.sendPrepared(name, on: connection)
        case .unnamed:
            sent = parameters.sendUnnamed(sql.text, on: connection)
        }
        // Idle, checked above: entering cannot fail (and goes through the one place that changes state).
        do { try enter(.busy, sql.text) } catch { return .answered(.failure(error)) }
        var collector = ResultCollector(statement: sql.text)
        /// The rest, on the connection's thread: flush what is left, read the answer, and
        /// prepare again if the plan was stale (as `execute` does).
        func waiting(flushFirst: Bool, retryOnly: PostgresError? = nil) -> InlineStatement {
            .waiting { [collector] session in
                defer { session.leave() }
                var collector = collector
                do {
                    if let retryOnly { throw retryOnly }
                    if flushFirst { try session.flush(sql.text) }
                    return try session.finishCollecting(&collector)
                } catch let error as PostgresError where mode == .prepared && Self.needsReprepare(error) {
                    return try session.executeWithNewPlan(key, parameters, after: error)
                }
            }
        }
        guard sent else {
            defer { leave() }
            return .answered(.failure(failure(connectionLostIn: sql.text)))
        }
        switch PQflush(connection) {
        case 0: break
        case 1: return waiting(flushFirst: true)  // the socket is full: rare for one statement
        default:
            defer { leave() }
            return .answered(.failure(failure(connectionLostIn: sql.text)))
        }
        do {
            while true {
                while PQisBusy(connection) == 1 {
                    guard waitUntilReadable(PQsocket(connection), deadline: deadline) else { return waiting(flushFirst: false) }
                    if PQconsumeInput(connection) == 0 { throw failure(connectionLostIn: sql.text) }
                }
                guard let result = PQgetResult(connection) else { break }
                _ = try collector.take(result, from: self)
            }
            let result = try collector.finish(self)
            leave()
            return .answered(.success(result))
        } catch let error as PostgresError where mode == .prepared && Self.needsReprepare(error) {
            return waiting(flushFirst: false, retryOnly: error)
        } catch {
            leave()
            return .answered(.failure(error))
        }
    }
}
