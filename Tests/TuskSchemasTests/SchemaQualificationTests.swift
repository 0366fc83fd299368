import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// This target's schema.yaml (public, `billing`, `audit`) through the generated API, on
/// PostgreSQL 15 and 16, with a `search_path` that names neither named schema but a decoy: the
/// decoy holds a table `invoices`, a table `events` and a type `invoice_status` of its own, so
/// any statement that named a billing or audit object without its schema would reach (or fail
/// on) the decoy instead. After every read, write, eager load, enum cast and COPY, the decoy is
/// still empty. (Objects in `public` are written qualified too: PublicSearchPathTests puts a
/// decoy ahead of `public`.)
@Suite struct SchemaQualificationTests {
    /// The decoy, and the database's `search_path` for every later connection.
    static let decoy = """
        CREATE SCHEMA decoy;
        CREATE TYPE decoy.invoice_status AS ENUM ('other');
        CREATE TABLE decoy.invoices (id bigint PRIMARY KEY, customer_id bigint, status decoy.invoice_status, total numeric);
        CREATE TABLE decoy.events (id bigint PRIMARY KEY, invoice_id bigint, note text, status decoy.invoice_status, at timestamptz);
        DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = public, decoy', current_database()); END $$;
        """

    static func withDatabase(_ flavor: PostgresFlavor, _ body: (Database) async throws -> Void) async throws {
        try await withTestDatabase(flavor) { testDatabase in
            try await testDatabase.execute(SQLScript(unsafeRaw: decoy))
            // The migration itself runs under the decoy search_path too.
            try await testDatabase.execute(SQLScript(unsafeRaw: "SET search_path = public, decoy;\n" + schemasSQL(flavor)))
            try await withShutdown(try await testDatabase.connect()) { db in
                #expect(try await db.queryFirst("SHOW search_path", as: String.self) == "public, decoy")
                try await body(db)
                let decoyRows = try await db.queryFirst(
                    "SELECT (SELECT count(*) FROM decoy.invoices) + (SELECT count(*) FROM decoy.events)", as: Int64.self)
                #expect(decoyRows == 0, "a statement reached the decoy schema")
            }
        }
    }

    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func migrationCreatesEveryObjectInItsSchema(_ flavor: PostgresFlavor) async throws {
        try await Self.withDatabase(flavor) { db in
            let tables = try await db.query(
                """
                SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname IN ('public', 'billing', 'audit') ORDER BY 1
                """, as: String.self)
            #expect(tables == [
                "audit.events", "audit.run_logs_default", "billing.events", "billing.invoices", "billing.notes", "public.customers", "public.tickets",
            ])
            let type = try await db.queryFirst(
                "SELECT format_type(atttypid, NULL) FROM pg_attribute WHERE attrelid = 'audit.events'::regclass AND attname = 'status'",
                as: String.self)
            #expect(type == "billing.invoice_status")
            let references = try await db.queryFirst(
                "SELECT confrelid::regclass::text FROM pg_constraint WHERE conrelid = 'billing.invoices'::regclass AND contype = 'f'",
                as: String.self)
            #expect(references == "customers")
        }
    }

    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func readsWritesAndEagerLoadsIgnoreTheSearchPath(_ flavor: PostgresFlavor) async throws {
        try await Self.withDatabase(flavor) { db in try await Self.crud(db) }
    }

    /// The body as a function: its statements type-check one by one (the guard in Package.swift).
    static func crud(_ db: Database) async throws {
        let ann = try await db.insert(Customer.Insert(name: "Ann"))
        let invoice = try await db.insert(Invoice.Insert(customerId: ann.id, status: .sent, total: 12))
        #expect(invoice.status == .sent)
        let drafted = try await db.insert(Invoice.Insert(customerId: ann.id))
        #expect(drafted.status == .draft)  // the default, cast to billing.invoice_status
        _ = try await db.insert(BillingEvent.Insert(invoiceId: invoice.id, note: "sent by mail"))
        _ = try await db.insert(AuditEvent.Insert(invoiceId: invoice.id, status: .sent))

        let sent: [Invoice.Row] = try await Invoice.where { $0.status == InvoiceStatus.sent }.all(on: db)
        #expect(sent.map(\.id) == [invoice.id])
        let paid: [Invoice.Row] = try await Invoice.update { $0.status = .paid }.where { $0.id == invoice.id }.returning().execute(on: db)
        #expect(paid.map(\.status) == [.paid])
        let cast: [String] = try await Invoice.query.order { $0.id }.select { $0.status.cast(to: InvoiceStatus.self) }.all(on: db)
            .map(\.rawValue)
        #expect(cast == ["paid", "draft"])

        let customers = try await Customer.query.including(\.invoices) { $0.including(\.billingEvents) }.all(on: db)
        #expect(customers.count == 1)
        let loaded = customers[0].invoices.sorted { $0.row.id < $1.row.id }
        #expect(loaded.map(\.row.id) == [invoice.id, drafted.id])
        #expect(loaded[0].billingEvents.map(\.note) == ["sent by mail"])
        let audits = try await AuditEvent.query.including(\.invoice).all(on: db)
        #expect(audits.map { $0.invoice?.id } == [invoice.id])

        let withAudit: [Invoice.Row] = try await Invoice.where { $0.auditEvents.some { $0.status == InvoiceStatus.sent } }.all(on: db)
        #expect(withAudit.map(\.id) == [invoice.id])

        try await Invoice.delete().where { $0.id == drafted.id }.execute(on: db)
        #expect(try await Invoice.count(on: db) == 1)
        // set_null across schemas: deleting the invoice keeps its audit event, unlinked.
        try await Invoice.delete().where { $0.id == invoice.id }.execute(on: db)
        #expect(try await BillingEvent.count(on: db) == 0)
        let orphaned: [AuditEvent.Row] = try await AuditEvent.query.all(on: db)
        #expect(orphaned.map(\.invoiceId) == [nil])
    }

    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func copyIntoATableOfANamedSchema(_ flavor: PostgresFlavor) async throws {
        try await Self.withDatabase(flavor) { db in
            let ann = try await db.insert(Customer.Insert(name: "Ann"))
            let invoice = try await db.insert(Invoice.Insert(customerId: ann.id))
            let copied = try await db.copyIn(table: BillingEvent.tableName, columns: ["invoice_id", "note"]) { writer in
                for n in 0..<3 { try await writer.append(invoice.id, "note \(n)") }
            }
            #expect(copied == 3)
            #expect(try await BillingEvent.count(on: db) == 3)
        }
    }
}

/// This target's schema.yaml as the SQL that creates it on `flavor`. PostgreSQL 15 (`.standard`)
/// has no pgvector: there the schema leaves out the extension and `search.articles`, its one user.
func schemasSQL(_ flavor: PostgresFlavor) -> String {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("schema.yaml")
    do {
        var schema = try SchemaLoader.load(file: file)
        if flavor == .standard {
            schema.extensions.removeAll { $0 == "vector" }
            schema.tables.removeAll { $0.name == "search.articles" }
        }
        return SchemaDDL.createScript(for: schema)
    } catch {
        return "DO $$ BEGIN RAISE EXCEPTION 'schema.yaml does not load: %', \(SQLText.literal("\(error)")); END $$;"
    }
}
