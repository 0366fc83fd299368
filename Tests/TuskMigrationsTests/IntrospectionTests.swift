import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// pg_catalog -> Schema -> schema.yaml -> the same database again.
@Suite struct IntrospectionTests {
    @Test func rootSchemaRoundTripsThroughIntrospectionOnPostgres16() async throws {
        let schema = try Fixtures.rootSchema()
        try await roundTrip(schema, flavor: .pgvector)
    }

    @Test func focusedSchemaRoundTripsThroughIntrospectionOnPostgres15() async throws {
        try await roundTrip(try Fixtures.schema("focused.yaml"), flavor: .standard)
    }

    private func roundTrip(_ schema: Schema, flavor: PostgresFlavor) async throws {
        let (original, introspected) = try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: schema)))
            return (try await CatalogDump.read(db), try await introspect(db))
        }
        // Structure matches the model, names included.
        #expect(introspected.extensions == schema.extensions)
        #expect(introspected.enums.map(\.valueNames) == schema.enums.map(\.valueNames))
        #expect(introspected.tables.map(\.name) == schema.tables.map(\.name))
        for (found, declared) in zip(introspected.tables, schema.tables) {
            #expect(found.columns.map(\.name) == declared.columns.map(\.name))
            #expect(found.columns.map(\.type) == declared.columns.map(\.type), "types of \(declared.name)")
            #expect(found.columns.map(\.isNullable) == declared.columns.map(\.isNullable))
            #expect(found.columns.map(\.identity) == declared.columns.map(\.identity))
            #expect(found.columns.map(\.comment) == declared.columns.map(\.comment))
            #expect(found.comment == declared.comment)
            #expect(found.primaryKey == declared.primaryKey)
            #expect(found.uniqueConstraints.sorted { $0.name < $1.name } == declared.uniqueConstraints.sorted { $0.name < $1.name })
            #expect(found.foreignKeys.sorted { $0.name < $1.name } == declared.foreignKeys.sorted { $0.name < $1.name })
            #expect(found.checks.map(\.name).sorted() == declared.checks.map(\.name).sorted())
            #expect(indexShapes(found) == indexShapes(declared), "indexes of \(declared.name)")
        }
        // The YAML `tusk introspect` prints loads and builds the identical catalog.
        let yaml = SchemaYAMLWriter.render(introspected)
        let reloaded = try SchemaLoader.parse(yaml: yaml, fileName: "introspected.yaml")
        try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: reloaded)))
            let again = try await CatalogDump.read(db)
            #expect(again == original, "introspected YAML builds a different catalog:\n\(again.difference(from: original))\n\(yaml)")
            // Introspecting again converges: nothing to migrate.
            #expect(MigrationPlanner.plan(from: introspected, to: try await introspect(db)).isEmpty)
        }
    }

    /// Indexes without their predicate text (the server respells it), sorted by name.
    private func indexShapes(_ table: Table) -> [String] {
        table.indexes.map { "\($0.name) \($0.columns) \($0.method) \($0.opclass ?? "-") \($0.isUnique) \($0.predicate != nil)" }.sorted()
    }

    @Test func serverSpelledDefaultsBecomeLiteralsWhenTheyAreOne() {
        #expect(CatalogIntrospector.defaultValue("'free'::bpchar", type: .char(length: 4)) == .literal("free"))
        #expect(CatalogIntrospector.defaultValue("'it''s'::character varying", type: .varchar(length: 9)) == .literal("it's"))
        #expect(CatalogIntrospector.defaultValue("0.50", type: .numeric(precision: 3, scale: 2)) == .literal("0.50"))
        #expect(CatalogIntrospector.defaultValue("'-1'::integer", type: .integer) == .literal("-1"))
        #expect(CatalogIntrospector.defaultValue("now()", type: .timestamptz) == .sql("now()"))
        #expect(CatalogIntrospector.defaultValue("'{}'::jsonb", type: .jsonb) == .sql("'{}'::jsonb"))
        #expect(CatalogIntrospector.defaultValue("(now() AT TIME ZONE 'utc'::text)", type: .timestamp) == .sql("(now() AT TIME ZONE 'utc'::text)"))
        #expect(CatalogIntrospector.checkExpression("CHECK (((decision <> 'deny'::policy_decision) OR (reason IS NOT NULL)))")
            == "(decision <> 'deny'::policy_decision) OR (reason IS NOT NULL)")
    }
}
