import Foundation
import Testing
import Tusk

/// The README's relation, aggregate and join lines, compiled and run, so the front page stays true.
@Suite struct ReadmeSnippetTests {
    @Test func relationsAggregatesAndJoinsFromTheReadme() async throws {
        try await withSchemaDatabase { db in try await Self.relationsAggregatesAndJoinsFromTheReadme(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func relationsAggregatesAndJoinsFromTheReadme(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        _ = try await db.insert(Document.Insert(userId: ann.id, title: "pg tips"))
        let users = try await User.where { $0.documents.some { $0.title.ilike("%pg%") } }
            .including(\.documents) { $0.including(\.chunks) }
            .including(\.conversations)
            .all(on: db)
        let chunks: [DocumentChunk.Row] = users[0].documents[0].chunks
        #expect(users.map(\.name) == ["Ann"] && chunks.isEmpty)
        let perUser = try await Document.query.groupBy { $0.userId }
            .select { ($0.userId, $0.id.count(), $0.score.avg()) }.all(on: db)
        #expect(perUser.count == 1 && perUser[0].0 == ann.id && perUser[0].1 == 1 && perUser[0].2 == Decimal(string: "0.5"))
        let pairs = try await Document.query.join(User.self, on: { $0.userId == $1.id }).all(on: db)
        #expect(pairs.map { $0.1.id } == [ann.id])
        let team = try await User.where { $0.plan == "team" }.cached(ttl: .seconds(30)).all(on: db)
        #expect(team.allSatisfy { $0.plan == "team" })
    }
}

/// docs/typed-api.md's "Transactions" and "Catching errors" snippets, run as written there.
@Suite struct TransactionDocsSnippetTests {
    enum SignupError: Error, Equatable { case emailTaken, invalid([String]) }

    static func signUp(_ db: Database, email: String, name: String) async throws {
        do {
            _ = try await db.insert(User.Insert(email: email, name: name, passwordHash: "h"))
        } catch let error as PostgresError where error.kind == .uniqueViolation && error.constraint == "users_email_key" {
            throw SignupError.emailTaken
        } catch let error as ValidationError {
            throw SignupError.invalid(error.failures.map(\.message))
        }
    }

    @Test func catchingAUniqueViolationByConstraintName() async throws {
        try await withSchemaDatabase { db in
            try await Self.signUp(db, email: "ann@example.com", name: "Ann")
            await #expect(throws: SignupError.emailTaken) { try await Self.signUp(db, email: "ann@example.com", name: "Ann") }
            await #expect(throws: SignupError.self) { try await Self.signUp(db, email: "not an email", name: "Ann") }
        }
    }

    static func renameInATransaction(_ db: Database, email: String) async throws -> UUID {
        try await db.transaction(isolation: .serializable, retry: .serializationFailures()) { tx in
            let user = try await User.where { $0.email == email }.forUpdate().first(on: tx)
            try await User.update { $0.name = "Ann B." }.where { $0.id == user!.id }.execute(on: tx)
            _ = try? await tx.transaction { inner in
                _ = try await inner.insert(Document.Insert(userId: user!.id, title: "renamed"))
                throw CancellationError()  // the savepoint's insert is rolled back, the rename is kept
            }
            return user!.id
        }
    }

    @Test func transactionWithRetryAndASavepoint() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db, "Ann")
            #expect(try await Self.renameInATransaction(db, email: ann.email) == ann.id)
            #expect(try await User.find(ann.id, on: db)?.name == "Ann B.")
            #expect(try await Document.count(on: db) == 0)
            let report = try await db.transaction(isolation: .repeatableRead, readOnly: true) { tx in
                (try await User.count(on: tx), try await Document.count(on: tx))
            }
            #expect(report.0 == 1 && report.1 == 0)
        }
    }
}

/// Rendering queries to SQL and parameters without a database, for users' snapshot tests.
@Suite struct SQLSnapshotTests {
    @Test func anyQueryRendersToSQLAndTypedParametersWithoutADatabase() throws {
        let userID = try #require(UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF"))
        let select = try Document.where { $0.userId == userID && $0.tags.contains(["q3"]) }.order { $0.createdAt.desc }.limit(5).sql()
        #expect(select.snapshot == """
            SELECT "id", "user_id", "title", "body", "source_url", "metadata", "tags", "score", "tier", "embedding", "created_at", "deleted_at" \
            FROM "public"."documents" WHERE "user_id" = $1 AND "tags" @> $2 AND "deleted_at" IS NULL ORDER BY "created_at" DESC, "id" LIMIT 5
            -- $1 uuid: 6F9619FF-8B86-D011-B42D-00C04FC964FF
            -- $2 text[]: ["q3"]
            """)
        let update = try User.update { $0.nickname = nil; $0.name = "Ann" }.where { $0.id == userID }.sql()
        #expect(update.snapshot == """
            UPDATE "public"."users" SET "name" = $1, "nickname" = $2, "updated_at" = now() WHERE "id" = $3
            -- $1 text: Ann
            -- $2 text: NULL
            -- $3 uuid: 6F9619FF-8B86-D011-B42D-00C04FC964FF
            """)
        let grouped = try Document.query.groupBy { $0.userId }.having { $0.id.count() > 2 }.select { ($0.userId, $0.id.count()) }.sql()
        #expect(grouped.snapshot.hasSuffix("HAVING count(\"id\") > $1\n-- $1 int8: 2"), "\(grouped.snapshot)")
    }
}
