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
    /// True while the thread runs a batch of jobs.
    private var running = false
    /// True while another thread uses the connection inline (``claimWhileIdle()``): jobs wait.
    private var claimed = false
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

    /// Lends the connection to the calling thread when this one is idle (no job running or
    /// queued), so a short statement runs there with no thread wake; jobs submitted meanwhile
    /// wait for ``releaseClaim(continuingWith:)``. False when busy or stopping.
    func claimWhileIdle() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !running, !claimed, jobs.isEmpty, !stopped else { return false }
        claimed = true
        return true
    }

    /// Ends a claim; `job`, when given, runs next, before anything queued during the claim (the
    /// rest of the statement the claim started).
    func releaseClaim(continuingWith job: (() -> Void)? = nil) {
        condition.lock()
        claimed = false
        if let job { jobs.insert(.closure(job), at: 0) }
        if !jobs.isEmpty || stopped { condition.signal() }
        condition.unlock()
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
            running = false
            while claimed || (jobs.isEmpty && !stopped) { condition.wait() }
            if jobs.isEmpty && stopped {
                exited = true
                condition.unlock()
                return
            }
            swap(&batch, &jobs)
            running = true
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
