import Synchronization

/// Whether tasks are queued for one of a pool's connections, readable by those connections
/// without a lock. A statement is answered inline on its task's thread only while nobody
/// waits (`Connection.performStatement`): with tasks queued, the thread is better used to send
/// their statements than to wait for one answer (16 tasks on a pool of 4 measured 5-15% fewer
/// statements per second with inline answers, BENCHMARKS.md).
final class PoolContention: Sendable {
    private let waiting = Atomic<Bool>(false)

    var tasksAreWaiting: Bool { waiting.load(ordering: .relaxed) }

    func note(tasksAreWaiting: Bool) { waiting.store(tasksAreWaiting, ordering: .relaxed) }
}
