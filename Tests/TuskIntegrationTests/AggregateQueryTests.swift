import Foundation
import Testing
import Tusk

/// Aggregates with groupBy/having and subqueries in predicates, on PostgreSQL 16: rows, types, SQL.
@Suite struct AggregateQueryTests {
    @Test func groupedCountsSumsAndAveragesWithHaving() async throws {
        try await withSchemaDatabase { db in try await Self.groupedCountsSumsAndAveragesWithHaving(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func groupedCountsSumsAndAveragesWithHaving(_ db: Database) async throws {
        let fixture = try await ReportingFixture(db)
        let (ann, bo) = (fixture.ann, fixture.bo)
        let grouped = Document.groupBy { $0.userId }
            .having { $0.id.count() >= 1 && $0.userId != nil }
            .order { $0.id.count().desc }
            .select { ($0.userId, $0.id.count(), $0.score.avg(), $0.score.sum(), $0.title.max()) }
        #expect(try grouped.sql().text == #"SELECT "user_id", count("id"), avg("score"), sum("score"), max("title") FROM "public"."documents" WHERE "deleted_at" IS NULL GROUP BY "user_id" HAVING count("id") >= $1 AND "user_id" IS NOT NULL ORDER BY count("id") DESC"#)
        let rows: [(UUID?, Int64, Decimal?, Decimal?, String?)] = try await grouped.all(on: db)
        #expect(rows.map(\.0) == [ann.id, bo.id])
        #expect(rows.map(\.1) == [3, 1])
        #expect(rows[0].2 == Decimal(string: "0.4"))
        #expect(rows[0].3 == Decimal(string: "1.2"))
        #expect(rows[0].4 == "a3")
        #expect(rows[1].2 == Decimal(string: "0.5"))
    }

    @Test func havingFiltersGroupsAndTheGroupWithoutAUserIsNil() async throws {
        try await withSchemaDatabase { db in try await Self.havingFiltersGroupsAndTheGroupWithoutAUserIsNil(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func havingFiltersGroupsAndTheGroupWithoutAUserIsNil(_ db: Database) async throws {
        let fixture = try await ReportingFixture(db)
        let (ann, bo) = (fixture.ann, fixture.bo)
        let busy = try await Document.query.groupBy { $0.userId }.having { $0.id.count() > 2 }
            .select { ($0.userId, count(), count(distinct: $0.title)) }.all(on: db)
        #expect(busy.count == 1)
        #expect(busy[0].0 == ann.id && busy[0].1 == 3 && busy[0].2 == 3)
        let all: [(UUID?, Decimal?)] = try await Document.groupBy { $0.userId }.order { $0.score.sum() }.select { ($0.userId, $0.score.sum()) }.all(on: db)
        let users: [UUID?] = all.map { $0.0 }
        #expect(users == [nil, bo.id, ann.id])
    }

    @Test func sumOfIntegersIsInt64AndGroupingBySeveralExpressions() async throws {
        try await withSchemaDatabase { db in try await Self.sumOfIntegersIsInt64AndGroupingBySeveralExpressions(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func sumOfIntegersIsInt64AndGroupingBySeveralExpressions(_ db: Database) async throws {
        let document = try await db.insert(Document.Insert(title: "chunked"))
        _ = try await db.insert([
            DocumentChunk.Insert(documentId: document.id, ordinal: 0, content: "a", tokenCount: 7, embedding: [1, 0, 0]),
            DocumentChunk.Insert(documentId: document.id, ordinal: 1, content: "a", tokenCount: 5, embedding: [0, 1, 0]),
            DocumentChunk.Insert(documentId: document.id, ordinal: 2, content: "b", tokenCount: Int32.max, embedding: [0, 0, 1]),
        ])
        let query = DocumentChunk.groupBy { ($0.documentId, $0.content) }.order { $0.content }
            .select { ($0.content, $0.tokenCount.sum(), $0.tokenCount.avg(), $0.ordinal.min()) }
        #expect(try query.sql().text == #"SELECT "content", sum("token_count"), avg("token_count"), min("ordinal") FROM "public"."document_chunks" GROUP BY "document_id", "content" ORDER BY "content""#)
        let rows: [(String, Int64?, Decimal?, Int32?)] = try await query.all(on: db)
        #expect(rows.map(\.0) == ["a", "b"])
        #expect(rows.map(\.1) == [12, Int64(Int32.max)])
        #expect(rows[0].2 == 6)
        #expect(rows.map(\.3) == [0, 2])
        // A sum past Int32 stays exact: bigint.
        let total: Int64?? = try await DocumentChunk.select { $0.tokenCount.sum() }.first(on: db)
        let sum: Int64? = total ?? nil
        #expect(sum == 2_147_483_659)
    }

    @Test func wholeTableAggregatesAndEmptyTablesGiveNil() async throws {
        try await withSchemaDatabase { db in
            _ = try await ReportingFixture(db)
            let whole = Document.select { ($0.id.count(), $0.score.max(), $0.score.min()) }
            #expect(try whole.sql().text == #"SELECT count("id"), max("score"), min("score") FROM "public"."documents" WHERE "deleted_at" IS NULL"#)
            let summary = try #require(try await whole.first(on: db))
            #expect(summary.0 == 5 && summary.1 == Decimal(string: "0.6") && summary.2 == Decimal(string: "0.1"))

            // No rows: count is 0, every other aggregate NULL (nil); real sums stay real, averages double.
            let empty = MemoryObject.select { (count(), $0.importance.sum(), $0.importance.avg(), $0.recall.sum(), $0.importance.max()) }
            let values: (Int64, Float?, Double?, Double?, Float?)? = try await empty.first(on: db)
            let row = try #require(values)
            #expect(row.0 == 0 && row.1 == nil && row.2 == nil && row.3 == nil && row.4 == nil)
            let noGroups = try await Document.where { $0.title == "none" }.groupBy { $0.userId }.select { ($0.userId, count()) }.all(on: db)
            #expect(noGroups.isEmpty)
        }
    }

    @Test func inAndNotInSubqueries() async throws {
        try await withSchemaDatabase { db in
            let fixture = try await ReportingFixture(db)
            let (ann, bo) = (fixture.ann, fixture.bo)
            // UUID? column IN a UUID subquery.
            let annsQuery = Document.where { $0.userId.in(User.where { $0.name == "Ann" }.select { $0.id }) && $0.score > Decimal(string: "0.3")! }
            #expect(try annsQuery.sql().text.hasSuffix(#"FROM "public"."documents" WHERE "user_id" IN (SELECT "id" FROM "public"."users" WHERE "name" = $1) AND "score" > $2 AND "deleted_at" IS NULL"#))
            #expect(try annsQuery.sql().values == ["Ann", "0.3"])
            #expect(try await annsQuery.order { $0.title }.all(on: db).map(\.title) == ["a2", "a3"])

            // UUID column IN a UUID? subquery: the users with a live document scoring at least 0.5.
            let scorers = User.where { $0.id.in(Document.where { $0.score >= Decimal(string: "0.5")! }.select { $0.userId }) }
            #expect(try await scorers.order { $0.name }.all(on: db).map(\.id) == [ann.id, bo.id])
            // NOT IN over a subquery without NULLs (users with no live document).
            let idle = User.where { $0.id.notIn(Document.where { $0.userId != nil }.select { $0.userId }) }
            #expect(try await idle.order { $0.name }.all(on: db).map(\.id) == [fixture.cy.id, fixture.di.id])
        }
    }

    @Test func existsAndNotExistsSubqueries() async throws {
        try await withSchemaDatabase { db in
            _ = try await ReportingFixture(db)
            let query = User.where { $0.name != "Bo" && exists(Document.where { $0.title == "orphan" }) }.order { $0.name }
            #expect(try query.sql().text.hasSuffix(#"FROM "public"."users" WHERE "name" <> $1 AND EXISTS (SELECT 1 FROM "public"."documents" WHERE "title" = $2 AND "deleted_at" IS NULL) ORDER BY "name", "id""#))
            #expect(try await query.all(on: db).map(\.name) == ["Ann", "Cy", "Di"])
            // The soft-deleted document does not count.
            #expect(try await User.where { _ in exists(Document.where { $0.title == "a4 deleted" }) }.all(on: db).isEmpty)
            #expect(try await User.where { _ in notExists(Document.where { $0.title == "a4 deleted" }) }.count(on: db) == 4)
            #expect(try await User.where { _ in exists(Document.where { $0.title == "a4 deleted" }.withDeleted()) }.count(on: db) == 4)
        }
    }
}
