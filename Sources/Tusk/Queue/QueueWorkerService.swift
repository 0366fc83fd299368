import ServiceLifecycle

/// A `QueueWorker` is a swift-service-lifecycle `Service`: list it after the `Database` in the
/// `ServiceGroup` (a group shuts down in reverse order, so the worker stops before the pool
/// drains). On graceful shutdown it claims nothing more, and the jobs in flight finish or are
/// put back; ``QueueWorker/run()`` outside a group runs until its task is cancelled.
extension QueueWorker: Service {}
