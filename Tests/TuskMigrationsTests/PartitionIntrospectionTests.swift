import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// Partitioned tables read back from a real PostgreSQL 15: the key, declared partitions (their
/// bounds as the server prints them), the months `createPartitions` made recognized as the
/// runtime's; drift names a partition dropped by hand.
@Suite struct PartitionIntrospectionTests {
    static let yaml = schema(
        Evolutions.logs("{ range: at, interval: month }"),
        table("sales", "id: bigint", "region: text", "at: timestamptz", extra: """
            primary_key: [id, region]
            partition_by: { list: region, partitions: { sales_eu: { values: [de, "it's"] }, sales_rest: { default: true } } }
            """),
        table("spans", "id: bigint", "at: timestamptz", extra: """
            primary_key: [id, at]
            partition_by: { range: at, partitions: { spans_2026: { from: "2026-01-01", to: "2027-01-01" } } }
            """))

    @Test func partitionsReadBackAndDriftNamesOneDroppedByHand() async throws {
        let declared = try SchemaLoader.parse(yaml: Self.yaml, fileName: "partitions.yaml")
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: declared)))
            // A month as createPartitions names it: the runtime's, not a declared partition.
            try await db.execute("CREATE TABLE logs_p2026_12 PARTITION OF logs FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')")
            let found = try await introspect(db)
            #expect(found.table(named: "logs")?.partitioning == declared.table(named: "logs")?.partitioning)
            #expect(found.table(named: "sales")?.partitioning == declared.table(named: "sales")?.partitioning)
            let spans = found.table(named: "spans")?.partitioning?.partitions
            #expect(spans == [Partition(name: "spans_2026", bound: .range(from: "2026-01-01 00:00:00+00", to: "2027-01-01 00:00:00+00"))])
            #expect(SchemaDrift.differences(expected: declared, actual: found) == [])
            let written = SchemaYAMLWriter.render(found)
            let reloaded = try SchemaLoader.parse(yaml: written, fileName: "introspected.yaml")
            #expect(reloaded.tables.map(\.partitioning) == found.tables.map(\.partitioning), "\(written)")

            try await db.execute("DROP TABLE sales_eu")
            #expect(SchemaDrift.differences(expected: declared, actual: try await introspect(db)) == [
                #"partitions of sales: expected ["sales_eu (list of 2)", "sales_rest (default)"], found ["sales_rest (default)"]"#,
            ])
        }
    }
}
