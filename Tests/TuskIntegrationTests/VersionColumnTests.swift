import Foundation
import Testing
import Tusk

/// `conversations` declares `version_column: version`: updates bump it, `update(row)` checks it.
@Suite struct VersionColumnTests {
    @Test func updateOfARowChecksAndBumpsTheVersion() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            let read = try await db.insert(Conversation.Insert(userId: ann.id, title: "draft"))
            #expect(read.version == 1)
            let update = Conversation.update(read) { $0.title = "final" }
            #expect(try update.sql().text == #"UPDATE "public"."conversations" SET "title" = $1, "version" = "conversations"."version" + 1 WHERE "id" = $2 AND "version" = $3"#)
            let updated = try await update.executeReturning(on: db)
            #expect(updated.map(\.version) == [2] && updated.map(\.title) == ["final"])

            // The same stale row again: another writer (the update above) got there first.
            let conflict = await thrown(VersionConflict<Conversation>.self) {
                try await Conversation.update(read) { $0.title = "stale" }.execute(on: db)
            }
            #expect(conflict?.current.title == "final" && conflict?.current.version == 2)
            #expect(try await Conversation.find(read.id, on: db)?.title == "final")
            // Plain updates bump it too.
            try await Conversation.update { $0.title = "again" }.where { $0.id == read.id }.execute(on: db)
            #expect(try await Conversation.find(read.id, on: db)?.version == 3)
        }
    }

    @Test func concurrentUpdatesOfOneVersionEndWithOneSuccessAndOneConflict() async throws {
        try await withSchemaDatabase(maxConnections: 4) { db in
            let ann = try await makeUser(db)
            let read = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "k", content: "v1"))
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for writer in ["a", "b"] {
                    group.addTask {
                        do {
                            try await MemoryObject.update(read) { $0.content = .set("from \(writer)") }.execute(on: db)
                            return "updated"
                        } catch let conflict as VersionConflict<MemoryObject> {
                            return "conflict at version \(conflict.current.version)"
                        }
                    }
                }
                var outcomes: [String] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes.sorted()
            }
            #expect(outcomes == ["conflict at version 2", "updated"])
            #expect(try await MemoryObject.find(read.id, on: db)?.version == 2)
        }
    }

    @Test func updateOfARowWithoutVersionMatchesTheKeyOnly() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            #expect(try User.update(ann) { $0.name = "Ann B." }.sql().text.hasSuffix(#"WHERE "id" = $2"#))
            #expect(try await User.update(ann) { $0.name = "Ann B." }.execute(on: db) == 1)
            try await db.execute("DELETE FROM users")
            #expect(try await User.update(ann) { $0.name = "gone" }.execute(on: db) == 0)  // no conflict: no version
        }
    }
}
