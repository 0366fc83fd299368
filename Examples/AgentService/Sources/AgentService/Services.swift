import ServiceLifecycle
import Tusk

/// The Database as a member of the ServiceGroup: on graceful shutdown (SIGTERM) it waits for the
/// leases in flight, then closes every connection.
struct DatabaseService: Service {
    let db: Database

    func run() async throws {
        try? await gracefulShutdown()
        await db.shutdown()
    }
}

/// The QueueWorker as a member of the ServiceGroup: on graceful shutdown it claims nothing more
/// and lets the jobs in flight finish (or puts them back).
struct QueueWorkerService: Service {
    let worker: QueueWorker

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await worker.run()
        }
    }
}
