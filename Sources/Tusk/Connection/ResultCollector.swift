import CLibPQ

/// The results of one command read so far: the last data-bearing one and the first error.
/// A value, so a command whose answer began to be read on one thread can be finished on another
/// (a statement answered inline, see `LibPQSession.startInline`).
struct ResultCollector {
    let statement: String
    let allowCopy: Bool
    private var kept: QueryResult?
    private var failure: PostgresError?

    init(statement: String, allowCopy: Bool = false) {
        self.statement = statement
        self.allowCopy = allowCopy
    }

    /// Takes one PGresult; returns it when it starts a COPY FROM STDIN that the caller asked
    /// for (the command goes on with data), else nil.
    @inline(__always)
    mutating func take(_ result: OpaquePointer, from session: LibPQSession) throws -> QueryResult? {
        guard let connection = session.connection else { throw session.failure(connectionLostIn: statement) }
        let status = PQresultStatus(result)
        switch status {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_SINGLE_TUPLE:
            kept = QueryResult(handle: result, statement: statement)
        case PGRES_COPY_IN where allowCopy:
            return QueryResult(handle: result, statement: statement)
        case PGRES_COPY_IN, PGRES_COPY_OUT, PGRES_COPY_BOTH:
            PQclear(result)
            failure = failure ?? .misuse("COPY is not supported here; use copyIn(...)")
            // Leave copy mode so the connection stays usable.
            if status == PGRES_COPY_IN { _ = PQputCopyEnd(connection, "not supported"); try session.flush(statement) }
        default:
            if failure == nil { failure = session.serverError(from: result, statement: statement) }
            PQclear(result)
        }
        if PQstatus(connection) == CONNECTION_BAD { throw session.failure(connectionLostIn: statement) }
        return nil
    }

    /// The command's outcome once libpq has no more results: the first error, else the kept result.
    @inline(__always)
    func finish(_ session: LibPQSession) throws -> QueryResult {
        if let failure {
            if failure.kind == .adminShutdown || failure.kind == .connectionLost || !session.isConnectionOK {
                session.markBroken()
            }
            throw failure
        }
        guard let kept else { throw session.failure(connectionLostIn: statement) }
        return kept
    }
}
