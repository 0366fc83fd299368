import CLibPQ
import Foundation
import Logging
import Metrics

/// One PostgreSQL session. Most code uses a ``Database`` (a pool) instead; a connection is what
/// `db.withConnection { conn in ... }` lends out for work that needs one session (session
/// settings, advisory locks, `LISTEN`, temporary tables).
///
/// libpq runs in non-blocking mode on a thread this connection owns; Swift tasks only await.
/// Cancelling the awaiting Task sends a cancel request (the statement fails with
/// `.queryCanceled`, SQLSTATE 57014) and the connection stays usable.
public final class Connection: QueryRunner, @unchecked Sendable {
    let worker: WorkerThread
    // Only touched inside jobs on `worker`.
    let session: LibPQSession
    let cancel: CancelHandle
    public let configuration: PostgresConfiguration
    let logger: Logger
    let createdAt = ContinuousClock.now
    private let queryTimer: Metrics.Timer
    private let state = NSLock()
    private var broken = false
    private var closed = false
    private var lastTransactionStatus = PQTRANS_IDLE
    /// The server's version number (150004 for 15.4).
    public let serverVersion: Int

    private static let counter = NSLock()
    nonisolated(unsafe) private static var opened = 0

    private init(worker: WorkerThread, session: LibPQSession, configuration: PostgresConfiguration, serverVersion: Int) {
        self.worker = worker
        self.session = session
        self.cancel = session.cancel
        self.configuration = configuration
        self.logger = configuration.logger
        self.serverVersion = serverVersion
        self.queryTimer = Metrics.Timer(label: "tusk.query.duration")
    }

    /// Opens a connection. Fails with `.connectionFailed` (the message never includes the password).
    public static func connect(_ configuration: PostgresConfiguration) async throws -> Connection {
        let number = counter.withLock {
            opened += 1
            return opened
        }
        let worker = WorkerThread(name: "tusk-connection-\(number)")
        do {
            let session = try await worker.run { try LibPQSession.connect(configuration) }
            let version = try await worker.run { Int(PQserverVersion(session.connection)) }
            configuration.logger.debug("connected", metadata: ["connection": "\(number)", "server": "\(configuration)"])
            return Connection(worker: worker, session: session, configuration: configuration, serverVersion: version)
        } catch {
            worker.stop()
            throw error
        }
    }

    deinit {
        let session = self.session
        worker.submit { session.close() }
        worker.stop()
    }

    /// True once the connection failed in a way that makes it unusable (the pool discards it).
    public var isBroken: Bool {
        state.lock()
        defer { state.unlock() }
        return broken || closed
    }

    func markBroken() {
        state.lock()
        broken = true
        state.unlock()
    }

    /// Closes the session. Later calls fail with `.connectionLost`.
    public func close() async {
        let wasClosed = state.withLock {
            defer { closed = true }
            return closed
        }
        if wasClosed { return }
        _ = try? await worker.run { [session] in session.close() }
    }

    /// Runs `body` on the connection's thread, with Task cancellation wired to a cancel request.
    func perform<T: Sendable>(
        _ statement: String?, _ body: @escaping @Sendable (LibPQSession) throws -> T
    ) async throws -> T {
        if Task.isCancelled {
            throw PostgresError(kind: .queryCanceled, message: "the task was cancelled", statement: statement)
        }
        let token = cancel.makeToken()
        let cancel = self.cancel
        return try await withTaskCancellationHandler {
            try await job(statement) { session in
                guard cancel.begin(token) else {
                    throw PostgresError(kind: .queryCanceled, message: "the task was cancelled", statement: statement)
                }
                defer { cancel.end() }
                return try body(session)
            }
        } onCancel: {
            cancel.cancel(token)
        }
    }

    /// Like `perform`, but ignores Task cancellation: for ROLLBACK and cleanup that must happen.
    func performUncancellable<T: Sendable>(
        _ statement: String?, _ body: @escaping @Sendable (LibPQSession) throws -> T
    ) async throws -> T {
        try await job(statement, body)
    }

    private func job<T: Sendable>(
        _ statement: String?, _ body: @escaping @Sendable (LibPQSession) throws -> T
    ) async throws -> T {
        let session = self.session
        do {
            return try await worker.run { [self] in
                defer { noteState(session) }
                return try body(session)
            }
        } catch let error as PostgresError {
            if error.discardsConnection { markBroken() }
            throw error
        }
    }

    /// Records what the pool needs to know after each job (on the worker thread).
    private func noteState(_ session: LibPQSession) {
        let status = session.transactionStatus
        let isBroken = session.isBroken
        state.lock()
        lastTransactionStatus = status
        if isBroken { broken = true }
        state.unlock()
    }

    var transactionStatusAfterLastStatement: PGTransactionStatusType {
        state.lock()
        defer { state.unlock() }
        return lastTransactionStatus
    }

    /// Runs a statement and returns its rows (binary format, prepared and cached by default).
    public func query(_ statement: SQL) async throws -> QueryResult {
        let mode = configuration.statementMode
        let start = ContinuousClock.now
        do {
            let result = try await perform(statement.text) { session in try session.execute(statement, mode: mode) }
            record(statement.text, since: start, rows: result.count)
            return result
        } catch {
            record(statement.text, since: start, rows: nil)
            throw error
        }
    }

    /// Runs a SQL script over the simple query protocol: several statements separated by `;`,
    /// no parameters (use ``query(_:)`` for values).
    public func execute(_ script: String) async throws {
        let start = ContinuousClock.now
        _ = try await perform(script) { session in _ = try session.simple(script) }
        record(script, since: start, rows: nil)
    }

    /// A round trip to the server (an empty query).
    public func ping() async throws {
        _ = try await perform("") { session in _ = try session.simple("") }
    }

    func record(_ statement: String, since start: ContinuousClock.Instant, rows: Int?) {
        let elapsed = ContinuousClock.now - start
        queryTimer.recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        if elapsed >= configuration.slowStatementThreshold {
            logger.warning(
                "slow statement", metadata: ["sql": "\(statement.prefix(1000))", "seconds": "\(elapsed.seconds)"])
        } else if logger.logLevel <= .debug {
            logger.debug(
                "statement", metadata: ["sql": "\(statement.prefix(1000))", "rows": "\(rows.map(String.init) ?? "-")"])
        }
    }
}

// LibPQSession is only ever used on its connection's worker thread (jobs run one at a time).
extension LibPQSession: @unchecked Sendable {}
