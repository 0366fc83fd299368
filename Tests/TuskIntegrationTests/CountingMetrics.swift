import CoreMetrics
import Synchronization

/// A metrics factory that keeps the counters' totals (only what the cache tests read), by label
/// and dimensions; everything else is discarded.
final class CountingMetrics: MetricsFactory, Sendable {
    private let totals = Mutex<[String: Int64]>([:])

    static func key(_ label: String, _ dimensions: [(String, String)]) -> String {
        ([label] + dimensions.map { "\($0.0)=\($0.1)" }).joined(separator: "|")
    }

    /// The sum of the increments of the counter `label` with exactly `dimensions`.
    func total(_ label: String, _ dimensions: [(String, String)]) -> Int64 {
        totals.withLock { $0[Self.key(label, dimensions)] ?? 0 }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        Count(owner: self, key: Self.key(label, dimensions))
    }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler { Ignored() }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler { Ignored() }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { Ignored() }
    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler { Ignored() }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private final class Count: CounterHandler, Sendable {
        let owner: CountingMetrics
        let key: String
        init(owner: CountingMetrics, key: String) {
            self.owner = owner
            self.key = key
        }
        func increment(by amount: Int64) { owner.totals.withLock { $0[key, default: 0] += amount } }
        func reset() { owner.totals.withLock { $0[key] = 0 } }
    }

    private final class Ignored: FloatingPointCounterHandler, RecorderHandler, MeterHandler, TimerHandler, Sendable {
        func increment(by amount: Double) {}
        func reset() {}
        func record(_ value: Int64) {}
        func record(_ value: Double) {}
        func set(_ value: Int64) {}
        func set(_ value: Double) {}
        func increment(by amount: Int64) {}
        func decrement(by amount: Double) {}
        func recordNanoseconds(_ duration: Int64) {}
    }
}
