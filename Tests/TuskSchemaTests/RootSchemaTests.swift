import Foundation
import Testing
@testable import TuskSchema

/// The root `schema.yaml` (the example application's schema) loads into the model other
/// modules rely on.
@Suite struct RootSchemaTests {
    static let rootURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schema.yaml")

    func load() throws -> Schema {
        do {
            return try SchemaLoader.load(file: Self.rootURL)
        } catch let error as SchemaError {
            Issue.record("schema.yaml has errors:\n\(error)")
            throw error
        }
    }

    @Test func topLevel() throws {
        let schema = try load()
        #expect(schema.swift.access == .public)
        #expect(schema.extensions == ["vector"])
        #expect(schema.enums.map(\.name) == ["job_status", "memory_tier", "message_role", "policy_decision"])
        #expect(schema.tables.map(\.name) == schema.tables.map(\.name).sorted())
        #expect(schema.tables.map(\.swiftName).contains("ApiKey"))
        #expect(schema.table(named: "memory_objects")?.swiftName == "MemoryObject")
        #expect(schema.table(named: "audit_log")?.swiftName == "AuditLog")
    }

    @Test func enums() throws {
        let schema = try load()
        let tier = try #require(schema.enumType(named: "memory_tier"))
        #expect(tier.swiftName == "MemoryTier")
        #expect(tier.valueNames == ["WORKING", "EPISODIC", "SEMANTIC", "SHARED"])
        #expect(tier.values.map(\.swiftName) == ["working", "episodic", "semantic", "shared"])
        #expect(schema.enumType(named: "message_role")?.swiftName == "Role")
        #expect(schema.enumType(named: "message_role")?.renamedFrom == "chat_role")
        #expect(schema.enumType(named: "job_status")?.values.last == EnumValue(name: "cancelled", swiftName: "cancelled", renamedFrom: "canceled"))
        let decision = try #require(schema.enumType(named: "policy_decision"))
        #expect(decision.comment == "Outcome of a policy evaluation")
        #expect(decision.values.last == EnumValue(name: "needs_review", swiftName: "needsReview"))
    }

    @Test func users() throws {
        let users = try #require(try load().table(named: "users"))
        #expect(users.swiftName == "User")
        #expect(users.comment == "Application accounts")
        #expect(users.columns.map(\.name) == ["id", "email", "email_domain", "name", "nickname", "password_hash", "homepage", "plan", "created_at", "updated_at"])
        #expect(users.primaryKey == PrimaryKey(name: "users_pkey", columns: ["id"]))
        #expect(users.uniqueConstraints == [UniqueConstraint(name: "users_email_key", columns: ["email"])])
        #expect(users.checks == [CheckConstraint(name: "users_plan_check", expression: "plan IN ('free', 'team', 'corp')")])
        let id = try #require(users.column(named: "id"))
        #expect(id.type == .uuid && !id.isNullable && id.defaultValue == .sql("gen_random_uuid()"))
        #expect(users.column(named: "email")?.validations == [.maxLength(320), .format(.email)])
        #expect(users.column(named: "name")?.type == .varchar(length: 255))
        #expect(users.column(named: "name")?.isNullable == false)
        #expect(users.column(named: "nickname")?.isNullable == true)
        #expect(users.column(named: "password_hash")?.swiftName == "passwordHash")
        #expect(users.column(named: "plan")?.type == .char(length: 4))
        #expect(users.column(named: "plan")?.defaultValue == .literal("free"))
        #expect(users.column(named: "updated_at")?.autoUpdate == true)
        #expect(users.column(named: "updated_at")?.defaultValue == .sql("now()"))
        #expect(users.column(named: "created_at")?.defaultValue == .sql("now()"))
    }

    @Test func documents() throws {
        let documents = try #require(try load().table(named: "documents"))
        #expect(documents.renamedFrom == "docs")
        #expect(documents.softDeleteColumn == "deleted_at")
        #expect(documents.column(named: "id")?.identity == .byDefault)
        #expect(documents.column(named: "title")?.renamedFrom == "heading")
        #expect(documents.column(named: "source_url")?.swiftName == "sourceURL")
        #expect(documents.column(named: "metadata")?.defaultValue == .literal("{}"))
        #expect(documents.column(named: "tags")?.defaultValue == .literal("{}"))
        #expect(documents.column(named: "score")?.defaultValue == .literal("0.50"))
        #expect(documents.column(named: "score")?.validations == [.min(0), .max(1)])
        #expect(documents.column(named: "tier")?.type == .enumType("memory_tier"))
        #expect(documents.column(named: "tier")?.defaultValue == .literal("WORKING"))
        #expect(documents.column(named: "embedding")?.type == .vector(dimensions: 3))
        #expect(documents.foreignKeys == [ForeignKey(name: "documents_user_id_fkey", columns: ["user_id"], referencedTable: "users", referencedColumns: ["id"], onDelete: .setNull)])
        #expect(documents.uniqueConstraints == [UniqueConstraint(name: "documents_user_id_title_key", columns: ["user_id", "title"])])
        #expect(documents.checks == [CheckConstraint(name: "title_not_blank", expression: "length(title) > 0")])
        #expect(documents.indexes == [
            Index(name: "documents_user_id_idx", columns: ["user_id"]),
            Index(name: "documents_embedding_idx", columns: ["embedding"], method: "hnsw", opclass: "vector_cosine_ops"),
            Index(name: "documents_metadata_idx", columns: ["metadata"], method: "gin"),
            Index(name: "documents_live_idx", columns: ["created_at"], predicate: "deleted_at IS NULL"),
            Index(name: "documents_tags_idx", columns: ["tags"], method: "gin"),
            Index(name: "documents_search_idx", columns: ["search"], method: "gin"),
        ])
    }

    @Test func otherTables() throws {
        let schema = try load()
        let keys = try #require(schema.table(named: "api_keys"))
        #expect(keys.column(named: "id")?.identity == .always)
        #expect(keys.column(named: "scopes")?.defaultValue == .literal("{\"read\"}"))
        #expect(keys.foreignKeys.first?.onUpdate == .cascade)
        #expect(keys.column(named: "prefix")?.validations == [.minLength(8), .pattern("^tsk_[a-z0-9]+$")])
        let chunks = try #require(schema.table(named: "document_chunks"))
        #expect(chunks.primaryKey == PrimaryKey(name: "document_chunks_pkey", columns: ["document_id", "ordinal"]))
        #expect(chunks.checks.map(\.name) == ["document_chunks_ordinal_check"])
        let conversations = try #require(schema.table(named: "conversations"))
        #expect(conversations.versionColumn == "version")
        #expect(conversations.column(named: "settings")?.defaultValue == .literal(#"{"model": "small", "temperature": 0.2}"#))
        #expect(conversations.column(named: "settings")?.swiftType == "ConversationSettings")
        let messages = try #require(schema.table(named: "messages"))
        #expect(messages.column(named: "id")?.type == .bigint)
        #expect(messages.column(named: "id")?.identity == .byDefault)
        #expect(messages.column(named: "role")?.type == .enumType("message_role"))
        let links = try #require(schema.table(named: "memory_links"))
        #expect(links.checks.map(\.name) == ["memory_links_check"])
        #expect(links.column(named: "weight")?.type == .doublePrecision)
        #expect(links.column(named: "weight")?.defaultValue == .literal("1.0"))
        let memory = try #require(schema.table(named: "memory_objects"))
        #expect(memory.column(named: "pinned")?.defaultValue == .literal("false"))
        #expect(memory.column(named: "recall")?.type == .doublePrecision)
        let jobs = try #require(schema.table(named: "jobs"))
        #expect(jobs.column(named: "queue")?.defaultValue == .literal("default"))
        #expect(jobs.indexes.map(\.name) == ["jobs_claim_idx", "jobs_external_id_idx"])
        let audit = try #require(schema.table(named: "audit_log"))
        #expect(audit.column(named: "default")?.swiftName == "default")
        let logs = try #require(schema.table(named: "execution_logs"))
        #expect(logs.column(named: "steps")?.type == .array(.integer))
        #expect(logs.column(named: "duration_ms")?.usingExpression == "duration_ms::numeric(12,3)")
        #expect(logs.column(named: "job_id")?.type == .bigint)
        #expect(logs.indexes.first == Index(name: "execution_logs_job_id_happened_on_idx", columns: ["job_id", "happened_on"], isUnique: true, predicate: "job_id IS NOT NULL"))
    }

    @Test func snapshotRoundTripsAndIsStable() throws {
        let schema = try load()
        let data = try SchemaSnapshot.encode(schema)
        // Relations and job kinds are Swift-only: the snapshot leaves them out (it keeps the
        // tusk_jobs table the job kinds need).
        var withoutRelations = schema
        withoutRelations.relations = []
        withoutRelations.jobKinds = []
        #expect(try SchemaSnapshot.decode(data) == withoutRelations)
        #expect(try SchemaSnapshot.encode(try load()) == data)
        #expect(try SchemaSnapshot.encode(try SchemaSnapshot.decode(data)) == data)
    }

    @Test func relations() throws {
        let schema = try load()
        let names = { (table: String) in schema.relations(of: table).map(\.name) }
        #expect(names("users") == ["apiKeys", "auditLogs", "conversations", "documents", "memoryObjects"])
        #expect(names("documents") == ["user", "chunks"])
        #expect(names("memory_objects") == ["user", "outgoingLinks", "incomingLinks", "linkedMemories"])
        #expect(names("memory_links") == ["from", "to"])
        #expect(names("execution_logs") == ["job", "triggeringMessage"])
        #expect(names("messages") == ["conversation", "executionLogs"])
        let linked = try #require(schema.relations(of: "memory_objects").last)
        #expect(linked.kind == .manyToMany && linked.through == .init(table: "memory_links", sourceColumn: "from_id", targetColumn: "to_id"))
        #expect(schema.relations(of: "document_chunks").map(\.cardinality) == [.toOne])  // documents has soft_delete
        #expect(schema.relations(of: "conversations").first?.cardinality == .requiredToOne)
    }
}
