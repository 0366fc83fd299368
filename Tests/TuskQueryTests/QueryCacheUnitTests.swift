import Foundation
import CoreMetrics
import Testing
import TuskTesting
@testable import Tusk

/// The cache's parts without the builders: the LRU storage, the key, which tables a statement
/// reads and writes, and the generation check that keeps an old answer out.
@Suite struct QueryCacheUnitTests {
    static let later = Date(timeIntervalSinceNow: 3600)

    @Test func theStorageEvictsTheLeastRecentlyUsedAndDropsByTable() async throws {
        try await withConnectedTestDatabase { db in
            let result = try await db.query("SELECT 1")
            func entry(_ text: String, _ tables: Set<String>, expires: Date = Self.later) -> QueryCacheEntry {
                QueryCacheEntry(key: QueryCacheKey(SQL(text))!, result: result, tables: tables, readStarted: Date(), expires: expires)
            }
            let storage = LRUQueryCacheStorage(maxEntries: 2, maxBytes: 1 << 20)
            #expect(storage.keep(entry("a", ["t"])) == 0)
            #expect(storage.keep(entry("b", ["u"])) == 0)
            #expect(storage.entry(for: QueryCacheKey(SQL("a"))!, now: Date()) != nil)  // a is now the most recent
            #expect(storage.keep(entry("c", ["t", "u"])) == 1)                       // so b goes
            #expect(storage.entry(for: QueryCacheKey(SQL("b"))!, now: Date()) == nil)
            #expect(storage.usage.entries == 2)
            #expect(storage.remove(reading: ["u"]) == 1)                      // c read u
            #expect(storage.entry(for: QueryCacheKey(SQL("a"))!, now: Date()) != nil)
            #expect(storage.keep(entry("d", ["v"], expires: Date(timeIntervalSinceNow: -1))) == 0)
            #expect(storage.entry(for: QueryCacheKey(SQL("d"))!, now: Date()) == nil, "an expired entry is served")
            #expect(storage.usage.entries == 1)
            let bytes = entry("e", []).bytes
            let small = LRUQueryCacheStorage(maxEntries: 100, maxBytes: bytes * 2)
            for name in ["e", "f", "g"] { _ = small.keep(entry(name, [])) }
            #expect(small.usage.entries == 2 && small.usage.bytes <= bytes * 2)
            #expect(small.removeEverything() == 2 && small.usage.bytes == 0)
        }
    }

    @Test func keysTellValuesApartByTheirBytes() {
        func key(_ value: some PostgresEncodable) -> QueryCacheKey? { QueryCacheKey(SQL(text: "SELECT $1", bindings: [PostgresBinding(value)])) }
        // PostgresBinding's own equality compares descriptions, which would take these for equal.
        #expect(key(Data([1, 2])) != key(Data([3, 4])))
        #expect(key(Int64(1)) != key(Int32(1)))
        #expect(key(Optional<String>.none) != key(""))
        #expect(key("a") == key("a"))
    }

    @Test func aReadKnowsEveryTableItReadsAndAWriteTheTablesItChanges() throws {
        let query = Item.where { $0.id.in(Part.select { $0.itemId }) }
        #expect(try query.fragment(selecting: SQLFragment("1")).readTables == ["items", "parts"])
        #expect(TableSet.inferred(from: "SELECT * FROM items WHERE note = 'DELETE'") == .none)
        #expect(TableSet.inferred(from: "/* update */ SELECT \"insert\" FROM items") == .none)
        #expect(TableSet.inferred(from: "WITH gone AS (DELETE FROM items RETURNING id) SELECT count(*) FROM gone") == .all)
        #expect(TableSet.inferred(from: "select 1 for update") == .all)
        #expect(tableNames(lines: "items\nnotes\nitems") == ["items", "notes"])
        #expect(SQL("UPDATE items SET note = ''").invalidating(tables: ["items"]).writtenTables == .some(["items"]))
        #expect(try Item.insert(Item.Insert(id: nil, name: "x", note: nil)).sql().writtenTables == .some(["items"]))
        #expect(TableSet(notificationPayload: TableSet.some(["a", "b"]).notificationPayload!) == .some(["a", "b"]))
        let tagged = try #require(TableSet.some(["a", "b"]).notificationPayload(from: "me"))
        #expect(TableSet.parse(notificationPayload: tagged) == ("me", .some(["a", "b"])))
        #expect(TableSet.parse(notificationPayload: "*") == (nil, .all))
    }

    /// A notice this cache's own process sent is skipped (its tables were invalidated when the
    /// write committed); one from elsewhere invalidates. Under load the echo arrived after a
    /// fresh read had been stored and dropped it (ExternalCacheStorageTests saw the miss).
    @Test func aCacheSkipsTheEchoOfItsOwnProcesssNotices() throws {
        let cache = QueryCache(options: QueryCacheOptions(), metricsFactory: NOOPMetricsHandler.instance, poolName: "unit", subscribe: nil)
        let before = cache.invalidationCounts(of: ["items"])
        let own = try #require(TableSet.some(["items"]).notificationPayload(from: cache.origin))
        cache.apply(.notification(PostgresNotification(channel: "tusk_cache", payload: own, senderPID: 1)))
        #expect(cache.invalidationCounts(of: ["items"]) == before)
        let other = try #require(TableSet.some(["items"]).notificationPayload(from: "another process"))
        cache.apply(.notification(PostgresNotification(channel: "tusk_cache", payload: other, senderPID: 2)))
        #expect(cache.invalidationCounts(of: ["items"]) != before)
    }

    /// The race: a read starts, a write commits and invalidates, the read's (older) answer
    /// arrives. It must not be stored. The read's load is held until the invalidation is done.
    @Test func anAnswerThatStartedBeforeAnInvalidationIsNotStored() async throws {
        try await withConnectedTestDatabase { db in
            let cache = QueryCache(options: QueryCacheOptions(), metricsFactory: NOOPMetricsHandler.instance, poolName: "unit", subscribe: nil)
            let statement = SQL("SELECT 1")
            let (started, startedSignal) = AsyncStream.makeStream(of: Void.self)
            let (proceed, proceedSignal) = AsyncStream.makeStream(of: Void.self)
            async let read = cache.result(of: statement, reading: ["items"], ttl: .seconds(60)) {
                startedSignal.yield()
                for await _ in proceed { break }
                return try await db.query(statement)
            }
            for await _ in started { break }
            cache.invalidate(tables: ["items"])  // the write's commit, while the read is under way
            proceedSignal.yield()
            _ = try await read
            #expect(cache.usage?.entries == 0, "the answer read before the write was stored after its invalidation")
            // A read that starts after the invalidation is stored.
            _ = try await cache.result(of: statement, reading: ["items"], ttl: .seconds(60)) { try await db.query(statement) }
            #expect(cache.usage?.entries == 1)
        }
    }
}
