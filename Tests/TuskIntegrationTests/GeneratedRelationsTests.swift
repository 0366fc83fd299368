import Foundation
import Testing
import Tusk

/// The relations TuskCodegen generates for the root schema.yaml, used through the runtime on
/// PostgreSQL 16: every kind (to-many, nested, required and optional to-one, a written name,
/// many-to-many through a self-referencing join table) and relation filters.
@Suite struct GeneratedRelationsTests {
    @Test func toManyNestedAndRequiredToOne() async throws {
        try await withSchemaDatabase { db in try await Self.toManyNestedAndRequiredToOne(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func toManyNestedAndRequiredToOne(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        let bo = try await makeUser(db, "Bo")
        let first = try await db.insert(Document.Insert(userId: ann.id, title: "first"))
        let gone = try await db.insert(Document.Insert(userId: ann.id, title: "gone"))
        _ = try await db.insert(DocumentChunk.Insert(documentId: first.id, ordinal: 0, content: "c", embedding: [1, 0, 0]))
        try await Document.delete().where { $0.id == gone.id }.execute(on: db)
        _ = try await db.insert(Conversation.Insert(userId: bo.id, title: "hello"))

        let users = try await User.query.order { $0.name }
            .including(\.documents) { $0.including(\.chunks) }
            .including(\.conversations)
            .all(on: db)
        #expect(users.map(\.name) == ["Ann", "Bo"])
        #expect(users[0].documents.map(\.row.title) == ["first"])  // the soft-deleted one is skipped
        #expect(users[0].documents[0].chunks.map(\.content) == ["c"])
        #expect(users[1].documents.isEmpty)
        #expect(users[1].conversations.map(\.title) == ["hello"])

        // NOT NULL key to a table without soft_delete: the user is there, not optional.
        let conversations = try await Conversation.query.including(\.user).all(on: db)
        let owner: User.Row = conversations[0].user
        #expect(owner.id == bo.id)
    }

    @Test func optionalToOneAndAWrittenName() async throws {
        try await withSchemaDatabase { db in try await Self.optionalToOneAndAWrittenName(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func optionalToOneAndAWrittenName(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        _ = try await db.insert(Document.Insert(userId: ann.id, title: "owned"))
        _ = try await db.insert(Document.Insert(title: "orphan"))
        let documents = try await Document.query.order { $0.title }.including(\.user).all(on: db)
        #expect(documents.map(\.title) == ["orphan", "owned"])
        #expect(documents.map { $0.user?.name } == [nil, "Ann"])

        let logs = try await ExecutionLog.query.including(\.triggeringMessage).all(on: db)
        #expect(logs.isEmpty)
        #expect(ExecutionLog.Relations.TriggeringMessage.link == .foreignKeyOnSource(sourceColumn: "message_id", targetColumn: "id"))
    }

    @Test func manyToManyThroughASelfReferencingJoinTable() async throws {
        try await withSchemaDatabase { db in try await Self.manyToManyThroughASelfReferencingJoinTable(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func manyToManyThroughASelfReferencingJoinTable(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        let a = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "a", content: "A"))
        let b = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "b", content: "B"))
        let c = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "c", content: "C"))
        _ = try await db.insert([
            MemoryLink.Insert(fromId: a.id, toId: b.id),
            MemoryLink.Insert(fromId: a.id, toId: c.id),
            MemoryLink.Insert(fromId: c.id, toId: a.id),
        ])
        let memories = try await MemoryObject.query.order { $0.key }
            .including(\.linkedMemories) { $0.order { $0.key } }
            .including(\.incomingLinks)
            .all(on: db)
        #expect(memories.map(\.key) == ["a", "b", "c"])
        #expect(memories.map { $0.linkedMemories.map(\.key) } == [["b", "c"], [], ["a"]])
        let incomingCounts: [Int] = memories.map { $0.incomingLinks.count }
        #expect(incomingCounts == [1, 1, 1])

        let linkedToB = try await MemoryObject.where { $0.linkedMemories.some { $0.key == "b" } }.all(on: db)
        #expect(linkedToB.map(\.key) == ["a"])
    }

    @Test func relationFilters() async throws {
        try await withSchemaDatabase { db in try await Self.relationFilters(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func relationFilters(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        let bo = try await makeUser(db, "Bo")
        _ = try await makeUser(db, "Cy")
        _ = try await db.insert(Document.Insert(userId: ann.id, title: "pg notes"))
        _ = try await db.insert(Document.Insert(userId: bo.id, title: "swift notes"))

        let withPG = try await User.where { $0.documents.some { $0.title.ilike("%pg%") } }.all(on: db)
        #expect(withPG.map(\.name) == ["Ann"])
        let without = try await User.where { $0.documents.none }.all(on: db)
        #expect(without.map(\.name) == ["Cy"])
        let ownedByAnn = try await Document.where { $0.user.some { $0.name == "Ann" } }.all(on: db)
        #expect(ownedByAnn.map(\.title) == ["pg notes"])
    }
}
