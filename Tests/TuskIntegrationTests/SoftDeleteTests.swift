import Foundation
import Testing
import Tusk

/// `documents` declares `soft_delete: deleted_at`: every generated read skips deleted rows.
@Suite struct SoftDeleteTests {
    @Test func deleteSetsTheColumnAndEveryReadPathSkipsTheRow() async throws {
        try await withSchemaDatabase { db in try await Self.deleteSetsTheColumnAndEveryReadPathSkipsTheRow(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func deleteSetsTheColumnAndEveryReadPathSkipsTheRow(_ db: Database) async throws {
        let rows = try await db.insert([Document.Insert(title: "keep"), Document.Insert(title: "gone"), Document.Insert(title: "also kept")])
        let gone = rows[1]
        let delete = Document.delete().where { $0.id == gone.id }
        #expect(try delete.sql().text == #"UPDATE "public"."documents" SET "deleted_at" = now() WHERE "id" = $1 AND "deleted_at" IS NULL"#)
        #expect(try await delete.execute(on: db) == 1)
        #expect(try await delete.execute(on: db) == 0)  // already deleted

        #expect(try Document.where { $0.title != "x" }.sql().text.hasSuffix(#"WHERE "title" <> $1 AND "deleted_at" IS NULL"#))
        #expect(try await Document.find(gone.id, on: db) == nil)
        #expect(try await Document.all(on: db).map(\.title).sorted() == ["also kept", "keep"])
        #expect(try await Document.count(on: db) == 2)
        #expect(try await !Document.where { $0.id == gone.id }.exists(on: db))
        let titles: [String] = try await Document.order { $0.title }.select { $0.title }.all(on: db)
        #expect(titles == ["also kept", "keep"])
        #expect(try await Document.order { $0.id }.first(on: db)?.title == "keep")
        var streamed = 0
        for try await _ in Document.query.stream(on: db, batchSize: 1) { streamed += 1 }
        #expect(streamed == 2)

        let deleted = try #require(try await Document.where { $0.id == gone.id }.withDeleted().first(on: db))
        #expect(deleted.deletedAt != nil)
        #expect(try await Document.query.withDeleted().count(on: db) == 3)
    }

    @Test func hardDeleteRemovesTheRowAndOtherTablesDeleteForReal() async throws {
        try await withSchemaDatabase { db in
            let document = try await db.insert(Document.Insert(title: "t"))
            let hard = Document.delete().where { $0.id == document.id }.hardDelete()
            #expect(try hard.sql().text == #"DELETE FROM "public"."documents" WHERE "id" = $1"#)
            #expect(try await hard.executeReturning(on: db).map(\.id) == [document.id])
            #expect(try await Document.query.withDeleted().count(on: db) == 0)
            #expect(try Job.delete().all().sql().text == #"DELETE FROM "public"."jobs""#)
        }
    }
}
