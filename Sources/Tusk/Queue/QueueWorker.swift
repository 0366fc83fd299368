import Foundation
import Logging
import ServiceLifecycle

/// Runs the jobs of one queue: claims them with `FOR UPDATE SKIP LOCKED` (so any number of
/// workers, in any number of processes, never run one job twice at once), runs up to
/// `concurrency` at a time, keeps each claim alive with a heartbeat, retries failures after the
/// kind's backoff, and marks a job `dead` after its last attempt.
///
/// Idle workers wake on the NOTIFY that `enqueue` sends, and poll every `pollInterval` as a
/// fallback (a job scheduled for later, a lost notification). A job whose worker died (its
/// heartbeat stopped: process killed, connection lost) is claimed again once its
/// `visibilityTimeout` has passed, as a new attempt.
///
/// ```swift
/// var worker = QueueWorker(db: db, queue: "embeddings")
/// worker.register(EmbedDocumentJob.self) { payload, job in try await embed(payload.documentID) }
/// try await worker.run()      // until the task is cancelled; in-flight jobs finish first
/// ```
public struct QueueWorker: Sendable {
    public let db: Database
    public let queue: String
    public var concurrency: Int
    public var pollInterval: Duration
    public var visibilityTimeout: Duration
    /// Names this worker in `tusk_jobs.locked_by`.
    public let workerID: String
    private var handlers: [String: Handler] = [:]

    private struct Handler: Sendable {
        let backoff: JobBackoff
        let run: @Sendable (PostgresJSON, JobContext) async throws -> Void
    }

    public init(
        db: Database, queue: String = "default", concurrency: Int = 4, pollInterval: Duration = .seconds(1),
        visibilityTimeout: Duration = .seconds(30)
    ) {
        self.db = db
        self.queue = queue
        self.concurrency = max(1, concurrency)
        self.pollInterval = pollInterval
        self.visibilityTimeout = visibilityTimeout
        self.workerID = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
    }

    /// Runs `handler` for the jobs of `kind`; a thrown error fails the attempt.
    public mutating func register<Kind: JobKind>(
        _ kind: Kind.Type, _ handler: @escaping @Sendable (Kind.Payload, JobContext) async throws -> Void
    ) {
        handlers[Kind.name] = Handler(backoff: Kind.backoff) { json, context in
            let payload: Kind.Payload
            do {
                payload = try json.decode(Kind.Payload.self)
            } catch {
                throw PostgresError(
                    kind: .decodingFailed, message: "the payload of \(Kind.name) job \(context.id) does not decode: \(error)",
                    underlying: error)
            }
            try await handler(payload, context)
        }
    }

    /// Claims and runs jobs until the task is cancelled or, in a `ServiceGroup`, a graceful
    /// shutdown begins. Then it claims nothing more; a job in flight either finishes, or (when
    /// its handler stops on the cancellation) is released for another worker without counting
    /// as a failed attempt.
    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.claimAndRunUntilCancelled() }
    }

    private func claimAndRunUntilCancelled() async throws {
        let wakeups = try await db.notifications(channel: JobQueueSQL.channel, bufferSize: 16)
        let signal = WakeSignal()
        let listener = Task {
            for await event in wakeups {
                if case .notification(let note) = event, note.payload != queue { continue }
                signal.wake()  // a gap may have hidden a new job: look as well
            }
        }
        defer { listener.cancel() }
        // `concurrency` loops, each claiming and running one job at a time.
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while !Task.isCancelled {
                        if let job = await claimLoggingErrors() {
                            await execute(job)
                        } else {
                            await signal.wait(timeout: pollInterval)
                        }
                    }
                }
            }
        }
    }

    // MARK: One job

    struct ClaimedJob: Sendable {
        let id: Int64
        let kind: String
        let payload: PostgresJSON
        let attempt: Int
        let maxAttempts: Int
    }

    private func claimLoggingErrors() async -> ClaimedJob? {
        do {
            return try await claim()
        } catch {
            if Task.isCancelled { return nil }  // stopping: not a failure worth a log line
            db.configuration.logger.warning("job queue: claiming failed", metadata: ["queue": "\(queue)", "error": "\(error)"])
            return nil
        }
    }

    /// Takes the next due job of this queue, or one whose worker stopped heartbeating (never
    /// one of this worker's own: a heartbeat that lagged under load must not start a second run).
    func claim() async throws -> ClaimedJob? {
        let kinds = Array(handlers.keys)
        let visibility = visibilityTimeout.seconds
        let row = try await db.queryFirst(("""
            UPDATE tusk_jobs SET state = 'running', attempts = attempts + 1, locked_by = \(workerID),
                locked_until = now() + make_interval(secs => \(visibility))
            WHERE id = (
                SELECT id FROM tusk_jobs
                WHERE queue = \(queue) AND kind = ANY(\(kinds))
                  AND ((state = 'available' AND run_at <= now())
                       OR (state = 'running' AND locked_until < now() AND locked_by <> \(workerID)))
                ORDER BY priority DESC, run_at, id
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING id, kind, payload, attempts, max_attempts
            """ as SQL).invalidating(tables: JobQueueSQL.tables), as: Int64.self, String.self, PostgresJSON.self, Int32.self, Int32.self)
        return row.map { ClaimedJob(id: $0.0, kind: $0.1, payload: $0.2, attempt: Int($0.3), maxAttempts: Int($0.4)) }
    }

    private func execute(_ job: ClaimedJob) async {
        let context = JobContext(id: job.id, attempt: job.attempt, db: db)
        let heartbeat = Task { await keepClaimed(job.id) }
        let outcome: JobOutcome
        do {
            guard let handler = handlers[job.kind] else {
                throw QueueWorkerError(message: "no handler registered for job kind \(job.kind)")
            }
            try await handler.run(job.payload, context)
            outcome = .done
        } catch {
            outcome = Task.isCancelled && Self.isCancellation(error) ? .released : .failed(error)
        }
        heartbeat.cancel()
        await record(outcome, of: job)
    }

    private enum JobOutcome {
        case done
        case failed(Error)
        /// Stopped by the worker's shutdown: back to available, the attempt not counted.
        case released
    }

    private static func isCancellation(_ error: Error) -> Bool {
        error is CancellationError || (error as? PostgresError)?.kind == .cancelled
            || (error as? PostgresError)?.kind == .queryCanceled
    }

    /// Pushes `locked_until` forward every third of the visibility timeout while the job runs.
    private func keepClaimed(_ id: Int64) async {
        let visibility = visibilityTimeout.seconds
        while !Task.isCancelled {
            try? await Task.sleep(for: visibilityTimeout / 3)
            if Task.isCancelled { return }
            _ = try? await db.run(("""
                UPDATE tusk_jobs SET locked_until = now() + make_interval(secs => \(visibility))
                WHERE id = \(id) AND locked_by = \(workerID) AND state = 'running'
                """ as SQL).invalidating(tables: JobQueueSQL.tables))
        }
    }

    /// Records the attempt's outcome, even when the worker is being cancelled
    /// (`runEvenIfCancelled`), so a finished job is never run again. Every
    /// update is conditional on this worker still holding the claim.
    private func record(_ outcome: JobOutcome, of job: ClaimedJob) async {
        let db = self.db, workerID = self.workerID
        let backoff = handlers[job.kind]?.backoff ?? JobBackoff(base: .seconds(1), max: .seconds(300))
        await runEvenIfCancelled {
            do {
                switch outcome {
                case .done:
                    try await db.run(("""
                        UPDATE tusk_jobs SET state = 'done', finished_at = now(), locked_by = NULL, locked_until = NULL
                        WHERE id = \(job.id) AND locked_by = \(workerID)
                        """ as SQL).invalidating(tables: JobQueueSQL.tables))
                case .released:
                    try await db.run(("""
                        UPDATE tusk_jobs SET state = 'available', attempts = attempts - 1, locked_by = NULL, locked_until = NULL
                        WHERE id = \(job.id) AND locked_by = \(workerID)
                        """ as SQL).invalidating(tables: JobQueueSQL.tables))
                case .failed(let error) where job.attempt >= job.maxAttempts:
                    try await db.run(("""
                        UPDATE tusk_jobs SET state = 'dead', last_error = \(Self.describe(error)), finished_at = now(),
                            locked_by = NULL, locked_until = NULL
                        WHERE id = \(job.id) AND locked_by = \(workerID)
                        """ as SQL).invalidating(tables: JobQueueSQL.tables))
                case .failed(let error):
                    let delay = backoff.delay(afterAttempt: job.attempt)
                    try await db.run(("""
                        UPDATE tusk_jobs SET state = 'available', last_error = \(Self.describe(error)),
                            run_at = now() + make_interval(secs => \(delay.seconds)), locked_by = NULL, locked_until = NULL
                        WHERE id = \(job.id) AND locked_by = \(workerID)
                        """ as SQL).invalidating(tables: JobQueueSQL.tables))
                }
            } catch {
                // The claim expires and another worker runs the job again: at least once.
                db.configuration.logger.warning(
                    "job queue: recording the outcome failed", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
        }
    }

    private static func describe(_ error: Error) -> String { String(String(describing: error).prefix(2000)) }
}

/// What a job handler knows about the job it runs.
public struct JobContext: Sendable {
    public let id: Int64
    /// 1 for the first run.
    public let attempt: Int
    public let db: Database
}

/// A job that could not run (no handler for its kind); handlers may throw it too.
public struct QueueWorkerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Wakes idle worker loops: every waiter resumes on a wake-up, its timeout, or cancellation.
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextID: UInt64 = 0

    func wake() {
        let all = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for waiter in all { waiter.resume() }
    }

    /// Returns on the next `wake()`, after `timeout`, or when the task is cancelled.
    func wait(timeout: Duration) async {
        let id = lock.withLock { () -> UInt64 in
            nextID += 1
            return nextID
        }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            self?.resume(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let cancelled = lock.withLock { () -> Bool in
                    if Task.isCancelled { return true }
                    waiters[id] = continuation
                    return false
                }
                if cancelled { continuation.resume() }
            }
        } onCancel: {
            resume(id)
        }
        timer.cancel()
    }

    private func resume(_ id: UInt64) {
        lock.withLock { waiters.removeValue(forKey: id) }?.resume()
    }
}
