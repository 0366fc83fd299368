import Foundation
import Testing
import Tusk
import TuskTesting

/// The cache with its entries outside the process (``TableCacheStorage``: a table in a second
/// PostgreSQL database, entries kept only as serialized bytes). Every kind of read round-trips
/// through the bytes; a write's invalidation reaches the store; a damaged or unknown-version
/// entry is a miss; a store that fails sends reads to the database.
@Suite struct ExternalCacheStorageTests {
    static let pool = [("db.client.connection.pool.name", "external")]

    @Test func everyKindOfReadRoundTripsThroughSerializedEntriesAndWritesReachTheStore() async throws {
        try await withExternallyCachingDatabase { db, storage, _ in
            try await Self.everyKindOfReadRoundTripsThroughSerializedEntriesAndWritesReachTheStore(db, storage)
        }
    }

    private static func everyKindOfReadRoundTripsThroughSerializedEntriesAndWritesReachTheStore(
        _ db: Database, _ storage: TableCacheStorage
    ) async throws {
        let log = StatementLog(db)
        let (ann, reads, first) = try await readEveryKindOnce(db, log)
        #expect(log.statements.count == reads.count)
        #expect(try await storage.keptTables().count == reads.count, "one serialized entry per statement")
        log.reset()
        for (index, read) in reads.enumerated() { #expect(try await read() == first[index]) }
        #expect(log.statements.isEmpty, "all answered from the store's bytes: \(log.statements)")

        // The write has returned: the next reads of documents are fresh at once (before the
        // store has dropped anything), and the store drops them soon after.
        _ = try await db.insert(Document.Insert(userId: ann.id, title: "Q2"))
        let written = Date()
        #expect(try await reads[5]().contains("Q2"))
        #expect(try await reads[6]().contains("Q2"))
        #expect(try await reads[0]() == first[0])
        try await waitUntil("the store dropped the entries that read documents", timeout: .seconds(5)) {
            // Fresh answers may be stored again; no entry that read documents before the write is left.
            try await storage.keptEntries().allSatisfy { !$0.tables.contains("documents") || $0.readStarted > written }
        }
        let kept = try await storage.keptEntries()
        #expect(kept.contains { entry -> Bool in entry.tables == ["users"] }, "entries of users only were dropped")
        db.queryCache.invalidateAll()
        try await waitUntil("the store is empty", timeout: .seconds(5)) { try await storage.keptTables().isEmpty }
    }

    @Test func aDamagedOrUnknownVersionEntryIsAMissNeverAWrongAnswer() async throws {
        let metrics = CountingMetrics()
        try await withExternallyCachingDatabase(metrics: metrics) { db, storage, _ in
            let log = StatementLog(db)
            _ = try await makeUser(db)
            let users = User.query.cached(ttl: .seconds(60))
            let answer = try await users.all(on: log).map(\.email)
            let damages = [
                "set_byte(entry, length(entry) / 2, get_byte(entry, length(entry) / 2) # 90)",  // a flipped byte
                "set_byte(entry, 0, 9)",  // written by a later encoding version
                "substring(entry FROM 1 FOR length(entry) - 3)",  // cut short
                "'\\x00'::bytea",
            ]
            for (index, damage) in damages.enumerated() {
                let damaging = "UPDATE cache_entries SET entry = \(damage)"
                try await storage.store.run(SQL(damaging))
                log.reset()
                #expect(try await users.all(on: log).map(\.email) == answer, "\(damage)")
                #expect(log.statements.count == 1, "\(damage): the damaged entry was served")
                #expect(metrics.total("db.client.cache.unreadable_entries", Self.pool) == Int64(index + 1))
                // The database's answer replaced it: a hit again.
                log.reset()
                #expect(try await users.all(on: log).map(\.email) == answer)
                #expect(log.statements.isEmpty)
            }
        }
    }

    @Test func aFailingStoreSendsReadsToTheDatabaseAndSaysSo() async throws {
        let metrics = CountingMetrics()
        try await withExternallyCachingDatabase(metrics: metrics) { db, storage, _ in
            let log = StatementLog(db)
            _ = try await makeUser(db)
            let users = User.query.cached(ttl: .seconds(60))
            #expect(try await users.count(on: log) == 1)
            storage.failing = true
            // A write whose invalidation cannot reach the store: the entry there is stale now.
            _ = try await insertUser(db, "Bea")
            // The removal runs in a task of its own: wait for its failure (on a loaded machine it
            // can come after the read below, and after the store is back, which would empty it).
            try await waitUntil("the store's removal failed") {
                metrics.total("db.client.cache.storage_errors", Self.pool) >= 1
            }
            log.reset()
            #expect(try await users.count(on: log) == 2)
            #expect(log.statements.count == 1)
            #expect(metrics.total("db.client.cache.storage_errors", Self.pool) >= 2)  // the removal and the lookup
            storage.failing = false
            #expect(try await storage.keptTables() == ["users"], "the stale entry is still in the store")
            // The store is back with its stale entry: this process knows of the write, so it is not served.
            log.reset()
            #expect(try await users.count(on: log) == 2)
            #expect(log.statements.count == 1)
            log.reset()
            #expect(try await users.count(on: log) == 2)
            #expect(log.statements.isEmpty, "the fresh answer was stored and is served")
        }
    }

    @Test func aSharedStorageWithoutCrossProcessInvalidationIsRefused() async throws {
        try await withTestDatabase { storeDatabase in
            let store = try await storeDatabase.connect()
            try await withShutdown(store) { store in
                var configuration = try PostgresConfiguration(storeDatabase.connectionString)
                configuration.queryCache.storage = TableCacheStorage(store)
                await #expect {
                    _ = try await Database.connect(configuration)
                } throws: { error in
                    let error = error as? PostgresError
                    return error?.kind == .invalidConfiguration && error?.message.contains("crossProcess = true") == true
                }
            }
        }
    }
}

/// A schema database whose cache keeps its entries in a ``TableCacheStorage`` on a second
/// database (cross-process on, as a shared storage needs).
func withExternallyCachingDatabase<T: Sendable>(
    metrics: CountingMetrics? = nil, _ body: (Database, TableCacheStorage, TestDatabase) async throws -> T
) async throws -> T {
    try await withTestDatabase { storeDatabase in
        try await storeDatabase.execute(TableCacheStorage.schema)
        return try await withShutdown(try await storeDatabase.connect()) { store in
            let storage = TableCacheStorage(store)
            return try await withCachingDatabase(configure: {
                $0.queryCache.crossProcess = true
                $0.queryCache.storage = storage
                $0.pool.name = "external"
                if let metrics { $0.metricsFactory = metrics }
            }) { db, testDatabase in
                try await body(db, storage, testDatabase)
            }
        }
    }
}
