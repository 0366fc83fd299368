import Foundation

/// The SQL of the job queue, over the `tusk_jobs` table (see ``JobKind``).
enum JobQueueSQL {
    /// The channel a new job is announced on (payload: its queue), waking idle workers.
    static let channel = "tusk_jobs"
    /// What the queue's statements write, for the read cache.
    static let tables: Set<String> = ["tusk_jobs"]
}

extension QueryRunner {
    /// Enqueues a job. Inside a transaction the job exists only if the transaction commits (and
    /// idle workers are woken at COMMIT). `runAt` schedules it; a `uniqueKey` dedupes: while a
    /// job of this kind with the same key is available or running, nothing is enqueued and the
    /// result is nil. Returns the job's id.
    @discardableResult
    public func enqueue<Kind: JobKind>(
        _ kind: Kind.Type, _ payload: Kind.Payload, runAt: Date? = nil, uniqueKey: String? = nil
    ) async throws -> Int64? {
        let json: PostgresJSON
        do {
            json = try PostgresJSON(encoding: payload)
        } catch {
            throw PostgresError(
                kind: .encodingFailed, message: "the payload of a \(Kind.name) job does not encode as JSON: \(error)",
                underlying: error)
        }
        let priority = Int32(clamping: Kind.priority)
        let attempts = Int32(clamping: Kind.maxAttempts)
        return try await queryFirst(("""
            WITH job AS (
                INSERT INTO tusk_jobs (kind, queue, payload, priority, max_attempts, run_at, unique_key)
                VALUES (\(Kind.name), \(Kind.queue), \(json), \(priority), \(attempts), coalesce(\(runAt), now()), \(uniqueKey))
                ON CONFLICT (kind, unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running') DO NOTHING
                RETURNING id
            )
            SELECT job.id FROM job, pg_notify(\(JobQueueSQL.channel), \(Kind.queue)) AS woken
            """ as SQL).invalidating(tables: JobQueueSQL.tables), as: Int64.self)
    }

    /// Cancels a job that has not started; returns whether it did.
    @discardableResult
    public func cancelJob(id: Int64) async throws -> Bool {
        try await run(("UPDATE tusk_jobs SET state = 'cancelled', finished_at = now() WHERE id = \(id) AND state = 'available'" as SQL).invalidating(tables: JobQueueSQL.tables)) == 1
    }
}
