/// Paces the pool's connection attempts while the server is unreachable.
///
/// Failures are counted per round of attempts, not per attempt: opens that started before the
/// last recorded failure belong to the same round, so 16 concurrent opens failing at once count
/// as one failure (they used to count 16 and push every waiter to a 5 s delay at once). While
/// failing, the pool sends one probe at a time, waiting `delay` before it (10 ms doubling, at
/// most 250 ms, jittered); the first success ends the outage and the pool opens for every
/// waiter at once. The cap bounds how long a pool stays idle after the server is back.
struct ReconnectBackoff {
    static let firstDelay: Duration = .milliseconds(10)
    static let maxDelay: Duration = .milliseconds(250)

    /// Rounds of attempts that failed since the last success.
    private(set) var failedRounds = 0
    private var lastFailure: ContinuousClock.Instant?

    var isFailing: Bool { failedRounds > 0 }

    /// The wait before the next probe (zero when the last attempt succeeded).
    var delay: Duration {
        guard failedRounds > 0 else { return .zero }
        let full = min(Self.maxDelay, Self.firstDelay * (1 << min(failedRounds - 1, 10)))
        return full * Double.random(in: 0.5...1)
    }

    mutating func recordFailure(attemptStartedAt start: ContinuousClock.Instant) {
        if let lastFailure, start < lastFailure { return }  // the same round as that failure
        failedRounds += 1
        lastFailure = .now
    }

    mutating func recordSuccess() {
        failedRounds = 0
        lastFailure = nil
    }
}
