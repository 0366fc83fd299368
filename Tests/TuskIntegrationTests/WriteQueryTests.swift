import Foundation
import Testing
import Tusk

/// Inserts, upserts, updates and deletes through the generated API: rows and rendered SQL.
@Suite struct WriteQueryTests {
    /// Written out: the implicit one made `WriteQueryTests()` elsewhere (PgBouncerIntegrationTests)
    /// expand every test macro of the suite to look for stored properties, 130 ms of type-checking.
    init() {}

    static let returningUsers = #" RETURNING "id", "email", "email_domain", "name", "nickname", "password_hash", "homepage", "plan", "created_at", "updated_at""#

    @Test func insertReturnsTheStoredRowWithDatabaseDefaults() async throws {
        try await withSchemaDatabase { db in
            let insert = User.Insert(email: "ann@example.com", name: "Ann", passwordHash: "h")
            #expect(try User.insert(insert).sql().text
                == #"INSERT INTO "public"."users" ("email", "name", "nickname", "password_hash", "homepage") VALUES ($1, $2, $3, $4, $5)"# + Self.returningUsers)
            let ann = try await db.insert(insert)
            #expect(ann.email == "ann@example.com" && ann.plan == "free" && ann.nickname == nil)
            #expect(abs(ann.createdAt.timeIntervalSinceNow) < 60)
            let document = try await db.insert(Document.Insert(title: "t"))
            #expect(document.score == Decimal(string: "0.5") && document.tier == .working && document.tags == [] && document.metadata.text == "{}")
        }
    }

    @Test func insertManyInOneStatementInOrder() async throws {
        try await withSchemaDatabase { db in try await Self.insertManyInOneStatementInOrder(db) }
    }

    private static func insertManyInOneStatementInOrder(_ db: Database) async throws {
        let rows = try await db.insert([
            Document.Insert(title: "a"), Document.Insert(title: "b", score: 0.75), Document.Insert(title: "c", tags: ["x"]),
        ])
        #expect(rows.map(\.title) == ["a", "b", "c"])
        #expect(rows.map(\.score) == [Decimal(string: "0.5"), Decimal(string: "0.75"), Decimal(string: "0.5")])
        let sql = try Document.insert([Document.Insert(title: "a"), Document.Insert(title: "b", score: 0.75)]).sql()
        #expect(sql.text.hasPrefix(#"INSERT INTO "public"."documents" ("user_id", "title", "source_url", "score", "embedding", "deleted_at") VALUES ($1, $2, $3, DEFAULT, $4, $5), ($6, $7, $8, $9, $10, $11)"#))
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

    /// An enum value sets a patch field directly (`$0.tier = .episodic`), as literals do.
    @Test func enumValuesSetPatchFieldsDirectly() async throws {
        try await withSchemaDatabase { db in
            let document = try await db.insert(Document.Insert(title: "t"))
            let update = Document.update { $0.tier = .episodic }.where { $0.id == document.id }
            #expect(try update.sql().text.hasPrefix(#"UPDATE "public"."documents" SET "tier" = $1"#))
            try await update.execute(on: db)
            #expect(try await Document.find(document.id, on: db)?.tier == .episodic)
            var patch = Document.Patch()
            patch.tier = .shared
            #expect(patch.tier.value == .shared)
        }
    }

    /// Arithmetic and clock values in patches, computed by the server: `+=`, `*=`, `.now`,
    /// `.currentDate`; operands are parameters, the column is the row's own.
    @Test func patchArithmeticAndClockValuesAreComputedByTheServer() async throws {
        try await withSchemaDatabase { db in try await Self.patchArithmeticAndClockValues(db) }
    }

    static func patchArithmeticAndClockValues(_ db: Database) async throws {
        do {
            let ann = try await makeUser(db)
            let memory = try await db.insert(MemoryObject.Insert(userId: ann.id, key: "k", content: "c", importance: 0.5))
            let decay = MemoryObject.update { $0.content += "!"; $0.importance *= 0.5; $0.recall += 1.5 }.where { $0.id == memory.id }
            #expect(try decay.sql().text.hasPrefix(#"UPDATE "public"."memory_objects" SET "content" = "memory_objects"."content" || $1, "#
                + #""importance" = "memory_objects"."importance" * $2, "recall" = "memory_objects"."recall" + $3"#))
            try await decay.execute(on: db)
            try await decay.execute(on: db)
            let decayed = try #require(try await MemoryObject.find(memory.id, on: db))
            #expect(decayed.content == "c!!" && decayed.importance == 0.125 && decayed.recall == 3)

            let job = try await db.insert(Job.Insert())
            try await db.execute("UPDATE jobs SET run_at = '2001-01-01', created_on = '2001-01-01'")
            let retry = Job.update { $0.attempts += 1; $0.runAt = .now; $0.createdOn = .currentDate }.where { $0.id == job.id }
            #expect(try retry.sql().text.hasPrefix(#"UPDATE "public"."jobs" SET "attempts" = "jobs"."attempts" + $1, "run_at" = now(), "created_on" = CURRENT_DATE"#))
            try await retry.execute(on: db)
            try await retry.execute(on: db)
            let retried = try #require(try await Job.find(job.id, on: db))
            #expect(retried.attempts == 2)
            #expect(try await db.queryFirst("SELECT run_at > '2020-01-01' AND created_on = CURRENT_DATE FROM jobs", as: Bool.self) == true)

            // A value set earlier in the same patch is the operand's left side: 5, then + 1.
            var patch = Job.Patch()
            patch.attempts = 5
            patch.attempts += 1
            try await Job.update(patch).where { $0.id == job.id }.execute(on: db)
            #expect(try await Job.find(job.id, on: db)?.attempts == 6)

            // In an upsert: the existing row's value, or the proposed one after `.excluded`.
            let bump = MemoryObject.insert(MemoryObject.Insert(userId: ann.id, key: "k", content: "c", recall: 10))
                .onConflict { [$0.userId, $0.key] }
                .doUpdate { $0.recall += 1; $0.importance = .excluded; $0.importance *= 2 }
            #expect(try bump.sql().text.contains(#"DO UPDATE SET "importance" = EXCLUDED."importance" * $"#))
            #expect(try bump.sql().text.contains(#", "recall" = "memory_objects"."recall" + $"#))
            let bumped = try await bump.execute(on: db)
            #expect(bumped.map(\.recall) == [4] && bumped.map(\.importance) == [1])
        }
    }

    /// Every write builder returns its rows (`.returning()`), chosen expressions of them
    /// (`.returning { ... }`), or the number of rows it changed (`execute`).
    @Test func writesReturnRowsProjectionsOrCounts() async throws {
        try await withSchemaDatabase { db in try await Self.returnRowsProjectionsOrCounts(db) }
    }

    // A function body, not a closure: its statements are type-checked one by one.
    static func returnRowsProjectionsOrCounts(_ db: Database) async throws {
        do {
            let inserted = try await Job.insert([Job.Insert(queue: "a"), Job.Insert(queue: "b")]).returning { ($0.id, $0.queue) }.execute(on: db)
            #expect(inserted.map(\.1) == ["a", "b"])
            let ids = inserted.map(\.0)

            let bump = Job.update { $0.attempts += 1 }.where { $0.queue == "a" }
            let attempts = try await bump.returning { $0.attempts }.execute(on: db)
            #expect(attempts == [1])
            #expect(try bump.returning { ($0.id, $0.attempts) }.sql().text.hasSuffix(#" RETURNING "id", "attempts""#))
            let rows = try await bump.returning().execute(on: db)
            #expect(rows.map(\.attempts) == [2] && rows.map(\.id) == [ids[0]])
            let updatedCount: Int = try await Job.update { $0.status = .running }.where { $0.queue == "none" }.execute(on: db)
            #expect(updatedCount == 0)

            let upserted = try await MemoryObject.insert(MemoryObject.Insert(userId: try await makeUser(db).id, key: "k", content: "c"))
                .onConflict { [$0.userId, $0.key] }.doUpdate { $0.content = .excluded }
                .returning { $0.content }.execute(on: db)
            #expect(upserted == ["c"])

            let deleted = try await Job.delete().where { $0.queue == "b" }.returning { $0.id }.execute(on: db)
            #expect(deleted == [ids[1]])
            let gone = try await Job.delete().all().returning().execute(on: db)
            #expect(gone.map(\.id) == [ids[0]])
            let deletedCount: Int = try await Job.delete().all().execute(on: db)
            #expect(deletedCount == 0)
        }
    }

    /// `update(row)` of a versioned table through `.returning`: a stale version still throws.
    @Test func returningKeepsTheVersionCheck() async throws {
        try await withSchemaDatabase { db in
            let memory = try await db.insert(MemoryObject.Insert(userId: try await makeUser(db).id, key: "k", content: "c"))
            try await MemoryObject.update(memory) { $0.content = "first" }.execute(on: db)
            await #expect(throws: VersionConflict<MemoryObject>.self) {
                try await MemoryObject.update(memory) { $0.content = "stale" }.returning { $0.content }.execute(on: db)
            }
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
            #expect(try update.sql().text == #"UPDATE "public"."users" SET "name" = $1, "nickname" = $2, "updated_at" = now() WHERE "id" = $3"#)
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
        try await withSchemaDatabase { db in try await Self.updateAndDeleteWithoutWhereAreRefusedUnlessAll(db) }
    }

    private static func updateAndDeleteWithoutWhereAreRefusedUnlessAll(_ db: Database) async throws {
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

    @Test func deleteWithWhereReturningRows() async throws {
        try await withSchemaDatabase { db in try await Self.deleteWithWhereReturningRows(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func deleteWithWhereReturningRows(_ db: Database) async throws {
        let rows = try await db.insert([Job.Insert(queue: "a"), Job.Insert(queue: "b"), Job.Insert(queue: "a")])
        let delete = Job.delete().where { $0.queue == "a" }
        #expect(try delete.sql().text == #"DELETE FROM "public"."jobs" WHERE "queue" = $1"#)
        let deleted = try await delete.executeReturning(on: db)
        let deletedIDs: Set<Int64> = Set(deleted.map(\.id))
        #expect(deletedIDs == [rows[0].id, rows[2].id])
        #expect(try await Job.all(on: db).map(\.id) == [rows[1].id])
    }

    @Test func emptyPatchIsRefused() async throws {
        try await withSchemaDatabase { db in
            let error = await thrown(QueryError.self) { try await Job.update { _ in }.where { $0.id == 1 }.execute(on: db) }
            #expect(error?.kind == .emptyPatch)
        }
    }
}
