import Foundation
import Testing
import Tusk
import TuskSchema

/// The TuskGenerator plugin generated these types from the package root's schema.yaml when
/// this target was built; these tests use them as an application would.
@Suite struct GeneratedTypesTests {
    @Test func enumsAreStringBackedAndCaseIterableInDeclaredOrder() {
        #expect(MemoryTier.allCases == [.working, .episodic, .semantic, .shared])
        #expect(MemoryTier.allCases.map(\.rawValue) == ["WORKING", "EPISODIC", "SEMANTIC", "SHARED"])
        #expect(JobStatus(rawValue: "queued") == .queued)
        #expect(JobStatus(rawValue: "QUEUED") == nil)
        #expect(Role.allCases.count == 4)  // message_role, renamed by swift_name
        #expect(PolicyDecision.needsReview.rawValue == "needs_review")
    }

    @Test func insertLeavesDatabaseFilledColumnsToTheDatabase() {
        let user = User.Insert(email: "ann@example.com", name: "Ann", passwordHash: "h")
        #expect(user.id == nil)          // default gen_random_uuid()
        #expect(user.plan == nil)        // default 'free'
        #expect(user.createdAt == nil)   // default now()
        #expect(user.nickname == nil)    // nullable: NULL
        #expect(user.email == "ann@example.com")

        let document = Document.Insert(title: "Notes")
        #expect(document.id == nil)      // identity
        #expect(document.tier == nil && document.score == nil && document.tags == nil)

        let job = Job.Insert(status: .running)
        #expect(job.status == .running)
        #expect(job.queue == nil)
    }

    @Test func identityAlwaysColumnsAreNotInInsert() {
        let key = ApiKey.Insert(userId: UUID(), prefix: "tsk_abcdefgh", keyHash: Data([1, 2, 3]))
        let fields = Mirror(reflecting: key).children.compactMap(\.label)
        #expect(fields == ["userId", "prefix", "keyHash", "scopes", "expiresAt"])
    }

    @Test func rowsAreHashableValuesWithNonOptionalNotNullColumns() {
        let id = UUID()
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        func row(_ nickname: String?) -> User.Row {
            User.Row(id: id, email: "a@b.c", emailDomain: "b.c", name: "A", nickname: nickname, passwordHash: "h", homepage: nil,
                     plan: "free", createdAt: date, updatedAt: date)
        }
        let distinctRows: Set<User.Row> = [row(nil), row(nil), row("Al")]
        #expect(distinctRows.count == 2)

        let chunk = DocumentChunk.Row(documentId: 1, ordinal: 0, content: "c", tokenCount: 3, embedding: [0.1, 0.2, 0.3])
        let embedding: PostgresVector = chunk.embedding  // vector(3) NOT NULL -> PostgresVector
        #expect(embedding.values.count == 3)
        let score: Decimal = Document.Row(
            id: 1, userId: nil, title: "t", body: "", sourceURL: nil, metadata: "{}", tags: [], score: Decimal(string: "0.50")!,
            tier: .working, embedding: nil, createdAt: date, deletedAt: nil
        ).score
        #expect(score == Decimal(string: "0.5"))
    }

    @Test func keywordColumnsAreUsableProperties() {
        let entry = AuditLog.Insert(action: "read", decision: .allow, default: true)
        #expect(entry.default == true)
        #expect(AuditLog.columns.default.name == "default")
        #expect(MemoryLink.columns.type.sqlType == "text")
    }

    @Test func swiftTypeColumnsUseTheNamedType() {
        let settings = ConversationSettings(temperature: 0.2, model: "small")
        let insert = Conversation.Insert(userId: UUID(), settings: settings)
        #expect(insert.settings == settings)
    }

    @Test func columnsDescribeEveryTableOfTheSchemaFile() throws {
        let schemaFile = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schema.yaml")
        let schema = try SchemaLoader.load(file: schemaFile)
        let generated: [String: [TuskColumnDescription]] = [
            ApiKey.tableName: ApiKey.allColumns, AuditLog.tableName: AuditLog.allColumns,
            Conversation.tableName: Conversation.allColumns, DocumentChunk.tableName: DocumentChunk.allColumns,
            Document.tableName: Document.allColumns, ExecutionLog.tableName: ExecutionLog.allColumns,
            Job.tableName: Job.allColumns, MemoryLink.tableName: MemoryLink.allColumns,
            MemoryObject.tableName: MemoryObject.allColumns, Message.tableName: Message.allColumns,
            User.tableName: User.allColumns, TuskJob.tableName: TuskJob.allColumns, RunLog.tableName: RunLog.allColumns,
        ]
        #expect(Set(generated.keys) == Set(schema.tables.map(\.name)))
        for table in schema.tables {
            let expected = table.columns.map { TuskColumnDescription(name: $0.name, sqlType: $0.type.sql, isNullable: $0.isNullable) }
            #expect(generated[table.name] == expected, "\(table.name)")
        }
        #expect(User.columns.email.sqlType == "text")
        #expect(Document.columns.embedding.isNullable)
    }
}
