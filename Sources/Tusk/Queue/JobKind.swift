import Foundation

/// A kind of background job declared under `job_kinds:` in schema.yaml; the plugin generates one
/// conforming type per kind (`embed_document` -> `EmbedDocumentJob`). Jobs live in the
/// `tusk_jobs` table, which the schema's migrations create like any other table.
public protocol JobKind: Sendable {
    /// What the job carries, stored as JSON.
    associatedtype Payload: Codable & Sendable
    /// The kind's name in schema.yaml and in `tusk_jobs.kind`.
    static var name: String { get }
    /// The queue its jobs go to; a ``QueueWorker`` serves one queue.
    static var queue: String { get }
    /// Higher runs first among jobs that are due.
    static var priority: Int { get }
    /// Runs in all, the first included; a job that fails them all is `dead`.
    static var maxAttempts: Int { get }
    static var backoff: JobBackoff { get }
}

/// How long a failed job waits before its next attempt: `base` doubled per failed attempt,
/// capped at `max`.
public struct JobBackoff: Sendable, Hashable {
    public var base: Duration
    public var max: Duration

    public init(base: Duration, max: Duration) {
        self.base = base
        self.max = max
    }

    /// The wait after `attempt` runs failed (1-based).
    public func delay(afterAttempt attempt: Int) -> Duration {
        Swift.min(max, base * (1 << Swift.min(Swift.max(attempt - 1, 0), 30)))
    }
}

/// The states of a row in `tusk_jobs`.
public enum JobState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its `run_at` and a worker.
    case available
    /// Claimed by a worker, which keeps `locked_until` in the future while it runs.
    case running
    case done
    /// Failed `max_attempts` times.
    case dead
    case cancelled
}
