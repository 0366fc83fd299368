import Foundation
import Synchronization
import Testing
import Tusk
import TuskTesting

/// `.cached(ttl:)` on a real PostgreSQL: what is served, what a write invalidates and when.
/// A `StatementLog` over the database counts the statements a read sends: a hit sends none.
@Suite struct QueryCacheTests {
    static let minute = Duration.seconds(60)

    @Test func everyKindOfReadIsServedFromTheCacheUntilAWriteToItsTableReturns() async throws {
        try await withCachingDatabase { db, _ in try await Self.everyKindOfReadIsServedFromTheCacheUntilAWriteToItsTableReturns(db) }
    }

    private static func everyKindOfReadIsServedFromTheCacheUntilAWriteToItsTableReturns(_ db: Database) async throws {
        let log = StatementLog(db)
        let (ann, reads, first) = try await readEveryKindOnce(db, log)
        let missed = log.statements.count
        // The include's first level is the statement of `all`, already cached; its second level is one more.
        #expect(missed == reads.count)
        log.reset()
        for (index, read) in reads.enumerated() { #expect(try await read() == first[index]) }
        #expect(log.statements.isEmpty, "all hits: \(log.statements)")

        // A write to documents: the reads of documents run again, the user-only ones do not.
        _ = try await db.insert(Document.Insert(userId: ann.id, title: "Q2"))
        #expect(try await reads[5]().contains("Q2"))
        #expect(try await reads[6]().contains("Q2"))
        #expect(log.statements.count == 2)  // the include's level and the join; the user level hit
        log.reset()
        #expect(try await reads[0]() == first[0])
        #expect(log.statements.isEmpty)

        // A write to users (an update through the generated API) reaches every user read.
        try await User.update { $0.name = "Ann" ; $0.nickname = "a" }.where { $0.id == ann.id }.execute(on: db)
        _ = try await insertUser(db, "Ann")  // a second Ann: every read of users changes
        log.reset()
        for index in [0, 1, 2, 3, 4, 7] { _ = try await reads[index]() }
        #expect(log.statements.count == 6)
        #expect(try await reads[0]() != first[0])
    }

    @Test func aTransactionInvalidatesAtCommitAndARollbackInvalidatesNothing() async throws {
        try await withCachingDatabase { db, _ in
            let log = StatementLog(db)
            _ = try await insertUser(db, "Bo")
            let count = User.query.cached(ttl: Self.minute)
            #expect(try await count.count(on: log) == 1)

            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await db.transaction { tx in
                    _ = try await insertUser(tx, "Cy")
                    throw Rollback()
                }
            }
            log.reset()
            #expect(try await count.count(on: log) == 1)
            #expect(log.statements.isEmpty, "a rolled-back write invalidated the cache")

            try await db.transaction { tx in
                _ = try await insertUser(tx, "Di")
                // Not committed yet: the cached answer is still the committed state.
                #expect(try await count.count(on: log) == 1)
                // Inside the transaction a cached read reads around the cache (its own writes).
                #expect(try await count.count(on: tx) == 2)
                // A savepoint rolled back: its write is forgotten, the outer one is not.
                try? await tx.transaction { inner in
                    _ = try await inner.insert(Document.Insert(title: "gone"))
                    throw Rollback()
                }
            }
            #expect(try await count.count(on: log) == 2)
            let documents = Document.query.cached(ttl: Self.minute)
            #expect(try await documents.count(on: log) == 0)
            log.reset()
            try await db.transaction { tx in
                try? await tx.transaction { inner in
                    _ = try await inner.insert(Document.Insert(title: "gone"))
                    throw Rollback()
                }
                _ = try await insertUser(tx, "Ed")
            }
            #expect(try await documents.count(on: log) == 0)
            #expect(log.statements.isEmpty, "the savepoint's rolled-back write invalidated documents")
            #expect(try await count.count(on: log) == 3)
        }
    }

    @Test func rawWritesInvalidateEverythingOrTheTablesTheyName() async throws {
        try await withCachingDatabase { db, _ in
            let log = StatementLog(db)
            _ = try await makeUser(db)
            let users = User.query.cached(ttl: Self.minute)
            let documents = Document.query.cached(ttl: Self.minute)
            func misses(_ body: () async throws -> Void) async throws -> Int {
                _ = try await users.count(on: db)
                _ = try await documents.count(on: db)
                try await body()
                log.reset()
                _ = try await users.count(on: log)
                _ = try await documents.count(on: log)
                return log.statements.count
            }
            #expect(try await misses { _ = try await db.query("SELECT count(*) FROM users") } == 0)
            #expect(try await misses { try await db.run("UPDATE users SET nickname = 'x'") } == 2)
            #expect(try await misses { try await db.run(SQL("UPDATE users SET nickname = 'y'").invalidating(tables: ["users"])) } == 1)
            #expect(try await misses { try await db.execute("UPDATE documents SET title = title") } == 2)
            #expect(try await misses { db.queryCache.invalidate(tables: ["documents"]) } == 1)
            // A user's delete reaches the documents whose user_id it sets to NULL (on_delete: set_null).
            #expect(try await misses { try await User.delete().all().execute(on: db) } == 2)
        }
    }

    @Test func theCacheIsBoundedAndCounted() async throws {
        let metrics = CountingMetrics()
        try await withCachingDatabase(configure: {
            $0.metricsFactory = metrics
            $0.pool.name = "cache"
            $0.queryCache.maxEntries = 2
        }) { db, _ in
            let ann = try await makeUser(db)
            for name in ["A", "B", "C"] { _ = try await User.where { $0.name == name }.cached(ttl: Self.minute).all(on: db) }
            #expect(db.queryCache.usage?.entries == 2)
            _ = try await User.where { $0.name == "C" }.cached(ttl: Self.minute).all(on: db)  // hit
            _ = try await User.where { $0.name == "A" }.cached(ttl: Self.minute).all(on: db)  // evicted: miss
            try await User.update { $0.nickname = "n" }.where { $0.id == ann.id }.execute(on: db)
            #expect(db.queryCache.usage?.entries == 0)
            let pool = [("db.client.connection.pool.name", "cache")]
            #expect(metrics.total("db.client.cache.hits", pool) == 1)
            #expect(metrics.total("db.client.cache.misses", pool) == 4)
            #expect(metrics.total("db.client.cache.evictions", pool) == 2)
            #expect(metrics.total("db.client.cache.invalidations", pool) >= 1)
            // A byte budget smaller than one answer keeps nothing.
            _ = ann
        }
        try await withCachingDatabase(configure: { $0.queryCache.maxBytes = 64 }) { db, _ in
            _ = try await makeUser(db)
            _ = try await User.query.cached(ttl: Self.minute).all(on: db)
            #expect(db.queryCache.usage?.entries == 0)
        }
    }

    @Test func anEntryExpiresAfterItsTTL() async throws {
        try await withCachingDatabase { db, testDatabase in
            let log = StatementLog(db)
            _ = try await makeUser(db)
            let users = User.query.cached(ttl: .milliseconds(50))
            #expect(try await users.count(on: log) == 1)
            // A write Tusk does not see (another client): served until the TTL ends, then fresh.
            try await testDatabase.execute("INSERT INTO users (email, name, password_hash) VALUES ('x@example.com', 'X', 'h')")
            try await waitUntil("the entry expired") { try await users.count(on: log) == 2 }
        }
    }

    enum CheckedStorage: String, CaseIterable, Sendable {
        case inProcess, tableInAnotherDatabase
    }

    /// The checker (``StalenessChecker``): 3 writers x 100 retitles against 4 readers checking
    /// (at least 100 each, on while the writers write): each a cached read compared with the
    /// writes that had returned before it began and with a fresh read after it. 0 stale and 0
    /// impossible answers, with the in-process storage and with serialized entries in a table of
    /// another database. Without the generation check (in process) it saw 40 stale answers in
    /// 1815 checks; without the invalidation-time check (the table) up to 14 in 400.
    @Test(arguments: CheckedStorage.allCases)
    func concurrentReadersAndWritersNeverSeeAnAnswerOlderThanAReturnedWrite(storage: CheckedStorage) async throws {
        let metrics = CountingMetrics()
        let check: @Sendable (Database, String) async throws -> Void = { db, pool in
            let checker = StalenessChecker()
            let report = try await checker.run(reader: db, writer: db)
            #expect(report.checks >= checker.readers * checker.checksEach)
            #expect(report.stale == 0 && report.impossible == 0, "\(report)")
            #expect(report.elapsed < .seconds(120))
            #expect(metrics.total("db.client.cache.hits", [("db.client.connection.pool.name", pool)]) > 0, "the cache was never used: the check proves nothing")
        }
        switch storage {
        case .inProcess:
            try await withCachingDatabase(maxConnections: 6, configure: {
                $0.metricsFactory = metrics
                $0.pool.name = "checker"
            }) { db, _ in try await check(db, "checker") }
        case .tableInAnotherDatabase:
            try await withExternallyCachingDatabase(metrics: metrics) { db, _, _ in try await check(db, "external") }
        }
    }
}

/// One cached read of every kind the generated API has, each rendering its answer as text: rows,
/// first, count, exists, a projection, an eager load (2 levels), a join, `find`. 8 statements.
func everyKindOfCachedRead(on log: some QueryRunner, ann: User.Row) -> [@Sendable () async throws -> String] {
    let minute = Duration.seconds(60)
    let users = User.where { $0.name == "Ann" }.order { $0.email }.cached(ttl: minute)
    return [
        { "\(try await users.all(on: log).map(\.email))" },
        { "\(try await users.first(on: log)?.email ?? "-")" },
        { "\(try await users.count(on: log))" },
        { "\(try await users.exists(on: log))" },
        { "\(try await users.select { ($0.email, $0.name) }.all(on: log).map { "\($0.0) \($0.1)" })" },
        { "\(try await users.including(\.documents).all(on: log).map { $0.documents.map(\.title) })" },
        { "\(try await Document.query.cached(ttl: minute).join(User.self, on: { $0.userId == $1.id }).all(on: log).map { "\($0.0.title) \($0.1.name)" })" },
        { "\(try await User.find(ann.id, cachedFor: minute, on: log)?.nickname ?? "-")" },
    ]
}

/// Ann with one document, every kind of cached read of them, and each read's first answer.
func readEveryKindOnce(
    _ db: Database, _ log: StatementLog<Database>
) async throws -> (User.Row, [@Sendable () async throws -> String], [String]) {
    let ann = try await makeUser(db)
    _ = try await db.insert(Document.Insert(userId: ann.id, title: "Q1"))
    let reads = everyKindOfCachedRead(on: log, ann: ann)
    var first: [String] = []
    for read in reads { first.append(try await read()) }
    return (ann, reads, first)
}

/// A fresh schema database and a pool on it configured by `configure`.
func withCachingDatabase<T: Sendable>(
    maxConnections: Int = 4, configure: (inout PostgresConfiguration) -> Void = { _ in },
    _ body: (Database, TestDatabase) async throws -> T
) async throws -> T {
    try await withTestDatabase(.pgvector) { testDatabase in
        try await testDatabase.execute(SQLScript(unsafeRaw: schemaSQL))
        let db = try await Database.connect(cachingConfiguration(testDatabase, maxConnections: maxConnections, configure))
        return try await withShutdown(db) { try await body($0, testDatabase) }
    }
}

func cachingConfiguration(
    _ testDatabase: TestDatabase, maxConnections: Int = 4, _ configure: (inout PostgresConfiguration) -> Void = { _ in }
) throws -> PostgresConfiguration {
    var configuration = try PostgresConfiguration(testDatabase.connectionString)
    configuration.pool.maxConnections = maxConnections
    configure(&configuration)
    return configuration
}

/// A user inserted through any runner (a transaction too).
func insertUser(_ db: some QueryRunner, _ name: String) async throws -> User.Row {
    try await db.insert(User.Insert(email: "\(name.lowercased())-\(UUID().uuidString.prefix(8))@example.com", name: name, passwordHash: "h"))
}
