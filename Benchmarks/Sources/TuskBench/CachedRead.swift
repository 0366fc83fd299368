import BenchCore
import Tusk

// Issue 18: a generated point read answered by the read cache, against the same read uncached
// (one connection, the pool's lease per read) and, in the report, against raw libpq's point
// select. The ids cycle through a working set of 1,000 accounts, all cached after the warm-up, so
// the cached figure is the hit path: key encoding, one dictionary lookup under the cache's lock,
// and decoding the stored result. Blocks alternate so that a change in load hits both alike.

func runCachedRead() async throws {
    let db = try await Database.connect(configuration(connections: 1))
    let workingSet: Int32 = 1000
    let uncached = { (id: Int32) in Account.where { $0.aid.eq(id) } }
    let cached = { (id: Int32) in Account.where { $0.aid.eq(id) }.cached(ttl: .seconds(3600)) }
    for id in 1...workingSet { _ = try await cached(id).first(on: db) }
    let blocks = 10
    let perBlock = max(1, arguments.count / blocks)
    var uncachedSeconds = 0.0, cachedSeconds = 0.0, uncachedCPU = 0.0, cachedCPU = 0.0
    var next: Int32 = 0
    func id() -> Int32 {
        next = next % workingSet + 1
        return next
    }
    for _ in 0..<blocks {
        var cpu = processCPUSeconds()
        uncachedSeconds += try await measure {
            for _ in 0..<perBlock { guard try await uncached(id()).first(on: db) != nil else { die("no row") } }
        }.seconds
        uncachedCPU += processCPUSeconds() - cpu
        cpu = processCPUSeconds()
        cachedSeconds += try await measure {
            for _ in 0..<perBlock { guard try await cached(id()).first(on: db) != nil else { die("no row") } }
        }.seconds
        cachedCPU += processCPUSeconds() - cpu
    }
    let ops = blocks * perBlock
    guard db.queryCache.usage?.entries == Int(workingSet) else { die("the working set is not all cached: \(String(describing: db.queryCache.usage))") }
    report("cached", "tusk", [
        "ops": ops, "uncached_rate": Double(ops) / uncachedSeconds, "cached_rate": Double(ops) / cachedSeconds,
        "uncached_cpu_us": uncachedCPU * 1e6 / Double(ops), "cached_cpu_us": cachedCPU * 1e6 / Double(ops),
    ])
    await db.shutdown()
}
