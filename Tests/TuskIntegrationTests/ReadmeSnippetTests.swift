import Foundation
import Testing
import Tusk

/// The README's relation, aggregate and join lines, compiled and run, so the front page stays true.
@Suite struct ReadmeSnippetTests {
    @Test func relationsAggregatesAndJoinsFromTheReadme() async throws {
        try await withSchemaDatabase { db in
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
        }
    }
}
