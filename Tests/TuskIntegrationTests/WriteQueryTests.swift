import Foundation
import Testing
import Tusk

/// Inserts, upserts, updates and deletes through the generated API: rows and rendered SQL.
@Suite struct WriteQueryTests {
    static let returningUsers = #" RETURNING "id", "email", "name", "nickname", "password_hash", "homepage", "plan", "created_at", "updated_at""#

    @Test func insertReturnsTheStoredRowWithDatabaseDefaults() async throws {
        try await withSchemaDatabase { db in
            let insert = User.Insert(email: "ann@example.com", name: "Ann", passwordHash: "h")
            #expect(try User.insert(insert).sql().text
                == #"INSERT INTO "users" ("email", "name", "nickname", "password_hash", "homepage") VALUES ($1, $2, $3, $4, $5)"# + Self.returningUsers)
            let ann = try await db.insert(insert)
            #expect(ann.email == "ann@example.com" && ann.plan == "free" && ann.nickname == nil)
            #expect(abs(ann.createdAt.timeIntervalSinceNow) < 60)
            let document = try await db.insert(Document.Insert(title: "t"))
            #expect(document.score == Decimal(string: "0.5") && document.tier == .working && document.tags == [] && document.metadata.text == "{}")
        }
    }

    @Test func insertManyInOneStatementInOrder() async throws {
        try await withSchemaDatabase { db in
            let rows = try await db.insert([
                Document.Insert(title: "a"), Document.Insert(title: "b", score: 0.75), Document.Insert(title: "c", tags: ["x"]),
            ])
            #expect(rows.map(\.title) == ["a", "b", "c"])
            #expect(rows.map(\.score) == [Decimal(string: "0.5"), Decimal(string: "0.75"), Decimal(string: "0.5")])
            let sql = try Document.insert([Document.Insert(title: "a"), Document.Insert(title: "b", score: 0.75)]).sql()
            #expect(sql.text.hasPrefix(#"INSERT INTO "documents" ("user_id", "title", "source_url", "score", "embedding", "deleted_at") VALUES ($1, $2, $3, DEFAULT, $4, $5), ($6, $7, $8, $9, $10, $11)"#))
        }
    }

    @Test func nullableColumnWithDefaultTakesDefaultOrStoresNull() async throws {
        try await withSchemaDatabase { db in
            // execution_logs.job_id is nullable without default; api_keys.scopes has a default.
            let ann = try await makeUser(db)
            let key = try await db.insert(ApiKey.Insert(userId: ann.id, prefix: "tsk_abcdefgh", keyHash: Data([1, 2])))
            #expect(key.scopes == ["read"] && key.keyHash == Data([1, 2]) && key.expiresAt == nil)
        }
    }

    @Test func upsertDoUpdateUsesExcluded() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            let first = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "color", content: "blue"))
            let upsert = MemoryObject.insert(MemoryObject.Insert(userId: ann.id, key: "color", content: "green", importance: 0.9))
                .onConflict { [$0.userId, $0.key] }
                .doUpdate { $0.content = .excluded; $0.importance = .excluded; $0.pinned = true }
            #expect(try upsert.sql().text.contains(#"ON CONFLICT ("user_id", "key") DO UPDATE SET "content" = EXCLUDED."content", "importance" = EXCLUDED."importance", "pinned" = $"#))
            // auto_update and version_column apply to the upsert's update too.
            #expect(try upsert.sql().text.contains(#", "updated_at" = now(), "version" = "memory_objects"."version" + 1 RETURNING"#))
            let rows = try await upsert.execute(on: db)
            #expect(rows.count == 1 && rows[0].id == first.id && rows[0].content == "green" && rows[0].importance == 0.9 && rows[0].pinned)
            #expect(rows[0].version == 2)
            #expect(try await MemoryObject.count(on: db) == 1)
        }
    }

    @Test func upsertDoNothingKeepsTheRowAndReturnsNothing() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            _ = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "k", content: "first"))
            let statement = MemoryObject.insert(MemoryObject.Insert(userId: ann.id, key: "k", content: "second"))
                .onConflict { [$0.userId, $0.key] }.doNothing()
            #expect(try statement.sql().text.contains(#"ON CONFLICT ("user_id", "key") DO NOTHING RETURNING"#))
            #expect(try await statement.execute(on: db).isEmpty)
            #expect(try await MemoryObject.all(on: db).map(\.content) == ["first"])
        }
    }

    @Test func concurrentUpsertsOfTheSameKeyEndWithOneRow() async throws {
        try await withSchemaDatabase(maxConnections: 8) { db in
            let ann = try await makeUser(db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await MemoryObject.insert(MemoryObject.Insert(userId: ann.id, key: "shared", content: "writer \(index)"))
                            .onConflict { [$0.userId, $0.key] }.doUpdate { $0.content = .excluded }.execute(on: db)
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await MemoryObject.all(on: db)
            #expect(rows.count == 1 && rows[0].content.hasPrefix("writer "))
        }
    }

    @Test func updateWithWhereSetsAutoUpdateColumnsAndReturnsRows() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            let bo = try await makeUser(db, "Bo")
            try await db.execute("UPDATE users SET updated_at = now() - interval '1 day'")
            let update = User.update { $0.name = "Ann B."; $0.nickname = "annie" }.where { $0.id == ann.id }
            #expect(try update.sql().text == #"UPDATE "users" SET "name" = $1, "nickname" = $2, "updated_at" = now() WHERE "id" = $3"#)
            #expect(try await update.execute(on: db) == 1)
            let changed = try #require(try await User.find(ann.id, on: db))
            #expect(changed.name == "Ann B." && changed.nickname == "annie")
            #expect(abs(changed.updatedAt.timeIntervalSinceNow) < 60)
            #expect(try await User.find(bo.id, on: db)?.name == "Bo")
            let cleared = try await User.update { $0.nickname = nil }.where { $0.id == ann.id }.executeReturning(on: db)
            #expect(cleared.map(\.nickname) == [nil])
        }
    }

    @Test func updateAndDeleteWithoutWhereAreRefusedUnlessAll() async throws {
        try await withSchemaDatabase { db in
            _ = try await makeUser(db)
            _ = try await makeUser(db, "Bo")
            let update = await thrown(QueryError.self) { try await User.update { $0.plan = "team" }.execute(on: db) }
            #expect(update?.kind == .missingWhere)
            #expect(update?.message == "update of users without where: add .where { ... }, or .all() to update every row")
            let delete = await thrown(QueryError.self) { try await User.delete().execute(on: db) }
            #expect(delete?.message == "delete from users without where: add .where { ... }, or .all() to delete every row")
            #expect(try await User.where { $0.plan == "free" }.count(on: db) == 2)  // nothing ran
            #expect(try await User.update { $0.plan = "team" }.all().execute(on: db) == 2)
            #expect(try await User.delete().all().execute(on: db) == 2)
            #expect(try await User.count(on: db) == 0)
        }
    }

    @Test func deleteWithWhereReturningRows() async throws {
        try await withSchemaDatabase { db in
            let rows = try await db.insert([Job.Insert(queue: "a"), Job.Insert(queue: "b"), Job.Insert(queue: "a")])
            let delete = Job.delete().where { $0.queue == "a" }
            #expect(try delete.sql().text == #"DELETE FROM "jobs" WHERE "queue" = $1"#)
            let deleted = try await delete.executeReturning(on: db)
            #expect(Set(deleted.map(\.id)) == [rows[0].id, rows[2].id])
            #expect(try await Job.all(on: db).map(\.id) == [rows[1].id])
        }
    }

    @Test func emptyPatchIsRefused() async throws {
        try await withSchemaDatabase { db in
            let error = await thrown(QueryError.self) { try await Job.update { _ in }.where { $0.id == 1 }.execute(on: db) }
            #expect(error?.kind == .emptyPatch)
        }
    }
}
