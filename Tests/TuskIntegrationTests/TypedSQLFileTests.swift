import Foundation
import Testing
import Tusk

/// The functions generated from reports.sql (through Generated/queries.json) on a real server:
/// a CTE with window functions, DISTINCT ON with an `AS "email?"` override, :one and :execrows.
@Suite struct TypedSQLFileTests {
    @Test func rankedDocumentsRunsTheCTEAndWindowFunctions() async throws {
        try await withSchemaDatabase { db in try await Self.rankedDocumentsRunsTheCTEAndWindowFunctions(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func rankedDocumentsRunsTheCTEAndWindowFunctions(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        let bob = try await makeUser(db, "Bob")
        for (title, score) in [("low", "0.20"), ("high", "0.90"), ("mid", "0.50")] {
            _ = try await db.insert(Document.Insert(userId: ann.id, title: title, score: Decimal(string: score)!, tier: .semantic))
        }
        _ = try await db.insert(Document.Insert(userId: bob.id, title: "other"))

        let ranked: [Queries.RankedDocumentsRow] = try await Queries.rankedDocuments(userId: ann.id, limit: 2, on: db)
        #expect(ranked.map(\.title) == ["high", "mid"])
        #expect(ranked.map(\.rank) == [1, 2])
        #expect(ranked.map(\.total) == [3, 3])  // counted over the CTE, before LIMIT
        #expect(ranked.first?.score == Decimal(string: "0.90"))
        #expect(ranked.first?.tier == .semantic)
    }

    @Test func distinctOnWithANullableOverride() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db, "Ann")
            _ = try await db.insert(Document.Insert(userId: ann.id, title: "first", tier: .working))
            _ = try await db.insert(Document.Insert(userId: ann.id, title: "second", tier: .working))
            _ = try await db.insert(Document.Insert(userId: ann.id, title: "kept", tier: .shared))

            let newest = try await Queries.newestDocumentPerTier(userId: ann.id, on: db)
            #expect(newest.map(\.title) == ["second", "kept"])
            // `AS "email?"`: optional in Swift although users.email is NOT NULL (the LEFT JOIN).
            let email: String? = newest.first?.email
            #expect(email == ann.email)
        }
    }

    @Test func oneAndExecRows() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db, "Ann")
            let low = try await db.insert(Document.Insert(userId: ann.id, title: "low", score: Decimal(string: "0.10")!))
            _ = try await db.insert(Document.Insert(userId: ann.id, title: "high", score: Decimal(string: "0.90")!))

            let title: Queries.DocumentTitleRow? = try await Queries.documentTitle(id: low.id, on: db)
            #expect(title?.title == "low")
            #expect(try await Queries.documentTitle(id: -1, on: db) == nil)

            let archived: Int = try await Queries.archiveLowScoring(userId: ann.id, below: Decimal(string: "0.50")!, on: db)
            #expect(archived == 1)
            // The '@' inside the string literal stayed text: it is no parameter.
            #expect(try await Queries.documentTitle(id: low.id, on: db)?.title == "low (archived @ low score)")
            #expect(try await Queries.archiveLowScoring(userId: ann.id, below: Decimal(string: "0.50")!, on: db) == 0)
        }
    }
}
