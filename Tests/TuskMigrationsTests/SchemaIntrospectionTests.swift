import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// Named PostgreSQL schemas read back on PostgreSQL 15 and 16: tables, enums, views, sequences
/// and foreign keys of `billing` and `audit` come back under their qualified names, equal to
/// the declaration; what `tusk introspect` writes loads back to the same model; drift names
/// objects changed by hand with their schema, and leaves a schema the declaration does not name
/// alone.
@Suite struct SchemaIntrospectionTests {
    static let yaml = """
        enums:
          billing.invoice_status: [draft, sent, paid]
        sequences:
          billing.invoice_numbers: { type: bigint, start: 1000 }
        tables:
          customers:
            columns:
              id: { type: integer, primary_key: true }
          billing.invoices:
            columns:
              id: { type: integer, primary_key: true }
              customer_id: { type: integer, references: customers.id }
              number: { type: bigint, default: { sql: "nextval('billing.invoice_numbers'::regclass)" } }
              status: { type: billing.invoice_status, default: draft }
            indexes: [{ columns: [status] }]
          audit.invoices:
            columns:
              id: { type: integer, primary_key: true }
              invoice_id: { type: integer, references: billing.invoices.id }
              status: billing.invoice_status
        views:
          audit.sent:
            sql: SELECT id FROM billing.invoices WHERE status = 'sent'
            columns: { id: integer }
        """

    @Test(arguments: [PostgresFlavor.standard, .pgvector])
    func qualifiedObjectsRoundTripAndDriftNamesThem(_ flavor: PostgresFlavor) async throws {
        let declared = try SchemaLoader.parse(yaml: Self.yaml, fileName: "schemas.yaml")
        #expect(declared.tables.map(\.swiftName) == ["AuditInvoice", "BillingInvoice", "Customer"])
        try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: declared)))
            try await db.execute("CREATE SCHEMA other; CREATE TABLE other.unrelated (id int);")
            let found = try await introspect(db)
            #expect(found.tables.map(\.name) == ["audit.invoices", "billing.invoices", "customers", "other.unrelated"])
            #expect(found.enums.map(\.name) == ["billing.invoice_status"])
            #expect(found.views.map(\.name) == ["audit.sent"])
            #expect(found.sequences.map(\.name) == ["billing.invoice_numbers"])
            #expect(found.table(named: "audit.invoices")?.foreignKeys.map(\.referencedTable) == ["billing.invoices"])
            #expect(found.table(named: "billing.invoices")?.columns.map(\.type.sql) == ["integer", "integer", "bigint", "billing.invoice_status"])
            // Another application's schema is not drift of this one.
            #expect(SchemaDrift.differences(expected: declared, actual: found) == [])

            var managed = found
            managed.tables.removeAll { $0.name == "other.unrelated" }
            let written = SchemaYAMLWriter.render(managed)
            let reloaded = try SchemaLoader.parse(yaml: written, fileName: "introspected.yaml")
            #expect(reloaded.tables == managed.tables, "\(written)")
            #expect(reloaded.enums == managed.enums)
            // Nothing to migrate back to the declaration (views aside: the server respells their SQL).
            var respelled = reloaded
            respelled.views = declared.views
            #expect(MigrationPlanner.plan(from: respelled, to: declared).isEmpty, "\(MigrationPlanner.plan(from: respelled, to: declared).upSQL())")

            try await db.execute("ALTER TABLE audit.invoices ADD COLUMN note text; DROP INDEX billing.invoices_status_idx;")
            #expect(SchemaDrift.differences(expected: declared, actual: try await introspect(db)) == [
                "column audit.invoices.note is not in the schema",
                #"indexes of billing.invoices: expected ["invoices_status_idx btree [\"status\"]"], found []"#,
            ])
        }
    }
}
