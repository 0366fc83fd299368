import Foundation
import Testing
import Tusk
import TuskTesting

/// The runtime calls that name tables themselves, over tables of named schemas: interval
/// partitions and retention (`audit.run_logs`), a materialized view's refresh
/// (`billing.customer_totals`), a tenant's runner and row-level security (`billing.notes`),
/// hybrid search (`search.articles`, pgvector). Each database's `search_path` is `public` only,
/// so a name written without its schema fails instead of passing by chance.
@Suite struct NamedSchemaRuntimeTests {
    static func withDatabase(_ flavor: PostgresFlavor, _ body: (Database) async throws -> Void) async throws {
        try await withTestDatabase(flavor) { testDatabase in
            try await testDatabase.execute(SQLScript(unsafeRaw: schemasSQL(flavor)))
            try await testDatabase.execute(SQLScript(unsafeRaw: """
                DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = public', current_database()); END $$;
                """))
            try await withShutdown(try await testDatabase.connect(), body)
        }
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T12:00:00Z")! }

    /// `schema.partition=rows` for each partition of audit.run_logs holding rows.
    static func rowsPerPartition(_ db: Database) async throws -> [String] {
        try await db.query(SQL("""
            SELECT s.nspname || '.' || c.relname || '=' || counted.rows FROM (SELECT tableoid, count(*) AS rows FROM audit.run_logs GROUP BY tableoid) AS counted
            JOIN pg_class c ON c.oid = counted.tableoid JOIN pg_namespace s ON s.oid = c.relnamespace ORDER BY 1
            """), as: String.self)
    }

    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func partitionsAreMadeAndExpireInTheTablesSchema(_ flavor: PostgresFlavor) async throws {
        try await Self.withDatabase(flavor) { db in try await Self.partitionsAndRetention(db) }
    }

    static func partitionsAndRetention(_ db: Database) async throws {
        _ = try await db.insert([
            RunLog.Insert(message: "spring", createdAt: date("2026-03-01")),
            RunLog.Insert(message: "june", createdAt: date("2026-06-15")),
        ])
        #expect(try await rowsPerPartition(db) == ["audit.run_logs_default=2"])
        let made = try await db.createPartitions(of: RunLog.self, now: date("2026-06-10"))
        #expect(made == ["audit.run_logs_p2026_06", "audit.run_logs_p2026_07"])
        // June's row moved out of the default partition into its month, in schema audit.
        #expect(try await rowsPerPartition(db) == ["audit.run_logs_default=1", "audit.run_logs_p2026_06=1"])
        _ = try await db.insert(RunLog.Insert(message: "july", createdAt: date("2026-07-20")))

        // 30 days before 2026-07-10 is 2026-06-10: no month is wholly past it; the March row goes.
        let first = try await db.applyRetention(to: RunLog.self, now: date("2026-07-10"))
        #expect(first == RetentionResult(droppedPartitions: [], deletedRows: 1))
        // 30 days before 2026-08-05 is 2026-07-06: June is wholly past it.
        let second = try await db.applyRetention(to: RunLog.self, now: date("2026-08-05"))
        #expect(second == RetentionResult(droppedPartitions: ["audit.run_logs_p2026_06"], deletedRows: 0))
        let left: [String] = try await RunLog.order { $0.createdAt }.select { $0.message }.all(on: db)
        #expect(left == ["july"])
        let partitions = try await db.query(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'audit.run_logs'::regclass ORDER BY 1", as: String.self)
        #expect(partitions == ["audit.run_logs_default", "audit.run_logs_p2026_07"])
    }

    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func aMaterializedViewOfANamedSchemaRefreshes(_ flavor: PostgresFlavor) async throws {
        try await Self.withDatabase(flavor) { db in
            let ann = try await db.insert(Customer.Insert(name: "Ann"))
            _ = try await db.insert([Invoice.Insert(customerId: ann.id, total: 10), Invoice.Insert(customerId: ann.id, total: 2.5)])
            #expect(try await CustomerTotal.query.all(on: db).isEmpty, "not refreshed yet")
            try await CustomerTotal.refresh(on: db)  // CONCURRENTLY: refresh: concurrently
            try await CustomerTotal.refresh(concurrently: false, on: db)
            let totals = try await CustomerTotal.query.all(on: db)
            #expect(totals.map(\.invoices) == [2])
            #expect(totals.map(\.total) == [Decimal(string: "12.50")!])
        }
    }

    /// A tenant's runner scopes every statement over `billing.notes` (`tenant: customer_id`),
    /// and the table's policy holds alone for a role RLS applies to.
    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func aTenantTableOfANamedSchemaIsScopedAndItsPolicyHolds(_ flavor: PostgresFlavor) async throws {
        try await Self.withDatabase(flavor) { db in try await Self.tenantAndPolicy(db) }
    }

    static func tenantAndPolicy(_ db: Database) async throws {
        let ann = try await db.insert(Customer.Insert(name: "Ann"))
        let bo = try await db.insert(Customer.Insert(name: "Bo"))
        _ = try await db.insert([Note.Insert(customerId: ann.id, body: "ann's"), Note.Insert(customerId: bo.id, body: "bo's")])

        let forAnn = db.tenant(ann.id)
        let seen: [String] = try await Note.query.select { $0.body }.all(on: forAnn)
        #expect(seen == ["ann's"])
        let filled = try await forAnn.insert(Note.Insert(body: "ann's second"))
        #expect(filled.customerId == ann.id, "the runner fills the tenant column")
        #expect(try await Note.update { $0.body = "edited" }.all().execute(on: forAnn) == 2)
        #expect(try await Customer.query.including(\.notes).all(on: forAnn).map { $0.notes.count }.sorted() == [0, 2])
        let bos: [String] = try await Note.where { $0.customerId == bo.id }.select { $0.body }.all(on: db)
        #expect(bos == ["bo's"], "the other tenant's row is untouched")

        // The policy alone: a role RLS applies to, `tusk.tenant` set, the statement unscoped.
        let role = "tusk_rls_named_\(UInt32.random(in: 0 ... .max))"
        try await db.execute(SQLScript(unsafeRaw: """
            CREATE ROLE \(role) NOLOGIN;
            GRANT USAGE ON SCHEMA billing TO \(role);
            GRANT SELECT, INSERT, UPDATE, DELETE ON billing.notes TO \(role);
            """))
        let visible = try await db.transaction { (tx: Transaction) -> [String] in
            try await tx.execute(SQLScript(unsafeRaw: "SET LOCAL ROLE \(role)"))
            _ = try await tx.query("SELECT set_config('tusk.tenant', \(String(bo.id)), true)")
            return try await Note.query.select { $0.body }.all(on: tx)
        }
        #expect(visible == ["bo's"])
        let refused = await #expect(throws: PostgresError.self) {
            try await db.transaction { (tx: Transaction) -> Void in
                try await tx.execute(SQLScript(unsafeRaw: "SET LOCAL ROLE \(role)"))
                _ = try await tx.query("SELECT set_config('tusk.tenant', \(String(bo.id)), true)")
                _ = try await tx.insert(Note.Insert(customerId: ann.id, body: "smuggled"))
            }
        }
        #expect(refused?.sqlState == "42501", "WITH CHECK refuses another tenant's row")
        try await db.execute(SQLScript(unsafeRaw: "DROP OWNED BY \(role); DROP ROLE \(role);"))
    }

    @Test func hybridSearchOverATableOfANamedSchema() async throws {
        try await Self.withDatabase(.pgvector) { db in
            let titles = ["Quarterly revenue", "Revenue forecast", "Cat care"]
            let embeddings: [PostgresVector] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
            let rows = (0..<3).map { (n: Int) -> Article.Insert in Article.Insert(title: titles[n], embedding: embeddings[n]) }
            _ = try await db.insert(rows)
            let hits = try await Article.query.hybridSearch("revenue", in: \.search, near: [0, 0.9, 0.1], by: \.embedding, limit: 2).all(on: db)
            // The forecast is first on both lists; the quarterly report is on the text list only.
            #expect(hits.map(\.row.title) == ["Revenue forecast", "Quarterly revenue"])
            #expect(hits.first?.textRank != nil && hits.first?.vectorRank == 1)
        }
    }
}
