import Foundation
import Testing
import Tusk

/// Every read entry point of the generated API on a real PostgreSQL: rows and rendered SQL.
@Suite struct ReadQueryTests {
    init() {}  // written out, as WriteQueryTests' (type-check time where other suites make one)

    static let userColumns = #""id", "email", "email_domain", "name", "nickname", "password_hash", "homepage", "plan", "created_at", "updated_at""#

    @Test func findByPrimaryKey() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            #expect(try await User.find(ann.id, on: db) == ann)
            #expect(try await User.find(UUID(), on: db) == nil)
            #expect(try User.where { $0.id.eq(ann.id) }.sql().text == "SELECT \(Self.userColumns) FROM \"public\".\"users\" WHERE \"id\" = $1")
        }
    }

    @Test func findByCompositeKey() async throws {
        try await withSchemaDatabase { db in
            let document = try await db.insert(Document.Insert(title: "Guide"))
            let chunks = try await db.insert([
                DocumentChunk.Insert(documentId: document.id, ordinal: 0, content: "zero", embedding: [1, 0, 0]),
                DocumentChunk.Insert(documentId: document.id, ordinal: 1, content: "one", embedding: [0, 1, 0]),
            ])
            #expect(try await DocumentChunk.find(documentId: document.id, ordinal: 1, on: db) == chunks[1])
            #expect(try await DocumentChunk.find(documentId: document.id, ordinal: 2, on: db) == nil)
            let sql = try DocumentChunk.where { .and([$0.documentId.eq(document.id), $0.ordinal.eq(1)]) }.sql()
            #expect(sql.text.hasSuffix(#"FROM "public"."document_chunks" WHERE "document_id" = $1 AND "ordinal" = $2"#))
        }
    }

    @Test func whereOrderLimitOffsetFirstAllCountExists() async throws {
        try await withSchemaDatabase { db in try await Self.whereOrderLimitOffsetFirstAllCountExists(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func whereOrderLimitOffsetFirstAllCountExists(_ db: Database) async throws {
        let ann = try await makeUser(db)
        for index in 1...5 {
            _ = try await db.insert(Document.Insert(userId: ann.id, title: "Doc \(index)", score: Decimal(index) / 10))
        }
        let query = Document.where { $0.userId == ann.id && $0.score >= Decimal(string: "0.2")! }.order { $0.score.desc }
        #expect(try query.sql().text.hasSuffix(#"FROM "public"."documents" WHERE "user_id" = $1 AND "score" >= $2 AND "deleted_at" IS NULL ORDER BY "score" DESC, "id""#))
        #expect(try await query.all(on: db).map(\.title) == ["Doc 5", "Doc 4", "Doc 3", "Doc 2"])
        #expect(try await query.limit(2).offset(1).all(on: db).map(\.title) == ["Doc 4", "Doc 3"])
        #expect(try query.limit(2).offset(1).sql().text.hasSuffix(#"ORDER BY "score" DESC, "id" LIMIT 2 OFFSET 1"#))
        #expect(try await query.first(on: db)?.title == "Doc 5")
        #expect(try query.firstSQL().text.hasSuffix(#"ORDER BY "score" DESC, "id" LIMIT 1"#))
        #expect(try query.countSQL().text == #"SELECT count(*) FROM "public"."documents" WHERE "user_id" = $1 AND "score" >= $2 AND "deleted_at" IS NULL"#)
        #expect(try query.existsSQL().text.hasPrefix(#"SELECT EXISTS (SELECT 1 FROM "public"."documents" WHERE"#))
        #expect(try await query.count(on: db) == 4)
        #expect(try await query.limit(3).count(on: db) == 3)
        #expect(try await query.exists(on: db))
        #expect(try await !Document.where { $0.title == "nope" }.exists(on: db))
        #expect(try await Document.count(on: db) == 5)
        #expect(try await Document.all(on: db).count == 5)
    }

    @Test func orderNullsFirstAndLast() async throws {
        try await withSchemaDatabase { db in
            _ = try await makeUser(db, "Bo", nickname: "b")
            _ = try await makeUser(db, "Al")
            _ = try await makeUser(db, "Cy", nickname: "c")
            let first = User.order { $0.nickname.asc.nullsFirst }
            #expect(try first.sql().text.hasSuffix(#"ORDER BY "nickname" NULLS FIRST, "id""#))
            #expect(try await first.all(on: db).map(\.name) == ["Al", "Bo", "Cy"])
            #expect(try await User.order { $0.nickname.desc.nullsLast }.all(on: db).map(\.name) == ["Cy", "Bo", "Al"])
        }
    }

    @Test func nullSemantics() async throws {
        try await withSchemaDatabase { db in try await Self.nullSemantics(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func nullSemantics(_ db: Database) async throws {
        _ = try await makeUser(db, "Al")
        _ = try await makeUser(db, "Bo", nickname: "b")
        // == nil is IS NULL; != nil is IS NOT NULL.
        #expect(try await User.where { $0.nickname == nil }.all(on: db).map(\.name) == ["Al"])
        #expect(try await User.where { $0.nickname != nil }.all(on: db).map(\.name) == ["Bo"])
        // Like SQL, <> a value never matches NULL; isDistinct(from:) does.
        #expect(try await User.where { $0.nickname != "b" }.all(on: db).isEmpty)
        #expect(try await User.where { $0.nickname.isDistinct(from: "b") }.all(on: db).map(\.name) == ["Al"])
        let optional: String? = nil
        #expect(try User.where { $0.nickname == optional }.sql().text.hasSuffix(#"WHERE "nickname" IS NULL"#))
    }

    /// Key paths infer inside `in(...)`, for a nullable column too (`UUID?` from `[UUID]`).
    @Test func keyPathsInferInsideIn() async throws {
        try await withSchemaDatabase { db in
            let users = [try await makeUser(db, "Al"), try await makeUser(db, "Bo")]
            _ = try await db.insert(Document.Insert(userId: users[0].id, title: "a"))
            #expect(try await User.where { $0.id.in(users.map(\.id)) }.count(on: db) == 2)
            #expect(try await Document.where { $0.userId.in(users.map(\.id)) }.count(on: db) == 1)
        }
    }

    @Test func inNotInBetweenLikeIlike() async throws {
        try await withSchemaDatabase { db in try await Self.inNotInBetweenLikeIlike(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func inNotInBetweenLikeIlike(_ db: Database) async throws {
        let al = try await makeUser(db, "Al")
        let bo = try await makeUser(db, "Bo")
        _ = try await makeUser(db, "Cyrus")
        #expect(try await User.where { $0.id.in([al.id, bo.id]) }.order { $0.name }.all(on: db).map(\.name) == ["Al", "Bo"])
        #expect(try await User.where { $0.id.notIn([al.id, bo.id]) }.all(on: db).map(\.name) == ["Cyrus"])
        #expect(try await User.where { $0.id.in([]) }.all(on: db).isEmpty)
        #expect(try await User.where { $0.name.like("C%") }.all(on: db).map(\.name) == ["Cyrus"])
        #expect(try await User.where { $0.name.ilike("c%") }.all(on: db).map(\.name) == ["Cyrus"])
        #expect(try await User.where { $0.name.like("c%") }.all(on: db).isEmpty)
        #expect(try await User.where { $0.name.between("Al", and: "Bz") }.order { $0.name }.all(on: db).map(\.name) == ["Al", "Bo"])
        #expect(try await User.where { !($0.name == "Al") || $0.name == "Al" }.count(on: db) == 3)
    }

    @Test func selectProjectionsAndDistinct() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            let projection = User.where { $0.id == ann.id }.select { ($0.id, $0.email) }
            #expect(try projection.sql().text == #"SELECT "id", "email" FROM "public"."users" WHERE "id" = $1"#)
            let rows = try await projection.all(on: db)
            #expect(rows.count == 1 && rows[0].0 == ann.id && rows[0].1 == "ann@example.com")
            _ = try await db.insert([Document.Insert(title: "a", tier: .semantic), Document.Insert(title: "b", tier: .semantic), Document.Insert(title: "c")])
            let tiers = Document.select { $0.tier }.distinct()
            #expect(try tiers.sql().text == #"SELECT DISTINCT "tier" FROM "public"."documents" WHERE "deleted_at" IS NULL"#)
            #expect(Set(try await tiers.all(on: db)) == [.semantic, .working])
            let first = try await Document.order { $0.title }.select { ($0.title, $0.score) }.first(on: db)
            #expect(first?.0 == "a" && first?.1 == Decimal(string: "0.5"))
        }
    }

    @Test func keysetPaginationVisitsEveryRowOnce() async throws {
        try await withSchemaDatabase { db in
            // Equal scores: the primary key breaks ties.
            let inserted = try await db.insert((1...7).map { Document.Insert(title: "Doc \($0)", score: $0 % 2 == 0 ? 0.5 : 0.25) })
            var seen: [Int64] = []
            var page = try await Document.order { $0.score }.limit(3).all(on: db)
            while let last = page.last {
                seen += page.map(\.id)
                let next = Document.order { $0.score }.limit(3).after(last)
                #expect(try next.sql().text.hasSuffix(#"WHERE ("score", "id") > ($1, $2) AND "deleted_at" IS NULL ORDER BY "score", "id" LIMIT 3"#))
                page = try await next.all(on: db)
            }
            #expect(seen.count == 7 && Set(seen) == Set(inserted.map(\.id)))
            let expected = inserted.sorted { ($0.score, $0.id) < ($1.score, $1.id) }.map(\.id)
            #expect(seen == expected)
        }
    }

    @Test func keysetOverANullValueIsRefusedClearly() async throws {
        try await withSchemaDatabase { db in
            let al = try await makeUser(db, "Al")
            let error = await thrown(QueryError.self) { _ = try await User.order { $0.nickname }.after(al).all(on: db) }
            #expect(error?.message == #"after(row): the row's "nickname" is NULL; order by NOT NULL columns to page with after(row)"#)
        }
    }

    @Test func streamReadsEveryRowInBoundedPages() async throws {
        try await withSchemaDatabase { db in try await Self.streamReadsEveryRowInBoundedPages(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func streamReadsEveryRowInBoundedPages(_ db: Database) async throws {
        _ = try await db.insert((1...25).map { Document.Insert(title: "Doc \($0)") })
        var titles: [String] = []
        let newestFirst = Document.order { $0.id.desc }
        for try await row in newestFirst.stream(on: db, batchSize: 4) { titles.append(row.title) }
        let newestTitles: [String] = (1...25).reversed().map { "Doc \($0)" }
        #expect(titles == newestTitles)
        var limited = 0
        for try await _ in Document.query.limit(10).stream(on: db, batchSize: 4) { limited += 1 }
        #expect(limited == 10)
        var skipped: [String] = []
        let fromTwentyOne = Document.order { $0.id }.offset(20)
        for try await row in fromTwentyOne.stream(on: db, batchSize: 2) { skipped.append(row.title) }
        #expect(skipped == ["Doc 21", "Doc 22", "Doc 23", "Doc 24", "Doc 25"])
    }

    @Test func unicodeQuotesAndInjectionShapedValuesAreStoredVerbatim() async throws {
        try await withSchemaDatabase { db in
            let values = [
                "Zoë «Ñandú» 日本語 🐘", #"O'Brien "quoted" \backslash"#, "Robert'); DROP TABLE users; --",
                "$1 $2 ? :name", "null\u{1}byte-free control",
            ]
            for (index, value) in values.enumerated() {
                let stored = try await db.insert(User.Insert(email: "u\(index)@example.com", name: value, passwordHash: value))
                #expect(stored.name == value)
                #expect(try await User.where { $0.name == value }.first(on: db)?.id == stored.id)
            }
            #expect(try await User.count(on: db) == values.count)
        }
    }
}
