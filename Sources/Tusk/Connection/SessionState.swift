import Foundation

/// What a ``LibPQSession`` is doing. Every entry point goes through ``LibPQSession/enter(_:_:)``
/// (only from `.idle`) and ``LibPQSession/leave()``, so a session never mixes protocols: no
/// statement, pipeline or COPY starts while a row stream is open, and so on.
enum SessionState: Equatable {
    /// Ready for the next operation.
    case idle
    /// One statement or script is running (sent, results being read).
    case busy
    /// A single-row-mode query is open (``QueryStream``): rows are read chunk by chunk.
    case streaming
    /// A batch is in libpq pipeline mode.
    case pipelining
    /// `COPY ... FROM STDIN` is taking data.
    case copying
    /// The socket failed or the server ended the session; only `close()` is left.
    case broken

    var activity: String {
        switch self {
        case .idle: "nothing"
        case .busy: "a statement"
        case .streaming: "a row stream (finish or drop it first)"
        case .pipelining: "a pipelined batch"
        case .copying: "a COPY (finish it first)"
        case .broken: "nothing: it is broken"
        }
    }
}

extension LibPQSession {
    /// Starts an operation of kind `next`: refused with `.misuse` unless the session is idle,
    /// with `.connectionLost` (or the server's reason) when it is broken.
    func enter(_ next: SessionState, _ statement: String?) throws {
        assertConfined()
        switch state {
        case .idle:
            state = next
        case .broken:
            throw closedError(statement)
        default:
            throw PostgresError(
                kind: .misuse, message: "the connection is busy with \(state.activity); this operation cannot start now",
                statement: statement)
        }
    }

    /// Ends the current operation (a broken session stays broken).
    func leave() {
        if state != .broken { state = .idle }
    }

    /// Runs a whole operation of kind `kind` between `enter` and `leave`.
    func operation<T>(_ kind: SessionState, _ statement: String?, _ body: () throws -> T) throws -> T {
        try enter(kind, statement)
        defer { leave() }
        return try body()
    }

    /// Requires an operation begun earlier (a stream's next chunk, COPY data).
    func expect(_ current: SessionState, _ statement: String?) throws {
        assertConfined()
        guard state == current else {
            if state == .broken { throw closedError(statement) }
            throw PostgresError(
                kind: .misuse, message: "the connection is not in \(current.activity) but busy with \(state.activity)",
                statement: statement)
        }
    }
}
