import CLibPQ
import Foundation

/// Sends PostgreSQL cancel requests for one connection, from any thread.
///
/// Each operation gets a token; a cancel only fires while that same operation is running, so a
/// late cancel never hits the next statement. `PQcancel` opens a new connection to the server
/// and blocks, so it runs on a short-lived thread of its own, never on the cooperative pool.
final class CancelHandle: @unchecked Sendable {
    private let lock = NSLock()
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

    /// Marks `token` as running. Returns false when it was cancelled before it started.
    func begin(_ token: UInt64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if cancelledBeforeStart == token { return false }
        active = token
        return true
    }

    func end() {
        lock.lock()
        active = 0
        lock.unlock()
    }

    /// Cancels the operation `token` if it is running (or makes it fail as soon as it starts).
    func cancel(_ token: UInt64) {
        lock.lock()
        let running = active == token
        if !running { cancelledBeforeStart = token }
        lock.unlock()
        guard running, cancel != nil else { return }
        let thread = Thread { [self] in
            var buffer = [CChar](repeating: 0, count: 256)
            _ = PQcancel(self.cancel, &buffer, Int32(buffer.count))
        }
        thread.name = "tusk-cancel"
        thread.start()
    }
}
