import Foundation
import Testing
import Tusk
import TuskTesting

/// The generated read-only API of schema.yaml's materialized view `usage_stats` on a real
/// PostgreSQL: built WITH DATA, refreshed (CONCURRENTLY, as its `refresh: concurrently` says),
/// and read like a table with where, order, limit, first, all and count.
@Suite struct ViewQueryTests {
    @Test func refreshThenReadThroughTheGeneratedAPI() async throws {
        try await withSchemaDatabase { db in try await Self.refreshThenRead(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func refreshThenRead(_ db: Database) async throws {
        let ann = try await makeUser(db), bo = try await makeUser(db, "Bo")
        let conversation = try await db.insert(Conversation.Insert(userId: ann.id))
        let other = try await db.insert(Conversation.Insert(userId: bo.id))
        _ = try await db.insert([
            Message.Insert(conversationId: conversation.id, role: .user, content: "a", tokens: 10),
            Message.Insert(conversationId: conversation.id, role: .assistant, content: "b", tokens: 5),
            Message.Insert(conversationId: other.id, role: .user, content: "c", tokens: nil),
        ])
        // Materialized: the rows are the ones of the last refresh (none yet).
        #expect(try await UsageStat.count(on: db) == 0)
        try await UsageStat.refresh(on: db)
        #expect(try await UsageStat.count(on: db) == 2)

        let mine = try #require(try await UsageStat.where { $0.userId == ann.id }.first(on: db))
        #expect(mine.messages == 2)
        #expect(mine.tokens == 15)
        let busiest = try await UsageStat.query.order { $0.messages.desc }.limit(1).all(on: db)
        #expect(busiest.map(\.userId) == [ann.id])
        let bos = try await UsageStat.where { $0.userId == bo.id }.all(on: db)
        #expect(bos.map(\.tokens) == [0])
        let sql = try UsageStat.where { $0.messages > 1 }.order { $0.day.desc }.limit(5).sql().text
        #expect(sql == #"SELECT "user_id", "day", "messages", "tokens" FROM "public"."usage_stats" WHERE "messages" > $1 ORDER BY "day" DESC LIMIT 5"#)
    }

    /// A cached read of the view depends on the view and the tables under it, and a refresh
    /// drops it: without that, the count below would stay at the cached 0.
    @Test func aRefreshDropsCachedReadsOfTheView() async throws {
        try await withCachingDatabase { db, _ in try await Self.cachedReads(db) }
    }

    static func cachedReads(_ db: Database) async throws {
        #expect(UsageStat.readsTables == ["usage_stats", "conversations", "messages"])
        let stats = UsageStat.query.cached(ttl: .seconds(60))
        #expect(try await stats.count(on: db) == 0)
        let ann = try await makeUser(db)
        let conversation = try await db.insert(Conversation.Insert(userId: ann.id))
        _ = try await db.insert(Message.Insert(conversationId: conversation.id, role: .user, content: "a"))
        #expect(try await stats.count(on: db) == 0)  // stored rows: none until the refresh
        try await UsageStat.refresh(on: db)
        #expect(try await stats.count(on: db) == 1)
    }

    /// A read holds ACCESS SHARE on the view until its transaction ends. The concurrent refresh
    /// (EXCLUSIVE) goes on beside it; a blocking one (ACCESS EXCLUSIVE) waits for it and gives
    /// up at the lock timeout. So `refresh(on:)` is the concurrent one, as the schema asks.
    @Test func concurrentRefreshGoesOnBesideAReadBlockingOneWaits() async throws {
        try await withSchemaDatabase { db in try await Self.refreshBesideARead(db) }
    }

    static func refreshBesideARead(_ db: Database) async throws {
        #expect(UsageStat.refreshesConcurrently)
        #expect(UsageStat.refreshStatement(concurrently: true).text == #"REFRESH MATERIALIZED VIEW CONCURRENTLY "public"."usage_stats""#)
        try await db.transaction { reader in
            _ = try await UsageStat.count(on: reader)
            try await db.transaction { refresher in
                try await refresher.execute(SQLScript(unsafeRaw: "SET LOCAL lock_timeout = '5s'"))
                try await UsageStat.refresh(on: refresher)
            }
            let blocked = await #expect(throws: PostgresError.self) {
                try await db.transaction { refresher in
                    try await refresher.execute(SQLScript(unsafeRaw: "SET LOCAL lock_timeout = '200ms'"))
                    try await UsageStat.refresh(concurrently: false, on: refresher)
                }
            }
            #expect(blocked?.sqlState == "55P03", "lock_not_available: \(String(describing: blocked))")
        }
    }
}
