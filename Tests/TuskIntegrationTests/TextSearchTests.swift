import Foundation
import Testing
import Tusk

/// Generated columns (`users.email_domain`), the `documents.search` tsvector (generated from
/// title and body, GIN-indexed), its typed predicates, and hybrid retrieval fused with the
/// embedding's HNSW index.
@Suite struct TextSearchTests {
    static let corpus: [(title: String, body: String, embedding: PostgresVector)] = [
        ("Quarterly revenue", "Revenue grew in the third quarter; costs fell", [1, 0, 0]),
        ("Cat care", "Feeding cats and brushing a cat's fur", [0, 1, 0]),
        ("Revenue forecast", "Next year's revenue and hiring plan", [0.9, 0.1, 0]),
        ("Dog walking", "Dogs need a walk twice a day", [0, 0.9, 0.1]),
        ("Office move", "Boxes, desks and the new office", [0, 0, 1]),
    ]

    static func insertCorpus(_ db: Database) async throws -> [Document.Row] {
        try await db.insert(corpus.map { Document.Insert(title: $0.title, body: $0.body, embedding: $0.embedding) })
    }

    @Test func aGeneratedColumnIsComputedOnInsertAndUpdate() async throws {
        try await withSchemaDatabase { db in try await Self.aGeneratedColumnIsComputedOnInsertAndUpdate(db) }
    }

    static func aGeneratedColumnIsComputedOnInsertAndUpdate(_ db: Database) async throws {
        let user = try await db.insert(User.Insert(email: "Ann@Example.COM", name: "Ann", passwordHash: "h"))
        #expect(user.emailDomain == "example.com")
        let moved = try await User.update { $0.email = "ann@Elsewhere.org" }.where { $0.id == user.id }.returning().execute(on: db)
        let domains = moved.map { $0.emailDomain }
        #expect(domains == ["elsewhere.org"])
        let found = try await User.where { $0.emailDomain == "elsewhere.org" }.count(on: db)
        #expect(found == 1)
        // The insert names no generated column (the database refuses a value for one).
        let insert = try User.Insert(email: "b@c.d", name: "B", passwordHash: "h").columnValues().map(\.column)
        #expect(!insert.contains("email_domain"))
    }

    @Test func matchesAndRankUseTheColumnsConfiguration() async throws {
        try await withSchemaDatabase { db in try await Self.matchesAndRankUseTheColumnsConfiguration(db) }
    }

    static func matchesAndRankUseTheColumnsConfiguration(_ db: Database) async throws {
        _ = try await insertCorpus(db)
        let query = Document.where { $0.search.matches("revenue -forecast") }.order { $0.search.rank("revenue -forecast").desc }
        let sql = try query.sql().text
        #expect(sql.contains(#""search" @@ websearch_to_tsquery('english', $1)"#), "\(sql)")
        #expect(sql.contains(#"ORDER BY ts_rank("search", websearch_to_tsquery('english', $2)) DESC"#), "\(sql)")
        #expect(!Document.selectList.contains(#""search""#), "the tsvector is never selected")
        let titles = try await query.all(on: db).map(\.title)
        #expect(titles == ["Quarterly revenue"])
        // Stemmed like the column: "cat" finds "cats" and "cat's".
        let cats = try await Document.where { $0.search.matches("cat") }.count(on: db)
        #expect(cats == 1)
        let phrase = try await Document.where { $0.search.matches("walk twice", syntax: .phrase) }.count(on: db)
        #expect(phrase == 1)
        // Soft-deleted rows stay out of searches like every read.
        _ = try await Document.delete().where { $0.title == "Cat care" }.execute(on: db)
        let afterDelete = try await Document.where { $0.search.matches("cat") }.count(on: db)
        #expect(afterDelete == 0)
        // tsquery syntax that does not parse is the server's error, with its SQLSTATE.
        let error = await thrown(PostgresError.self) { _ = try await Document.where { $0.search.matches("cat &", syntax: .tsquery) }.all(on: db) }
        #expect(error?.sqlState == "42601", "\(String(describing: error))")
    }

    @Test func hybridSearchFusesTextAndVectorRanks() async throws {
        try await withSchemaDatabase { db in try await Self.hybridSearchFusesTextAndVectorRanks(db) }
    }

    static func hybridSearchFusesTextAndVectorRanks(_ db: Database) async throws {
        let rows = try await insertCorpus(db)
        let search = Document.query.hybridSearch("revenue", in: \.search, near: [0, 0.95, 0.05], by: \.embedding, limit: 4)
        let hits = try await search.all(on: db)
        let titles = hits.map(\.row.title)
        // Text ranks the two revenue documents (1 and 2); the vector ranks cat, dog, forecast,
        // office, quarterly. The forecast is on both lists near the top, so it wins; a document
        // on one side only scores 1/(60 + rank).
        #expect(titles == ["Revenue forecast", "Quarterly revenue", "Cat care", "Dog walking"], "\(titles)")
        let scores = hits.map(\.score)
        #expect(scores == scores.sorted(by: >))
        let first = try #require(hits.first)
        let expected = (first.textRank.map { 1.0 / Double(60 + $0) } ?? 0) + (first.vectorRank.map { 1.0 / Double(60 + $0) } ?? 0)
        #expect(abs(first.score - expected) < 1e-9)
        let revenue = try #require(hits.first { $0.row.title == "Revenue forecast" })
        #expect(revenue.textRank != nil && revenue.vectorRank != nil, "in both candidate lists (5 rows, 50 candidates)")

        // A query's conditions apply to both sides; the user's documents only.
        let user = try await makeUser(db)
        _ = try await Document.update { $0.userId = .set(user.id) }.where { $0.id == rows[2].id }.execute(on: db)
        let mine = try await Document.where { $0.userId == user.id }
            .hybridSearch("revenue", in: \.search, near: [1, 0, 0], by: \.embedding).all(on: db)
        let mineTitles = mine.map(\.row.title)
        #expect(mineTitles == ["Revenue forecast"])
        #expect(mine.first?.textRank == 1 && mine.first?.vectorRank == 1)

        let tooFew = await thrown(QueryError.self) { _ = try await Document.query.hybridSearch("x", in: \.search, near: [1, 0, 0], by: \.embedding, limit: 10, candidates: 5).all(on: db) }
        #expect(tooFew?.message == "hybridSearch: candidates is 5; it must be at least 10")
    }

    @Test func theIndexesServeBothSides() async throws {
        try await withSchemaDatabase { db in try await Self.theIndexesServeBothSides(db) }
    }

    static func theIndexesServeBothSides(_ db: Database) async throws {
        _ = try await insertCorpus(db)
        // Enough other rows that reading every live row costs more than the GIN index's few.
        let filler: [Document.Insert] = (0..<3000).map { (n: Int) -> Document.Insert in
            let embedding: PostgresVector = [Float(n % 7), Float(n % 11), 1]
            return Document.Insert(title: "note \(n)", body: "meeting minutes number \(n)", embedding: embedding)
        }
        _ = try await db.insert(filler)
        // VACUUM moves the GIN index's pending list (fast update) into the index proper.
        try await db.execute("VACUUM ANALYZE documents")
        let match = try await explain(try Document.where { $0.search.matches("revenue") }.sql(), on: db)
        #expect(match.contains("Bitmap Index Scan on documents_search_idx"), "\(match)")
        let hybrid = try await explain(
            try Document.query.hybridSearch("revenue", in: \.search, near: [1, 0, 0], by: \.embedding).sql(), on: db)
        #expect(hybrid.contains("Bitmap Index Scan on documents_search_idx"), "\(hybrid)")
        #expect(hybrid.contains("Index Scan using documents_embedding_idx"), "\(hybrid)")
    }

    /// The plan with the scan-everything plans ruled out (a handful of rows makes any plan cheap):
    /// whether an index can serve the condition or the ORDER BY at all.
    static func explain(_ sql: SQL, on db: Database) async throws -> String {
        try await db.transaction { tx in
            try await tx.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
            let rows = try await tx.query(SQL(text: "EXPLAIN " + sql.text, bindings: sql.bindings), as: String.self)
            return rows.joined(separator: "\n")
        }
    }
}
