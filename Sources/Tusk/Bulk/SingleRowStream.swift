import CLibPQ

/// The fallback for a ``QueryStream`` whose statement cannot be a cursor (`INSERT ...
/// RETURNING`, `EXPLAIN`, `SHOW`, ...): libpq's single-row mode, a PGresult per row, as many
/// as have already arrived taken per hop to the connection's thread.
extension LibPQSession {
    func sendSingleRow(_ sql: SQL, _ parameters: EncodedParameters) throws {
        let connection = try liveConnection()
        guard parameters.sendUnnamed(sql.text, on: connection) else { throw failure("cannot send the query") }
        // Must come right after sending, before any result is read.
        _ = PQsetSingleRowMode(connection)
        try flush(sql.text)
    }

    /// Up to `max` rows: waits for the first, then takes only what has already arrived.
    func fetchSingleRows(max: Int, _ statement: String) throws -> (rows: [QueryResult], done: Bool) {
        let connection = try liveConnection()
        var rows: [QueryResult] = []
        while rows.count < max {
            if !rows.isEmpty && PQisBusy(connection) == 1 {
                guard PQconsumeInput(connection) == 1 else { throw failure("reading rows") }
                if PQisBusy(connection) == 1 { break }
            }
            guard let result = try nextResult(statement) else { return (rows, true) }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                rows.append(QueryResult(handle: result, statement: statement))
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK:
                PQclear(result)  // the end of the rows; a NULL follows
            default:
                let error = serverError(from: result, statement: statement)
                PQclear(result)
                while let rest = try nextResult(statement) { PQclear(rest) }
                throw error
            }
        }
        return (rows, false)
    }

    /// Cancels the unfinished query on the server and discards what is still in flight.
    func stopSingleRows() {
        sendCancelRequest()
        while let result = try? nextResult(nil) { PQclear(result) }
    }

    /// Asks the server to cancel what this session runs now (blocking until it has signalled
    /// the backend, so a later statement is never hit).
    func sendCancelRequest() {
        guard let connection, let cancel = PQgetCancel(connection) else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &buffer, Int32(buffer.count))
        PQfreeCancel(cancel)
    }
}
