import Foundation
import Testing
import Tusk

/// Typed joins on PostgreSQL 16: rows of both tables, where/order/select over both sides, SQL.
@Suite struct JoinQueryTests {
    static let documentColumns = #""documents"."id", "documents"."user_id", "documents"."title", "documents"."body", "documents"."source_url", "documents"."metadata", "documents"."tags", "documents"."score", "documents"."tier", "documents"."embedding", "documents"."created_at", "documents"."deleted_at""#
    static let userColumns = #""users"."id", "users"."email", "users"."email_domain", "users"."name", "users"."nickname", "users"."password_hash", "users"."homepage", "users"."plan", "users"."created_at", "users"."updated_at""#

    @Test func innerJoinDecodesBothRows() async throws {
        try await withSchemaDatabase { db in try await Self.innerJoinDecodesBothRows(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func innerJoinDecodesBothRows(_ db: Database) async throws {
        let ann = try await ReportingFixture(db).ann
        let query = Document.join(User.self, on: { $0.userId == $1.id }).order { d, _ in d.title }
        #expect(try query.sql().text == "SELECT \(Self.documentColumns), \(Self.userColumns) FROM \"public\".\"documents\" JOIN \"public\".\"users\" ON \"documents\".\"user_id\" = \"users\".\"id\" WHERE \"documents\".\"deleted_at\" IS NULL ORDER BY \"documents\".\"title\"")
        let rows: [(Document.Row, User.Row)] = try await query.all(on: db)
        #expect(rows.map(\.0.title) == ["a1", "a2", "a3", "b1"])
        #expect(rows.map(\.1.name) == ["Ann", "Ann", "Ann", "Bo"])
        #expect(rows[0].1 == ann)
        #expect(rows[0].0 == (try await Document.where { $0.title == "a1" }.first(on: db)))
        let first: (Document.Row, User.Row)? = try await Document.query.join(User.self, on: { $0.userId == $1.id })
            .order { d, _ in d.title.desc }.first(on: db)
        let firstTitles: [String] = [first?.0.title, first?.1.name].compactMap { $0 }
        #expect(firstTitles == ["b1", "Bo"])
    }

    @Test func leftJoinGivesNilWhereNoRowMatches() async throws {
        try await withSchemaDatabase { db in try await Self.leftJoinGivesNilWhereNoRowMatches(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func leftJoinGivesNilWhereNoRowMatches(_ db: Database) async throws {
        let fixture = try await ReportingFixture(db)
        let ann = fixture.ann
        // Documents with their user: the orphan's user is nil.
        let documents: [(Document.Row, User.Row?)] = try await Document.leftJoin(User.self, on: { $0.userId == $1.id })
            .order { d, _ in d.title }.all(on: db)
        #expect(documents.map(\.0.title) == ["a1", "a2", "a3", "b1", "orphan"])
        #expect(documents.map(\.1?.id) == [ann.id, ann.id, ann.id, fixture.bo.id, nil])

        // Users with their live documents: Di's only document is deleted, so Di stays with nil
        // (the right table's soft-delete filter is in ON, not WHERE).
        let query = User.leftJoin(Document.self, on: { $0.id == $1.userId }).order { u, d in [u.name, d.title] }
        #expect(try query.sql().text.hasSuffix(#"FROM "public"."users" LEFT JOIN "public"."documents" ON "users"."id" = "documents"."user_id" AND "documents"."deleted_at" IS NULL ORDER BY "users"."name", "documents"."title""#))
        let users = try await query.all(on: db)
        #expect(users.map(\.0.name) == ["Ann", "Ann", "Ann", "Bo", "Cy", "Di"])
        #expect(users.map(\.1?.title) == ["a1", "a2", "a3", "b1", nil, nil])
        // With the right table's deleted rows.
        let all: [(User.Row, Document.Row?)] = try await query.withDeletedRight().all(on: db)
        let titles: [String?] = ["a1", "a2", "a3", "a4 deleted", "b1", nil, "d1 deleted"]
        let allTitles: [String?] = all.map { $0.1?.title }
        #expect(allTitles == titles)
    }

    @Test func whereOrderAndSelectOverBothSides() async throws {
        try await withSchemaDatabase { db in try await Self.whereOrderAndSelectOverBothSides(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func whereOrderAndSelectOverBothSides(_ db: Database) async throws {
        let fixture = try await ReportingFixture(db)
        let ann = fixture.ann
        let query = Document.where { $0.score > Decimal(string: "0.1")! }
            .join(User.self, on: { $0.userId == $1.id })
            .where { _, u in u.name == "Ann" }
            .order { d, u in [u.email, d.score.desc] }
            .limit(5)
            .select { d, u in (d.title, u.email, d.score) }
        #expect(try query.sql().text == #"SELECT "documents"."title", "users"."email", "documents"."score" FROM "public"."documents" JOIN "public"."users" ON "documents"."user_id" = "users"."id" WHERE "documents"."score" > $1 AND "users"."name" = $2 AND "documents"."deleted_at" IS NULL ORDER BY "users"."email", "documents"."score" DESC LIMIT 5"#)
        let rows: [(String, String, Decimal)] = try await query.all(on: db)
        #expect(rows.map(\.0) == ["a3", "a2", "a1"])
        #expect(rows.allSatisfy { $0.1 == ann.email })

        // A left join's right columns are selected optional.
        let pairs = try await User.leftJoin(Document.self, on: { $0.id == $1.userId })
            .order { u, d in [u.name, d.title] }
            .select { u, d in (u.name, d.title.optional, d.userId) }
            .all(on: db)
        #expect(pairs.map(\.0) == ["Ann", "Ann", "Ann", "Bo", "Cy", "Di"])
        #expect(pairs.map(\.1) == ["a1", "a2", "a3", "b1", nil, nil])
        #expect(pairs.map(\.2) == [ann.id, ann.id, ann.id, fixture.bo.id, nil, nil])
        let first: (String, String)? = try await User.join(Document.self, on: { $0.id == $1.userId })
            .order { _, d in d.title }.select { u, d in (u.name, d.title) }.first(on: db)
        let name: String? = first?.0
        #expect(name == "Ann")
    }

    @Test func aggregatesOverALeftJoinCountZeroForNoRowsAndJoinsCount() async throws {
        try await withSchemaDatabase { db in try await Self.aggregatesOverALeftJoinCountZeroForNoRowsAndJoinsCount(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func aggregatesOverALeftJoinCountZeroForNoRowsAndJoinsCount(_ db: Database) async throws {
        _ = try await ReportingFixture(db)
        let perUser = User.leftJoin(Document.self, on: { $0.id == $1.userId })
            .groupBy { u, _ in u.id }
            .having { _, d in d.id.count() < 3 }
            .order { u, _ in u.name }
            .select { u, d in (u.name, d.id.count(), d.score.sum()) }
        #expect(try perUser.sql().text == #"SELECT "users"."name", count("documents"."id"), sum("documents"."score") FROM "public"."users" LEFT JOIN "public"."documents" ON "users"."id" = "documents"."user_id" AND "documents"."deleted_at" IS NULL GROUP BY "users"."id" HAVING count("documents"."id") < $1 ORDER BY "users"."name""#)
        let rows: [(String, Int64, Decimal?)] = try await perUser.all(on: db)
        let names: [String] = rows.map { $0.0 }
        let counts: [Int64] = rows.map { $0.1 }
        let sums: [Decimal?] = rows.map { $0.2 }
        #expect(names == ["Bo", "Cy", "Di"])
        #expect(counts == [1, 0, 0])
        #expect(sums == [Decimal(string: "0.5"), nil, nil])

        let join = Document.join(User.self, on: { $0.userId == $1.id })
        let pairs: Int = try await join.count(on: db)
        let limited: Int = try await join.order { d, _ in d.title }.limit(2).count(on: db)
        #expect(pairs == 4)
        #expect(limited == 2)
    }

    @Test func aSelfJoinAliasesTheSecondSide() async throws {
        try await withSchemaDatabase { db in
            try await Self.aSelfJoinAliasesTheSecondSide(db)
        }
    }

    private static func aSelfJoinAliasesTheSecondSide(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        let bo = try await makeUser(db, "Bo")
        _ = try await db.insert([
            Document.Insert(userId: ann.id, title: "a1"), Document.Insert(userId: ann.id, title: "a2"),
            Document.Insert(userId: bo.id, title: "b1"),
        ])
        // Pairs of documents of the same owner.
        let pairs = Document.join(Document.self, on: { $0.userId == $1.userId && $0.id.lt($1.id) })
        let sql = try pairs.sql().text
        #expect(sql.contains(#"FROM "public"."documents" JOIN "public"."documents" AS "documents_2" ON "documents"."user_id" = "documents_2"."user_id" AND "documents"."id" < "documents_2"."id" AND "documents_2"."deleted_at" IS NULL"#), "\(sql)")
        let found = try await pairs.select { first, second in (first.title, second.title) }.all(on: db)
        #expect(found.map { "\($0.0)+\($0.1)" } == ["a1+a2"])
        // Left self-join: every document with a later one of the same owner, or nil.
        let later = try await Document.query.order { $0.title }
            .leftJoin(Document.self, on: { $0.userId == $1.userId && $0.id.lt($1.id) })
            .all(on: db)
        let laterTitles: [String] = later.map { pair -> String in
            let right: String = pair.1?.title ?? "-"
            return pair.0.title + "->" + right
        }
        let expectedTitles: [String] = ["a1->a2", "a2->-", "b1->-"]
        #expect(laterTitles == expectedTitles)
    }
}
