import CLibPQ
import Foundation

/// Sends PostgreSQL cancel requests for one connection, from any thread.
///
/// Each operation gets a token; a cancel only fires while that same operation is running. The
/// request itself travels on a new connection and reaches the server later: until `PQcancel` has
/// returned (the server has signalled the backend), the connection starts nothing new, so a late
/// request never cancels the next statement (a backend between statements ignores it).
/// `PQcancel` blocks, so it runs on a short-lived thread of its own, never on the cooperative pool.
final class CancelHandle: @unchecked Sendable {
    private let lock = NSCondition()
    /// Cancel requests sent and not yet acknowledged by the server.
    private var inFlight = 0
    private let cancel: OpaquePointer?  // PGcancel
    private var nextToken: UInt64 = 0
    private var active: UInt64 = 0
    private var cancelledBeforeStart: UInt64 = 0

    init(connection: OpaquePointer) { cancel = PQgetCancel(connection) }

    deinit { if let cancel { PQfreeCancel(cancel) } }

    /// A token for the next operation.
    func makeToken() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        nextToken += 1
        return nextToken
    }

    /// Marks `token` as running, once earlier cancel requests have reached the server (on the
    /// connection's thread). Returns false when it was cancelled before it started.
    func begin(_ token: UInt64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        while inFlight > 0 { lock.wait() }
        if cancelledBeforeStart == token { return false }
        active = token
        return true
    }

    /// `begin` without waiting: false (and nothing begun) while an earlier cancel request is on
    /// its way, for a caller that must not block (a statement run inline on a cooperative thread).
    func beginUnlessCancelling(_ token: UInt64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard inFlight == 0, cancelledBeforeStart != token else { return false }
        active = token
        return true
    }

    /// Waits until earlier cancel requests have reached the server (on the connection's thread),
    /// before work that cannot be cancelled (ROLLBACK, cleanup).
    func waitForCancelRequests() {
        lock.lock()
        while inFlight > 0 { lock.wait() }
        lock.unlock()
    }

    func end() {
        lock.lock()
        active = 0
        lock.unlock()
    }

    /// Cancels whatever operation is running now (the pool's shutdown, past its grace period).
    func cancelRunning() {
        let running = lock.withLock { active }
        if running != 0 { cancel(running) }
    }

    /// Cancels the operation `token` if it is running (or makes it fail as soon as it starts).
    func cancel(_ token: UInt64) {
        lock.lock()
        let running = active == token
        if !running { cancelledBeforeStart = token }
        let sends = running && cancel != nil
        if sends { inFlight += 1 }
        lock.unlock()
        guard sends else { return }
        let thread = Thread { [self] in
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(self.cancel, &buffer, Int32(buffer.count))
            lock.lock()
            inFlight -= 1
            lock.broadcast()
            lock.unlock()
        }
        thread.name = "tusk-cancel"
        thread.start()
    }
}
