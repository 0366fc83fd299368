import Foundation
import Testing
import Tusk
import TuskSchema
import TuskSeed
import TuskTesting

/// `tusk seed` / `database.seed(...)` on the example schema (issue 19, item 2): 10,000 rows per
/// table, the same rows for the same seed, every row accepted by the generated validators.
@Suite struct SeedTests {
    static let schema: Schema? = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema.yaml")
        return try? SchemaLoader.load(file: file)
    }()

    /// md5 of each seeded table's rows as text, ordered by its primary key.
    static func tableHashes(_ db: Database, _ schema: Schema) async throws -> [String: String] {
        var hashes: [String: String] = [:]
        for table in schema.tables where table.name != "tusk_jobs" {
            let key = (table.primaryKey?.columns ?? table.columns.map(\.name)).map { "t.\"\($0)\"" }.joined(separator: ", ")
            let text = "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY \(key)), '')), count(*) FROM \"\(table.name)\" t"
            let rows = try await db.query(SQL(text), as: String.self, Int64.self)
            hashes[table.name] = "\(rows[0].1) rows, md5 \(rows[0].0)"
        }
        return hashes
    }

    @Test func tenThousandRowsPerTableTwiceWithTheSameSeedGiveTheSameRowsAndPassTheValidators() async throws {
        let schema = try #require(Self.schema)
        let started = ContinuousClock.now
        let (first, failures) = try await withSchemaDatabase { db in
            let report = try await db.seed(schema, rows: 10_000, seed: 1)
            print("seed 1, first database:\n\(report)")
            #expect(report.tables.count == schema.tables.count - 1)  // all but the job queue's table
            #expect(report.tables.allSatisfy { $0.rows == 10_000 })
            return (try await Self.tableHashes(db, schema), try await Self.validationFailures(db))
        }
        #expect(failures == [], "rows the generated validators refuse")
        let second = try await withSchemaDatabase { db in
            let report = try await db.seed(schema, rows: 10_000, seed: 1)
            print("seed 1, second database:\n\(report)")
            return try await Self.tableHashes(db, schema)
        }
        print("both seeds and checks: \(ContinuousClock.now - started)")
        #expect(first.count == schema.tables.count - 1)
        #expect(first.values.allSatisfy { $0.hasPrefix("10000 rows") })
        #expect(first == second)
    }

    @Test func aDifferentSeedGivesDifferentRows() async throws {
        let schema = try #require(Self.schema)
        let one = try await withSchemaDatabase { db in
            try await db.seed(schema, rows: 300, seed: 1)
            return try await Self.tableHashes(db, schema)
        }
        let two = try await withSchemaDatabase { db in
            try await db.seed(schema, rows: 300, seed: 2)
            return try await Self.tableHashes(db, schema)
        }
        #expect(one.keys.sorted() == two.keys.sorted())
        for (table, hash) in one {
            #expect(hash != two[table], "\(table) has the same rows under seeds 1 and 2")
        }
    }

    /// Every row read back with the generated `Row` type, every field set on the table's `Patch`,
    /// and the generated `validate()` run: the failures, as text.
    static func validationFailures(_ db: Database) async throws -> [String] {
        var failures: [String] = []
        func check(_ validate: () throws -> Void) {
            do { try validate() } catch { failures.append("\(error)") }
        }
        for r in try await User.all(on: db) {
            var p = User.Patch()
            p.id = .set(r.id); p.email = .set(r.email); p.name = .set(r.name); p.nickname = .set(r.nickname)
            p.passwordHash = .set(r.passwordHash); p.homepage = .set(r.homepage); p.plan = .set(r.plan)
            p.createdAt = .set(r.createdAt); p.updatedAt = .set(r.updatedAt)
            check(p.validate)
        }
        for r in try await ApiKey.all(on: db) {
            var p = ApiKey.Patch()
            p.userId = .set(r.userId); p.prefix = .set(r.prefix); p.keyHash = .set(r.keyHash); p.scopes = .set(r.scopes)
            p.expiresAt = .set(r.expiresAt)
            check(p.validate)
        }
        for r in try await Document.query.withDeleted().all(on: db) {
            var p = Document.Patch()
            p.id = .set(r.id); p.userId = .set(r.userId); p.title = .set(r.title); p.sourceURL = .set(r.sourceURL)
            p.metadata = .set(r.metadata); p.tags = .set(r.tags); p.score = .set(r.score); p.tier = .set(r.tier)
            p.embedding = .set(r.embedding); p.createdAt = .set(r.createdAt); p.deletedAt = .set(r.deletedAt)
            check(p.validate)
        }
        for r in try await DocumentChunk.all(on: db) {
            var p = DocumentChunk.Patch()
            p.documentId = .set(r.documentId); p.ordinal = .set(r.ordinal); p.content = .set(r.content)
            p.tokenCount = .set(r.tokenCount); p.embedding = .set(r.embedding)
            check(p.validate)
        }
        for r in try await Conversation.all(on: db) {
            var p = Conversation.Patch()
            p.id = .set(r.id); p.userId = .set(r.userId); p.title = .set(r.title); p.settings = .set(r.settings)
            p.createdAt = .set(r.createdAt); p.version = .set(r.version)
            check(p.validate)
        }
        for r in try await Message.all(on: db) {
            var p = Message.Patch()
            p.id = .set(r.id); p.conversationId = .set(r.conversationId); p.role = .set(r.role); p.content = .set(r.content)
            p.tokens = .set(r.tokens); p.latency = .set(r.latency); p.createdAt = .set(r.createdAt)
            check(p.validate)
        }
        for r in try await MemoryObject.all(on: db) {
            var p = MemoryObject.Patch()
            p.id = .set(r.id); p.userId = .set(r.userId); p.key = .set(r.key); p.tier = .set(r.tier); p.content = .set(r.content)
            p.importance = .set(r.importance); p.recall = .set(r.recall); p.pinned = .set(r.pinned); p.embedding = .set(r.embedding)
            p.version = .set(r.version); p.updatedAt = .set(r.updatedAt)
            check(p.validate)
        }
        for r in try await MemoryLink.all(on: db) {
            var p = MemoryLink.Patch()
            p.fromId = .set(r.fromId); p.toId = .set(r.toId); p.type = .set(r.type); p.weight = .set(r.weight)
            check(p.validate)
        }
        for r in try await Job.all(on: db) {
            var p = Job.Patch()
            p.id = .set(r.id); p.queue = .set(r.queue); p.status = .set(r.status); p.payload = .set(r.payload)
            p.attempts = .set(r.attempts); p.runAt = .set(r.runAt); p.lockedBy = .set(r.lockedBy); p.workerIp = .set(r.workerIp)
            p.externalId = .set(r.externalId); p.createdOn = .set(r.createdOn)
            check(p.validate)
        }
        for r in try await AuditLog.all(on: db) {
            var p = AuditLog.Patch()
            p.id = .set(r.id); p.actorId = .set(r.actorId); p.action = .set(r.action); p.decision = .set(r.decision)
            p.reason = .set(r.reason); p.atTime = .set(r.atTime); p.at = .set(r.at); p.default = .set(r.default)
            check(p.validate)
        }
        for r in try await ExecutionLog.all(on: db) {
            var p = ExecutionLog.Patch()
            p.id = .set(r.id); p.jobId = .set(r.jobId); p.messageId = .set(r.messageId); p.tool = .set(r.tool)
            p.exitCode = .set(r.exitCode); p.durationMs = .set(r.durationMs); p.output = .set(r.output); p.steps = .set(r.steps)
            p.happenedOn = .set(r.happenedOn)
            check(p.validate)
        }
        return failures
    }
}
