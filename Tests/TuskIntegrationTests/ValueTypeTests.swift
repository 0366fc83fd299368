import Foundation
import Testing
import Tusk

/// Enums (with the unknown escape), JSON (raw and swift_type), arrays and pgvector through the generated API.
@Suite struct ValueTypeTests {
    @Test func enumsRoundTripAndUnknownLabelsDecode() async throws {
        try await withSchemaDatabase { db in
            let document = try await db.insert(Document.Insert(title: "t", tier: .semantic))
            #expect(document.tier == .semantic)
            #expect(try await Document.where { $0.tier.in([.semantic, .shared]) }.count(on: db) == 1)
            // A label added to the database after the code was generated.
            try await db.execute("ALTER TYPE memory_tier ADD VALUE 'ARCHIVED'")
            try await db.execute("UPDATE documents SET tier = 'ARCHIVED'")
            #expect(try await Document.find(document.id, on: db)?.tier == .unknown("ARCHIVED"))
            #expect(MemoryTier(label: "ARCHIVED").rawValue == "ARCHIVED")
            #expect(MemoryTier(rawValue: "ARCHIVED") == nil)
        }
    }

    @Test func swiftTypeJSONColumnsEncodeAndDecodeTheNamedType() async throws {
        try await withSchemaDatabase { db in
            let ann = try await makeUser(db)
            let stored = try await db.insert(Conversation.Insert(userId: ann.id))
            #expect(stored.settings == ConversationSettings(temperature: 0.2, model: "small"))  // the schema's default
            let custom = try await db.insert(Conversation.Insert(userId: ann.id, settings: ConversationSettings(temperature: 0.9, model: "large")))
            #expect(custom.settings.model == "large")
            let updated = try await Conversation.update { $0.settings = .set(ConversationSettings(temperature: 0, model: "tiny")) }
                .where { $0.id == custom.id }.executeReturning(on: db)
            #expect(updated.first?.settings == ConversationSettings(temperature: 0, model: "tiny"))
        }
    }

    @Test func jsonbContainmentKeysAndPaths() async throws {
        try await withSchemaDatabase { db in try await Self.jsonbContainmentKeysAndPaths(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func jsonbContainmentKeysAndPaths(_ db: Database) async throws {
        _ = try await db.insert([
            Document.Insert(title: "a", metadata: #"{"kind": "pdf", "source": "web", "pages": 3}"#),
            Document.Insert(title: "b", metadata: #"{"kind": "html"}"#),
        ])
        let pdfs = Document.where { $0.metadata.contains(["kind": "pdf"]) }
        #expect(try pdfs.sql().text.hasSuffix(#"WHERE "metadata" @> $1 AND "deleted_at" IS NULL"#))
        #expect(try await pdfs.all(on: db).map(\.title) == ["a"])
        #expect(try await Document.where { $0.metadata.hasKey("source") }.all(on: db).map(\.title) == ["a"])
        #expect(try await Document.where { $0.metadata["kind"] == "html" }.all(on: db).map(\.title) == ["b"])
        let kinds = try await Document.order { $0.title }.select { $0.metadata["kind"] }.all(on: db)
        #expect(kinds == ["pdf", "html"])
    }

    @Test func arrayContainsOverlapsAny() async throws {
        try await withSchemaDatabase { db in
            _ = try await db.insert([
                Document.Insert(title: "a", tags: ["swift", "postgres"]), Document.Insert(title: "b", tags: ["swift"]),
                Document.Insert(title: "c", tags: []),
            ])
            #expect(try await Document.where { $0.tags.contains(["swift", "postgres"]) }.all(on: db).map(\.title) == ["a"])
            #expect(try await Document.where { $0.tags.overlaps(["postgres", "rust"]) }.all(on: db).map(\.title) == ["a"])
            #expect(try await Document.where { $0.tags.any("swift") }.order { $0.title }.all(on: db).map(\.title) == ["a", "b"])
            #expect(try Document.where { $0.tags.any("swift") }.sql().text.hasSuffix(#"WHERE $1 = ANY("tags") AND "deleted_at" IS NULL"#))
        }
    }

    @Test func vectorDistancesOrderAndFilter() async throws {
        try await withSchemaDatabase { db in try await Self.vectorDistancesOrderAndFilter(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func vectorDistancesOrderAndFilter(_ db: Database) async throws {
        _ = try await db.insert([
            Document.Insert(title: "x", embedding: [1, 0, 0]), Document.Insert(title: "y", embedding: [0, 1, 0]),
            Document.Insert(title: "xy", embedding: [1, 1, 0]), Document.Insert(title: "none"),
        ])
        let query: PostgresVector = [1, 0.1, 0]
        let near = Document.where { $0.embedding != nil }.order { $0.embedding.cosineDistance(to: query) }.limit(2)
        #expect(try near.sql().text.hasSuffix(#"WHERE "embedding" IS NOT NULL AND "deleted_at" IS NULL ORDER BY ("embedding" <=> $1) LIMIT 2"#))
        #expect(try await near.all(on: db).map(\.title) == ["x", "xy"])
        #expect(try await Document.where { $0.embedding.l2Distance(to: [0, 1, 0]) < 0.5 }.all(on: db).map(\.title) == ["y"])
        let scored = try await Document.where { $0.title == "xy" }.select { $0.embedding.innerProduct(to: [1, 1, 1]) }.all(on: db)
        #expect(scored == [2])
    }

    @Test func runtimeValueTypesRoundTrip() async throws {
        try await withSchemaDatabase { db in
            let job = try await db.insert(Job.Insert(workerIp: PostgresInet("10.0.0.7")!))
            #expect(job.workerIp?.description == "10.0.0.7")
            let log = try await db.insert(ExecutionLog.Insert(jobId: job.id, tool: "grep", durationMs: Decimal(string: "12.5"), output: Data("ok".utf8), steps: [1, 2]))
            #expect(log.tool == "grep            " && log.steps == [1, 2] && log.output == Data("ok".utf8) && log.durationMs == Decimal(string: "12.5"))
        }
    }
}

/// The search operators are the ones PostgreSQL's indexes serve: the plans prove it.
@Suite struct SearchIndexTests {
    func explain(_ sql: SQL, on db: Database) async throws -> String {
        try await db.transaction { tx in
            // On a few dozen rows any plan is cheap, and pgvector's HNSW cost estimate varies with
            // the graph's random levels: rule out the scan-everything-then-sort plans, so the
            // plan shows whether an index can serve the condition or the ORDER BY at all.
            try await tx.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
            let rows = try await tx.query(SQL(text: "EXPLAIN " + sql.text, bindings: sql.bindings), as: String.self)
            return rows.joined(separator: "\n")
        }
    }

    @Test func nearestNeighboursUseTheHNSWIndex() async throws {
        try await withSchemaDatabase { db in
            _ = try await db.insert((0..<50).map { Document.Insert(title: "d\($0)", embedding: [Float($0), 1, Float(50 - $0)]) })
            try await db.execute("ANALYZE documents")
            let near = Document.order { $0.embedding.cosineDistance(to: [1, 1, 1]) }.limit(5)
            #expect(try near.sql().text.hasSuffix(#"ORDER BY ("embedding" <=> $1) LIMIT 5"#))
            let plan = try await explain(try near.sql(), on: db)
            #expect(plan.contains("documents_embedding_idx"), "\(plan)")
            #expect(try await near.all(on: db).count == 5)
        }
    }

    @Test func jsonbContainmentUsesTheGINIndex() async throws {
        try await withSchemaDatabase { db in
            _ = try await db.insert((0..<50).map { Document.Insert(title: "d\($0)", metadata: PostgresJSON(text: #"{"n": \#($0)}"#)) })
            try await db.execute("ANALYZE documents")
            // withDeleted(): without the live-rows condition, which the partial index documents_live_idx also serves.
            let plan = try await explain(try Document.where { $0.metadata.contains(["n": 7]) }.withDeleted().sql(), on: db)
            #expect(plan.contains("documents_metadata_idx"), "\(plan)")
            let tagged = try await explain(try Document.where { $0.tags.contains(["x"]) }.withDeleted().sql(), on: db)
            #expect(tagged.contains("documents_tags_idx"), "\(tagged)")
        }
    }

    @Test func jsonPathsAreTypedByCasts() async throws {
        try await withSchemaDatabase { db in
            _ = try await db.insert([
                Document.Insert(title: "short", metadata: #"{"pages": 3, "author": {"name": "Zoë"}}"#),
                Document.Insert(title: "long", metadata: #"{"pages": 300}"#),
            ])
            let long = Document.where { $0.metadata["pages"].as(Int64.self) > 100 }
            #expect(try long.sql().text.hasSuffix(#"WHERE (("metadata" ->> $1))::bigint > $2 AND "deleted_at" IS NULL"#))
            #expect(try await long.all(on: db).map(\.title) == ["long"])
            let authors = try await Document.where { $0.metadata[path: ["author", "name"]] != nil }.select { $0.metadata[path: ["author", "name"]] }.all(on: db)
            #expect(authors == ["Zoë"])
        }
    }
}

/// A `swift_type:` jsonb column (`conversations.settings: ConversationSettings`) is queried like
/// an untyped one: the generated code makes the type a `JSONValue`.
@Suite struct TypedJSONColumnTests {
    @Test func typedJSONColumnsAreQueryableByPathContainmentAndKey() async throws {
        try await withSchemaDatabase { db in try await Self.typedJSONColumnsAreQueryableByPathContainmentAndKey(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func typedJSONColumnsAreQueryableByPathContainmentAndKey(_ db: Database) async throws {
        let ann = try await makeUser(db, "Ann")
        _ = try await db.insert([
            Conversation.Insert(userId: ann.id, title: "small", settings: ConversationSettings(temperature: 0.2, model: "small")),
            Conversation.Insert(userId: ann.id, title: "large", settings: ConversationSettings(temperature: 0.9, model: "large")),
        ])
        let byPath = Conversation.where { $0.settings["model"] == "large" }
        #expect(try byPath.sql().text.hasSuffix(#"WHERE ("settings" ->> $1) = $2"#))
        #expect(try await byPath.all(on: db).map(\.title) == ["large"])
        let warm = try await Conversation.where { $0.settings["temperature"].as(Double.self) > 0.5 }.all(on: db)
        #expect(warm.map(\.settings.model) == ["large"])
        let contained = try await Conversation.where { $0.settings.contains(["model": "small"]) }.all(on: db)
        #expect(contained.map(\.title) == ["small"])
        #expect(try await Conversation.where { $0.settings.hasKey("temperature") }.count(on: db) == 2)
    }
}
