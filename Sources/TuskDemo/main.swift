import Foundation
import Tusk
import TuskTesting

// The Tusk demo: the example application of schema.yaml (an AI agent platform), walked through
// with the API the TuskGenerator plugin generated from it. Run: `make demo` (= swift run TuskDemo).

let demo = try await DemoDatabase.open()
let db = demo.db
print("Tusk demo: the typed API generated from schema.yaml")
print("Database: \(demo.description)")
let run = String(UUID().uuidString.prefix(4)).lowercased()  // keeps reruns on one database apart

do {
    let applied = try await demo.migrate()
    if applied.isEmpty {
        print("Migrations: the database is up to date (nothing to apply)\n")
    } else {
        print("Migrations: applied \(applied.count) embedded migration(s) with db.migrate(): \(applied.joined(separator: ", "))\n")
    }
    try await Walkthrough(db: db, run: run).all()
    try await demo.close()
} catch {
    print("\nThe demo stopped: \(error)")
    try? await demo.close()
    exit(1)
}

struct Walkthrough {
    let db: Database
    let run: String

    func all() async throws {
        let ann = try await signUp()
        try await documents(owner: ann)
        try await retrieval(owner: ann)
        try await conversation(with: ann)
        try await eagerLoading(ann)
        try await jobs()
        try await memory(of: ann)
        try await audit(actor: ann)
        try await backgroundJobs(owner: ann)
        try await usageStats(of: ann)
        try await runLogs()
        try await health()
    }

    func step(_ title: String) { print("== \(title)") }

    /// schema.yaml's `usage_stats`: a materialized view with a unique index, so its refresh
    /// runs CONCURRENTLY (reads of it go on meanwhile); read through its generated read-only API.
    func usageStats(of user: User.Row) async throws {
        step("10. Usage stats: a materialized view, refreshed concurrently, read like a table")
        try await UsageStat.refresh(on: db)
        print("   \(UsageStat.refreshStatement(concurrently: UsageStat.refreshesConcurrently).text)")
        let days = try await UsageStat.where { $0.userId == user.id }.order { $0.day.desc }.limit(3).all(on: db)
        for day in days {
            print("   \(user.name) on \(day.day.formatted(.iso8601.year().month().day())): \(day.messages) messages, \(day.tokens) tokens")
        }
        print("   rows in the view (one per user and day): \(try await UsageStat.count(on: db)); it has no Insert, Patch or update\n")
    }

    /// schema.yaml's `run_logs`: partitioned by month (`partition_by: { range: created_at,
    /// interval: month }`) with 90 days' retention; a service calls both from a daily job.
    func runLogs() async throws {
        step("11. Run logs: a partition a month, made ahead; rows past 90 days removed")
        let made = try await db.createPartitions(of: RunLog.self)
        print("   db.createPartitions(of: RunLog.self) made \(made.isEmpty ? "nothing (this month and the next two exist)" : made.joined(separator: ", "))")
        let old = Date().addingTimeInterval(-120 * 86_400)
        _ = try await db.insert([RunLog.Insert(message: "run \(run) started"), RunLog.Insert(level: "debug", message: "a run from four months ago", createdAt: old)])
        let retention = try await db.applyRetention(to: RunLog.self)
        print("   db.applyRetention(to: RunLog.self): \(retention.deletedRows) old row(s) deleted, partitions dropped: \(retention.droppedPartitions.isEmpty ? "none" : retention.droppedPartitions.joined(separator: ", "))")
        print("   run_logs now holds \(try await RunLog.count(on: db)) row(s)\n")
    }

    func signUp() async throws -> User.Row {
        step("1. Sign up accounts (validated before every write)")
        let ann = try await db.insert(User.Insert(email: "ann.\(run)@example.com", name: "Ann", passwordHash: "argon2:..."))
        let bo = try await db.insert(User.Insert(email: "bo.\(run)@example.com", name: "Bo", nickname: "bo", passwordHash: "argon2:..."))
        print("   ann: \(ann.email), plan \(ann.plan.trimmingCharacters(in: .whitespaces)) (the default), domain \(ann.emailDomain) (a generated column)")
        print("   bo:  \(bo.email), nickname \(bo.nickname ?? "-")")
        do {
            _ = try await db.insert(User.Insert(email: "not-an-email", name: String(repeating: "x", count: 300), passwordHash: "h", homepage: "ftp:/x"))
        } catch let error as ValidationError {
            print("   refused, nothing sent to the database:")
            for failure in error.failures { print("     \(failure)") }
        }
        let found = try await User.find(ann.id, on: db)
        print("   User.find(ann.id) -> \(found?.name ?? "nil")\n")
        return ann
    }

    func documents(owner: User.Row) async throws {
        step("2. Documents with small embeddings (vector(3)), read page by page")
        let embeddings: [PostgresVector] = [[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0, 0.8, 0.2], [0, 0, 1], [0.5, 0.5, 0], [0.1, 0, 0.9]]
        let bodies = ["Revenue grew in the third quarter", "Costs and revenue by region", "Hiring plan for the team",
                      "The team offsite agenda", "Office move checklist", "Quarterly revenue forecast", "Security review notes"]
        let drafts = embeddings.enumerated().map { index, embedding in
            Document.Insert(userId: owner.id, title: "Report \(index + 1)", body: bodies[index],
                            metadata: PostgresJSON(text: #"{"kind": "\#(index % 2 == 0 ? "pdf" : "html")"}"#),
                            tags: index < 3 ? ["q3"] : ["q4"], embedding: embedding)
        }
        let stored = try await db.insert(drafts)
        print("   stored \(stored.count) documents in one INSERT")
        let mine = Document.where { $0.userId == owner.id }.order { $0.createdAt }.limit(3)
        var page = try await mine.all(on: db)
        var number = 1
        while let last = page.last {
            print("   page \(number): \(page.map(\.title).joined(separator: ", "))")
            page = try await mine.after(last).all(on: db)
            number += 1
        }
        print("   next-page SQL: \(try mine.after(stored[0]).sql().text.components(separatedBy: " FROM ")[1])")
        print("   tagged q4: \(try await Document.where { $0.tags.any("q4") && $0.userId == owner.id }.count(on: db))\n")
    }

    func retrieval(owner: User.Row) async throws {
        step("3. Retrieval: nearest vectors filtered on metadata, full-text search, and both fused (hybrid)")
        let query: PostgresVector = [1, 0.05, 0]
        func show(_ rows: [(String, Double)]) -> String {
            rows.map { "\($0.0) (\(String(format: "%.3f", $0.1)))" }.joined(separator: ", ")
        }
        // Containment (@>, served by the GIN index on metadata), ordered by cosine distance (<=>,
        // the HNSW index) with a LIMIT: the shape of a retrieval query.
        let pdfs = Document.where { $0.userId == owner.id && $0.metadata.contains(["kind": "pdf"]) }
            .order { $0.embedding.cosineDistance(to: query) }.limit(2)
            .select { ($0.title, $0.embedding.cosineDistance(to: query)) }
        print("   query vector \(query)")
        print("   2 nearest with metadata @> {\"kind\": \"pdf\"}: \(show(try await pdfs.all(on: db)))")
        // A JSON path (->>) and a distance threshold in the WHERE clause.
        let html = Document.where {
            $0.userId == owner.id && $0.metadata["kind"] == "html" && $0.embedding.cosineDistance(to: query) < 0.5
        }
        .order { $0.embedding.cosineDistance(to: query) }
        .select { ($0.title, $0.embedding.cosineDistance(to: query)) }
        print("   metadata->>'kind' = 'html' within distance 0.5: \(show(try await html.all(on: db)))")
        print("   SQL: \(try pdfs.sql().text)")
        // Full text: the generated tsvector column (GIN-indexed), stemmed with its 'english' configuration.
        let text = Document.where { $0.userId == owner.id && $0.search.matches("revenue -forecast") }
            .order { $0.search.rank("revenue -forecast").desc }
        print("   full text \"revenue -forecast\": \(try await text.all(on: db).map(\.title).joined(separator: ", "))")
        // Hybrid: full-text rank and vector distance fused (reciprocal rank fusion) in one statement.
        let hybrid = try await Document.where { $0.userId == owner.id }
            .hybridSearch("team plan", in: \.search, near: query, by: \.embedding, limit: 3).all(on: db)
        let fused = hybrid.map { hit in
            "\(hit.row.title) (\(String(format: "%.4f", hit.score)); text #\(hit.textRank.map(String.init) ?? "-"), vector #\(hit.vectorRank.map(String.init) ?? "-"))"
        }
        print("   hybrid \"team plan\" near \(query): \(fused.joined(separator: ", "))\n")
    }

    func conversation(with user: User.Row) async throws {
        step("4. A conversation (jsonb typed by swift_type: ConversationSettings)")
        let conversation = try await db.insert(Conversation.Insert(userId: user.id, title: "Trip planning"))
        print("   settings from the schema default: model \(conversation.settings.model), temperature \(conversation.settings.temperature)")
        _ = try await db.insert([
            Message.Insert(conversationId: conversation.id, role: .user, content: "Find me a quiet beach."),
            Message.Insert(conversationId: conversation.id, role: .assistant, content: "Praia da Adraga, Portugal: small and calm.", tokens: 12),
        ])
        let messages = Message.where { $0.conversationId == conversation.id }.order { $0.id }
        for message in try await messages.all(on: db) {
            print("   \(message.role.rawValue): \(message.content)")
        }
        // Optimistic locking (version_column): a second writer with the same stale row loses.
        try await Conversation.update(conversation) { $0.title = "Beach trip" }.execute(on: db)
        do {
            try await Conversation.update(conversation) { $0.title = "Mountain trip" }.execute(on: db)
        } catch let conflict as VersionConflict<Conversation> {
            print("   VersionConflict caught, the stale update was refused: now \"\(conflict.current.title ?? "")\" at version \(conflict.current.version)")
        }
        // tenant: user_id: a user's runner scopes every statement to their rows and fills user_id
        // (the own_conversations policy does the same for SQL by hand, for roles RLS applies to).
        let own = db.tenant(user.id)
        let packing = try await own.insert(Conversation.Insert(title: "Packing list"))
        let theirs = try await Conversation.count(on: own)
        let someoneElses = try await Conversation.count(on: db.tenant(UUID()))
        print("   db.tenant(\(user.name)): \"\(packing.title ?? "")\" got user_id filled; \(theirs) conversations visible to them, \(someoneElses) to another user")
        print("")
    }

    func eagerLoading(_ user: User.Row) async throws {
        step("5. Eager loading: a user with documents and conversations, one statement per relation")
        let log = StatementLog(db)  // TuskTesting: records each statement that runs through it
        let loaded = try await User.where { $0.id == user.id }
            .including(\.documents) { $0.order { $0.createdAt } }  // each relation's query can be shaped
            .including(\.conversations)
            .first(on: log)
        guard let ann = loaded else { throw DemoError("\(user.email) is gone") }
        print("   \(ann.name): \(ann.documents.count) documents (\(ann.documents.prefix(3).map(\.title).joined(separator: ", ")), ...), "
            + "\(ann.conversations.count) conversations (\(ann.conversations.compactMap(\.title).joined(separator: ", ")))")
        print("   \(log.statements.count) statements, never one per row:")
        for text in log.statements { print("     SELECT ... FROM \(text.components(separatedBy: " FROM ").dropFirst().joined(separator: " FROM "))") }
        print("")
    }

    func jobs() async throws {
        step("6. Jobs: three workers claim with FOR UPDATE SKIP LOCKED")
        let queue = "demo-\(run)"
        _ = try await db.insert((1...12).map { Job.Insert(queue: queue, payload: PostgresJSON(text: #"{"n": \#($0)}"#)) })
        let db = self.db
        let claims = try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
            for worker in 1...3 {
                group.addTask {
                    var done: [Int64] = []
                    while let id = try await db.transaction({ tx -> Int64? in
                        let next = Job.where { $0.queue == queue && $0.status == .queued }.order { $0.id }.forUpdate(skipLocked: true)
                        guard let job = try await next.first(on: tx) else { return nil }
                        // The job's work, done while its row stays locked: the other workers skip it.
                        _ = try await tx.query("SELECT pg_sleep(0.02)")
                        try await Job.update { $0.status = .succeeded; $0.lockedBy = .set("worker-\(worker)") }
                            .where { $0.id == job.id }.execute(on: tx)
                        return job.id
                    }) {
                        done.append(id)
                    }
                    return (worker, done)
                }
            }
            var claims: [(Int, [Int64])] = []
            for try await claim in group { claims.append(claim) }
            return claims.sorted { $0.0 < $1.0 }
        }
        for (worker, ids) in claims { print("   worker \(worker): \(ids.count) jobs") }
        let all = claims.flatMap(\.1)
        let succeeded = try await Job.where { $0.queue == queue && $0.status == .succeeded }.count(on: db)
        print("   \(all.count) claims, \(Set(all).count) distinct jobs, \(succeeded) succeeded: each job done exactly once\n")
    }

    func memory(of user: User.Row) async throws {
        step("7. Memory objects: upsert on (user_id, key)")
        for content in ["likes tea", "likes green tea"] {
            try await MemoryObject.insert(MemoryObject.Insert(userId: user.id, key: "drink", content: content, importance: 0.8))
                .onConflict { [$0.userId, $0.key] }
                .doUpdate { $0.content = .excluded; $0.importance = .excluded }
                .execute(on: db)
        }
        let memories = try await MemoryObject.where { $0.userId == user.id }.all(on: db)
        print("   upserted twice -> \(memories.count) row: \"\(memories[0].content)\"\n")
    }

    func audit(actor: User.Row) async throws {
        step("8. Audit log: one transaction commits, one rolls back")
        try await db.transaction { tx in
            _ = try await tx.insert(AuditLog.Insert(actorId: actor.id, action: "document.read", decision: .allow))
            _ = try await tx.insert(AuditLog.Insert(actorId: actor.id, action: "document.delete", decision: .deny, reason: "not the owner"))
        }
        do {
            try await db.transaction { tx in
                _ = try await tx.insert(AuditLog.Insert(actorId: actor.id, action: "billing.export", decision: .needsReview))
                throw DemoError("the reviewer is away")
            }
        } catch let error as DemoError {
            print("   second transaction failed (\(error)) and rolled back")
        }
        let entries = try await AuditLog.where { $0.actorId == actor.id }.order { $0.id }.all(on: db)
        print("   audit entries kept: " + entries.map { "\($0.action) \($0.decision.rawValue)" }.joined(separator: ", ") + "\n")
    }

    func backgroundJobs(owner: User.Row) async throws {
        step("9. Background jobs: job_kinds' embed_document, enqueued in a transaction, run by a QueueWorker")
        guard let document = try await Document.where({ $0.userId == owner.id }).order({ $0.id }).first(on: db) else { return }
        let id = try await db.transaction { tx in
            // The job exists only if this transaction commits; workers are woken at COMMIT.
            try await tx.enqueue(EmbedDocumentJob.self, EmbedDocument(documentID: document.id), uniqueKey: "embed-\(document.id)")
        }
        var worker = QueueWorker(db: db, queue: EmbedDocumentJob.queue, concurrency: 2)
        worker.register(EmbedDocumentJob.self) { payload, job in
            try await job.db.run("UPDATE documents SET embedding = '[0.5,0.5,0.5]' WHERE id = \(payload.documentID)")
        }
        let running = Task { try await worker.run() }
        var state: String?
        for _ in 0..<250 {  // at most 5 s
            state = try await db.queryFirst("SELECT state FROM tusk_jobs WHERE id = \(id)", as: String.self)
            if state == "done" { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        running.cancel()
        _ = await running.result
        print("   job \(id.map(String.init) ?? "-") for document \(document.id): \(state ?? "?") (claimed with FOR UPDATE SKIP LOCKED, woken by NOTIFY)")
    }

    func health() async throws {
        step("12. Health")
        let report = try await db.healthCheck()
        let version = "\(report.serverVersion / 10000).\(report.serverVersion % 100)"
        let milliseconds = Double(report.roundTrip.components.attoseconds) / 1e15 + Double(report.roundTrip.components.seconds) * 1000
        print("   PostgreSQL \(version), database \(report.database): round trip \(String(format: "%.2f", milliseconds)) ms, "
            + "pool \(report.pool.total) connections (\(report.pool.idle) idle)")
    }
}
