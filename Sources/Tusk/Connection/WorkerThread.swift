import Foundation

/// A thread the runtime owns, running one connection's libpq work in order.
///
/// libpq calls (and waiting on the connection's socket) happen here, never on Swift's
/// cooperative pool. It is also a `TaskExecutor`: code that holds the connection
/// (`withConnection`, `transaction`) runs here as a task executor preference, so its statements
/// call libpq inline, with no thread hop at all; other callers pay one hop onto this thread and
/// one continuation resume back.
final class WorkerThread: TaskExecutor, @unchecked Sendable {
    private enum Work {
        case closure(() -> Void)
        case task(UnownedJob)
    }

    private let condition = NSCondition()
    private var jobs: [Work] = []
    private var stopped = false
    private var exited = false
    /// Written by the thread before `init` returns (under `condition`), immutable afterwards.
    private var thread: pthread_t?

    init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
        condition.lock()
        while self.thread == nil { condition.wait() }
        condition.unlock()
    }

    /// True when the caller runs on this thread (inside one of its jobs).
    var isCurrent: Bool {
        guard let thread else { return false }
        return pthread_equal(thread, pthread_self()) != 0
    }

    /// Queues `job`; jobs run one at a time in submission order.
    func submit(_ job: @escaping () -> Void) {
        append(.closure(job))
    }

    func enqueue(_ job: consuming ExecutorJob) {
        append(.task(UnownedJob(job)))
    }

    private func append(_ work: Work) {
        condition.lock()
        if exited {
            condition.unlock()
            // A task that still prefers this executor after the thread ended: run it elsewhere
            // rather than lose it (closures are cleanup for a closed session: nothing to do).
            if case .task(let job) = work { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
            return
        }
        jobs.append(work)
        condition.signal()
        condition.unlock()
    }

    /// Runs `body` on this thread and returns its result to the awaiting task (inline when the
    /// task already runs here).
    func run<T>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if isCurrent { return try body() }
        return try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, Error>) in
            submit {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Lets the thread finish the queued jobs and exit.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        thread = pthread_self()
        condition.broadcast()
        condition.unlock()
        let executor = asUnownedTaskExecutor()
        var batch: [Work] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty && stopped {
                exited = true
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            condition.unlock()
            for work in batch {
                switch work {
                case .closure(let job): job()
                case .task(let job): job.runSynchronously(on: executor)
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
