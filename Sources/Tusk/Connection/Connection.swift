import CLibPQ
import Foundation
import Logging
import Tracing

/// One PostgreSQL session. Most code uses a ``Database`` (a pool) instead; a connection is what
/// `db.withConnection { conn in ... }` lends out for work that needs one session (session
/// settings, advisory locks, `LISTEN`, temporary tables).
///
/// libpq runs in non-blocking mode on a thread this connection owns; Swift tasks only await
/// (a short pooled statement is answered on the task's own thread: ``PostgresConfiguration/inlineAnswerWait``).
/// Cancelling the awaiting Task sends a cancel request and the connection stays usable: the
/// error is the server's answer (`.queryCanceled`, 57014) when it came, else `.cancelled`.
public final class Connection: QueryRunner, @unchecked Sendable {
    let worker: WorkerThread
    // Only touched inside jobs on `worker`.
    let session: LibPQSession
    let cancel: CancelHandle
    public let configuration: PostgresConfiguration
    let logger: Logger
    let createdAt = ContinuousClock.now
    private let operationMetrics: OperationMetrics
    private let state = NSLock()
    private var broken = false
    private var closed = false
    private var lastTransactionStatus = PQTRANS_IDLE
    /// The server's version number (150004 for 15.4).
    public let serverVersion: Int
    /// The database, host and port this connection's spans name.
    let spanTarget: SpanTarget
    /// Where this connection's spans go; nil when no tracer is set or bootstrapped.
    let tracer: (any Tracer)?

    private static let counter = NSLock()
    nonisolated(unsafe) private static var opened = 0

    /// The pool's waiting tasks, for the choice to answer a statement inline (nil for a
    /// connection opened on its own).
    let contention: PoolContention?
    /// The pool's read cache, which this connection's writes invalidate (nil for a connection
    /// opened on its own: its writes reach caches through cross-process notifications only).
    let queryCache: QueryCache?
    /// Tables written in the open transaction, invalidated when it commits (CacheInvalidation.swift).
    var pendingWrites = PendingWrites()
    let pendingWritesLock = NSLock()

    private init(
        worker: WorkerThread, session: LibPQSession, configuration: PostgresConfiguration, serverVersion: Int,
        spanTarget: SpanTarget, queryCache: QueryCache?, contention: PoolContention?
    ) {
        self.queryCache = queryCache
        self.contention = contention
        self.worker = worker
        self.session = session
        self.cancel = session.cancel
        self.configuration = configuration
        self.logger = configuration.logger
        self.serverVersion = serverVersion
        self.operationMetrics = OperationMetrics(factory: configuration.effectiveMetricsFactory)
        self.spanTarget = spanTarget
        self.tracer = Self.tracer(for: configuration)
    }

    /// Opens a connection. Fails with `.connectionFailed` (the message never includes the password).
    public static func connect(_ configuration: PostgresConfiguration) async throws -> Connection {
        try await connect(configuration, queryCache: nil)
    }

    static func connect(
        _ configuration: PostgresConfiguration, queryCache: QueryCache?, contention: PoolContention? = nil
    ) async throws -> Connection {
        let number = counter.withLock {
            opened += 1
            return opened
        }
        try configuration.checkPoolerCompatibility()
        let worker = WorkerThread(name: "tusk-connection-\(number)")
        do {
            let session = try await worker.run { try LibPQSession.connect(configuration) }
            if let setup = configuration.poolerSessionSetup {
                try await worker.run {
                    do { _ = try session.simple(setup.text) } catch {
                        session.close()
                        throw error
                    }
                }
            }
            let (version, target) = try await worker.run {
                (Int(PQserverVersion(session.connection)), SpanTarget(session.connection))
            }
            configuration.logger.debug("connected", metadata: ["connection": "\(number)", "server": "\(configuration)"])
            return Connection(
                worker: worker, session: session, configuration: configuration, serverVersion: version, spanTarget: target,
                queryCache: queryCache, contention: contention)
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

    /// Cancels the running statement and closes the session once it has returned (the pool's
    /// shutdown, when a lease outlives the grace period). The lease holder's next call fails.
    func abort() async {
        markBroken()
        cancel.cancelRunning()
        await close()
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
    ///
    /// Cancelling the task returns at once with `.cancelled` (no SQLSTATE: the server has not
    /// answered, and a statement that writes may still take effect): the cancel request travels
    /// to the server meanwhile, and the connection's thread finishes the statement before it
    /// runs anything else queued on this connection, so the session stays consistent.
    /// Inside `withConnection` the task already runs on that thread and calls libpq inline: a
    /// cancel then returns with the server's answer (57014, or the statement's result).
    nonisolated(nonsending) func perform<T: Sendable>(
        _ statement: String?, _ body: @escaping @Sendable (LibPQSession) throws -> T
    ) async throws -> T {
        if Task.isCancelled { throw Self.cancelledBeforeSending(statement) }
        let token = cancel.makeToken()
        let cancel = self.cancel
        let session = self.session
        /// The statement, on the connection's thread, under its cancel token.
        @Sendable func attempt() -> Result<T, Error> {
            let result = Result<T, Error> {
                guard cancel.begin(token) else { throw Self.cancelledBeforeSending(statement) }
                defer { cancel.end() }
                return try body(session)
            }
            noteState(session, result)
            return result
        }
        if worker.isCurrent {
            // The task already runs on this connection's thread (withConnection's executor
            // preference): call libpq inline, no hop. A cancel then returns when the server
            // answers the cancel request.
            return try await withTaskCancellationHandler {
                try attempt().get()
            } onCancel: {
                cancel.cancel(token)
            }
        }
        let outcome = ResumeOnce<T>()
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, Error>) in
                outcome.install(continuation)
                worker.submit { outcome.resume(with: attempt()) }
            }
        } onCancel: {
            // Resume first, then send the cancel request: sent first, the server's answer to it
            // (57014) could reach the connection's thread and win the race under load. This wins
            // unless the statement's own answer came before the cancel (ResumeOnce).
            outcome.resume(with: .failure(Self.cancelledBeforeTheAnswer(statement)))
            cancel.cancel(token)
        }
    }

    /// A statement begun on the calling thread (``startInlineAnswer(_:mode:trackingWrites:)``).
    enum InlineAnswer {
        case answered(Result<QueryResult, Error>)
        /// Sent, its answer late: the connection's thread finishes it (``awaitLateAnswer(_:token:statement:)``).
        case late(@Sendable (LibPQSession) throws -> QueryResult, token: UInt64)
    }

    /// Sends `statement` from the calling thread when the connection is idle and nobody waits for
    /// the pool, and reads its answer if it comes within `inlineAnswerWait`: no thread wake, as
    /// in a C client. Nil when it did not start (on the connection's thread already, a round trip
    /// needed first, ...): `perform` runs it. Synchronous, so the leased path pays no async frame.
    /// With `trackingWrites`, the statement's cache bookkeeping follows it (`recordingWrites`).
    private func startInlineAnswer(_ statement: SQL, mode: StatementMode, trackingWrites: Bool) -> InlineAnswer? {
        if worker.isCurrent { return nil }
        let wait = configuration.inlineAnswerWait
        guard wait > .zero, contention?.tasksAreWaiting != true, !Task.isCancelled, worker.claimWhileIdle() else { return nil }
        let token = cancel.makeToken()
        guard cancel.beginUnlessCancelling(token) else {
            worker.releaseClaim()
            return nil
        }
        session.lentTo = pthread_self()
        let started = session.startInline(statement, mode: mode, deadline: .now + wait)
        session.lentTo = nil
        switch started {
        case .declined:
            cancel.end()
            worker.releaseClaim()
            return nil
        case .answered(let answer):
            let result = trackingWrites ? Result { try recordingWrites(of: statement, session: session) { try answer.get() } } : answer
            cancel.end()
            noteState(session, result)
            worker.releaseClaim()
            return .answered(result)
        case .waiting(let finish):
            // The claim is released once the task awaits (`awaitLateAnswer`), with this first in line.
            let cancel = self.cancel
            return .late(
                { [self] session in
                    let result = Result<QueryResult, Error> {
                        defer { cancel.end() }
                        guard trackingWrites else { return try finish(session) }
                        return try recordingWrites(of: statement, session: session) { try finish(session) }
                    }
                    noteState(session, result)
                    return try result.get()
                }, token: token)
        }
    }

    /// Awaits a late inline answer as `perform` awaits a job: the connection's thread reads it,
    /// and a cancel returns at once while the cancel request goes out.
    nonisolated(nonsending) private func awaitLateAnswer(
        _ finish: @escaping @Sendable (LibPQSession) throws -> QueryResult, token: UInt64, statement: String
    ) async throws -> QueryResult {
        let outcome = ResumeOnce<QueryResult>()
        let session = self.session, cancel = self.cancel
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<QueryResult, Error>) in
                outcome.install(continuation)
                worker.releaseClaim { outcome.resume(with: Result { try finish(session) }) }
            }
        } onCancel: {
            outcome.resume(with: .failure(Self.cancelledBeforeTheAnswer(statement)))
            cancel.cancel(token)
        }
    }

    /// The task was cancelled before the statement was sent: it did not run.
    static func cancelledBeforeSending(_ statement: String?) -> PostgresError {
        PostgresError(kind: .cancelled, message: "the task was cancelled; the statement was not sent", statement: statement)
    }

    /// The task was cancelled and returned before the server answered (no SQLSTATE: the server
    /// sent none). The cancel request is on its way; a statement that writes may have taken effect.
    static func cancelledBeforeTheAnswer(_ statement: String?) -> PostgresError {
        PostgresError(
            kind: .cancelled,
            message: "the task was cancelled before the server answered: a statement that writes may or may not "
                + "have taken effect (re-read to find out)",
            statement: statement)
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
        let cancel = self.cancel
        return try await worker.run { [self] in
            cancel.waitForCancelRequests()
            let result = Result<T, Error> { try body(session) }
            noteState(session, result)
            return try result.get()
        }
    }

    /// Records what the pool needs to know after each job (on the worker thread): the
    /// transaction status, and whether the session is now unusable.
    private func noteState<T>(_ session: LibPQSession, _ result: Result<T, Error>) {
        let status = session.transactionStatus
        var isBroken = session.isBroken
        if case .failure(let error as PostgresError) = result, error.discardsConnection { isBroken = true }
        if !pendingWritesAreEmpty { settlePendingWrites(status: status, isBroken: isBroken) }
        state.lock()
        lastTransactionStatus = status
        if isBroken { broken = true }
        state.unlock()
    }

    private var pendingWritesAreEmpty: Bool { pendingWritesLock.withLock { pendingWrites.isEmpty } }

    var transactionStatusAfterLastStatement: PGTransactionStatusType {
        state.lock()
        defer { state.unlock() }
        return lastTransactionStatus
    }

    /// The pool's cache, outside a transaction block.
    public var readCache: QueryCache? { isInTransaction ? nil : queryCache }

    /// Runs a statement and returns its rows (binary format, prepared and cached by default).
    /// With a tracer active, the statement is a client span (see ``PostgresConfiguration/tracer``).
    nonisolated(nonsending) public func query(_ statement: SQL) async throws -> QueryResult {
        // `nonisolated(nonsending)` here, in `untracedQuery` and in `perform`: they run on the
        // caller's executor instead of hopping to the generic one on entry and back on return.
        // Inside `withConnection` each hop asked the task for its executor preference under the
        // task's status lock (about 4% of a leased statement's instructions). Without a tracer
        // the statement skips `withSpan`, whose closure is an ordinary async closure: two hops.
        guard tracer != nil else { return try await untracedQuery(statement) }
        return try await withSpan({ .statement(statement.text) }) { try await untracedQuery(statement) }
    }

    nonisolated(nonsending) private func untracedQuery(_ statement: SQL) async throws -> QueryResult {
        let mode = configuration.effectiveStatementMode
        let start = ContinuousClock.now
        do {
            let result: QueryResult
            let tracking = tracksWrites && !statement.writesNothing
            // With a cross-process cache a write is pipelined with its NOTIFY: never inline.
            let inline = tracking && configuration.queryCache.crossProcess
                ? nil : startInlineAnswer(statement, mode: mode, trackingWrites: tracking)
            switch inline {
            case .answered(let answer)?:
                result = try answer.get()
            case .late(let finish, let token)?:
                result = try await awaitLateAnswer(finish, token: token, statement: statement.text)
            case nil where tracking:
                result = try await perform(statement.text) { [self] session in try executeTrackingWrites(statement, mode: mode, session) }
            case nil:
                result = try await perform(statement.text) { session in try session.execute(statement, mode: mode) }
            }
            record(statement.text, since: start, rows: result.count)
            return result
        } catch {
            record(statement.text, since: start, rows: nil, error: error)
            throw error
        }
    }

    /// Runs a SQL script over the simple query protocol: several statements separated by `;`,
    /// no parameters (use ``query(_:)`` for values).
    public func execute(_ script: SQLScript) async throws {
        try await withSpan({ .statement(script.text) }) {
            let start = ContinuousClock.now
            if tracksWrites {
                _ = try await perform(script.text) { [self] session in try executeTrackingWrites(script, session) }
            } else {
                _ = try await perform(script.text) { session in _ = try session.simple(script.text) }
            }
            record(script.text, since: start, rows: nil)
        }
    }

    /// A round trip to the server (an empty query).
    public func ping() async throws {
        _ = try await perform("") { session in _ = try session.simple("") }
    }

    func record(_ statement: String, since start: ContinuousClock.Instant, rows: Int?, error: Error? = nil) {
        let elapsed = ContinuousClock.now - start
        operationMetrics.record(statement, elapsed, error: error)
        if elapsed >= configuration.slowStatementThreshold {
            logger.warning(
                "slow statement", metadata: ["sql": "\(statement.prefix(1000))", "seconds": "\(elapsed.seconds)"])
        } else if logger.logLevel <= .debug {
            logger.debug(
                "statement", metadata: ["sql": "\(statement.prefix(1000))", "rows": "\(rows.map(String.init) ?? "-")"])
        }
    }
}

/// Resumes a continuation exactly once, from whichever comes first: the connection's thread
/// finishing the job, or the task's cancellation handler (which may even run before the
/// continuation exists).
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: UnsafeContinuation<T, Error>?
    private var early: Result<T, Error>?
    private var done = false

    func install(_ continuation: UnsafeContinuation<T, Error>) {
        lock.lock()
        if let early {
            self.early = nil
            lock.unlock()
            continuation.resume(with: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func resume(with result: Result<T, Error>) {
        lock.lock()
        if done {
            lock.unlock()
            return
        }
        done = true
        guard let continuation else {
            early = result
            lock.unlock()
            return
        }
        self.continuation = nil
        lock.unlock()
        continuation.resume(with: result)
    }
}

// LibPQSession is only ever used on its connection's worker thread (jobs run one at a time);
// debug builds assert it at every entry point (LibPQSession.assertConfined).
extension LibPQSession: @unchecked Sendable {}

