import ServiceLifecycle

/// A `Database` is a swift-service-lifecycle `Service`: run it in the application's
/// `ServiceGroup`, listed before the services that use it (a group shuts its services down in
/// reverse order, so the HTTP server and workers stop before the pool drains).
///
/// ```swift
/// let db = try await Database.connect()
/// let group = ServiceGroup(services: [db, httpServer], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
///
/// `run()` does the pool's background work (keeping `minConnections` open, retiring connections
/// past `maxLifetime`, broken or idle too long) until a graceful shutdown, then shuts the
/// database down: new leases fail with `.poolClosed` (before anything is sent), in-flight work
/// gets `pool.shutdownGracePeriod` to finish, and every session is closed. When the task is
/// cancelled instead, what is in flight is cancelled at once. A `Database` that is never run
/// works the same, with its maintenance in a task of its own, until ``shutdown()``.
extension Database: Service {
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.pool.runMaintenance() }
        // A graceful shutdown ends the loop above with this task still running: drain. A
        // cancelled task (the group is being torn down) gets no grace.
        await shutdown(gracePeriod: Task.isCancelled ? .zero : configuration.pool.shutdownGracePeriod)
    }
}
