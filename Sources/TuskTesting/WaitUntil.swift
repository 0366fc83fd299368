/// Polls `condition` every 10 ms until it holds, for at most `timeout`; throws
/// ``TuskTestingError/timedOut(waitingFor:after:)`` when it never does. The bounded wait tests use
/// instead of sleeping for a guessed time.
///
/// ```swift
/// try await waitUntil("the job ran") { try await states(db)["done"] == 1 }
/// ```
public func waitUntil(
    _ what: String, timeout: Duration = .seconds(10), _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TuskTestingError.timedOut(waitingFor: what, after: timeout) }
        try await Task.sleep(for: .milliseconds(10))
    }
}
