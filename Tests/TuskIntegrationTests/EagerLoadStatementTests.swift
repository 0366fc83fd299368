import Foundation
import Testing
import Tusk
import TuskTesting

/// The acceptance check of eager loading: 100 users with their documents and the documents'
/// chunks load in exactly three statements, one per level, each matching all parents at once.
@Suite struct EagerLoadStatementTests {
    @Test func hundredUsersWithDocumentsAndChunksInThreeStatements() async throws {
        try await withSchemaDatabase { db in try await Self.hundredUsersWithDocumentsAndChunksInThreeStatements(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func hundredUsersWithDocumentsAndChunksInThreeStatements(_ db: Database) async throws {
        let users = try await db.insert((0..<100).map { index in
            User.Insert(email: "user\(index)@example.com", name: "User \(index)", passwordHash: "h")
        })
        let documents = try await db.insert(users.flatMap { user in
            ["a", "b"].map { Document.Insert(userId: user.id, title: "\(user.name) \($0)") }
        })
        _ = try await db.insert(documents.flatMap { document in
            (0..<3).map { DocumentChunk.Insert(documentId: document.id, ordinal: Int32($0), content: "\(document.title) #\($0)", embedding: [1, 0, 0]) }
        })

        let log = StatementLog(db)
        let loaded = try await User.query.order { $0.email }
            .including(\.documents) { $0.order { $0.title }.including(\.chunks) { $0.order { $0.ordinal } } }
            .all(on: log)

        #expect(log.statements == [
            #"SELECT "id", "email", "email_domain", "name", "nickname", "password_hash", "homepage", "plan", "created_at", "updated_at" FROM "public"."users" ORDER BY "email", "id""#,
            #"SELECT "id", "user_id", "title", "body", "source_url", "metadata", "tags", "score", "tier", "embedding", "created_at", "deleted_at" FROM "public"."documents" WHERE "user_id" = ANY($1) AND "deleted_at" IS NULL ORDER BY "title", "id""#,
            #"SELECT "document_id", "ordinal", "content", "token_count", "embedding" FROM "public"."document_chunks" WHERE "document_id" = ANY($1) ORDER BY "ordinal", "document_id""#,
        ])
        #expect(loaded.count == 100)
        #expect(loaded.allSatisfy { $0.documents.count == 2 && $0.documents.allSatisfy { $0.chunks.count == 3 } })
        let first = try #require(loaded.first)
        #expect(first.email == "user0@example.com")
        #expect(first.documents.map(\.title) == ["User 0 a", "User 0 b"])
        #expect(first.documents[1].chunks.map(\.content) == ["User 0 b #0", "User 0 b #1", "User 0 b #2"])
        // Every child sits under its own parent.
        #expect(loaded.allSatisfy { user in
            user.documents.allSatisfy { document in document.userId == user.id && document.chunks.allSatisfy { $0.documentId == document.id } }
        })
    }
}
