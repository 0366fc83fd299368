import Foundation
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

/// Introspection of what the schema language says another way (issue 16, items 1-3).
@Suite struct IntrospectionMappingTests {
    @Test func aDomainOverADomainBringsEveryCheckAndTheyStillHold() async throws {
        let sql = """
            CREATE DOMAIN positive AS integer NOT NULL CHECK (VALUE > 0);
            CREATE DOMAIN small_positive AS positive DEFAULT 1 CHECK (VALUE < 100);
            CREATE TABLE box (id integer PRIMARY KEY, size small_positive, "Weird Col" positive[]);
            """
        let introspection = try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: sql))
            return try await introspectReporting(db)
        }
        let box = try #require(introspection.schema.table(named: "box"))
        let size = try #require(box.column(named: "size"))
        #expect(size.type == .integer && !size.isNullable && size.defaultValue == .literal("1"))
        #expect(box.checks.map(\.name) == ["box_size_check", "box_size_check1"])
        #expect(box.column(named: "Weird Col")?.type == .array(.integer))
        #expect(introspection.report.entries.map(\.description) == [
            "domain positive: mapped to integer[] on box.Weird Col (an array of the domain); its checks apply to each element and are not kept: positive_check",
            "domain small_positive: mapped to integer on box.size, its NOT NULL kept on the column, its default used where the column has none, its checks kept as box_size_check, box_size_check1",
        ])
        let reloaded = try SchemaLoader.parse(yaml: SchemaYAMLWriter.render(introspection.schema), fileName: "box.yaml")
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: reloaded)))
            try await db.execute("INSERT INTO box (id) VALUES (1)")
            for bad in ["0", "100"] {
                await #expect(throws: (any Error).self, "size \(bad) passes the domain's checks") {
                    try await db.execute(SQLScript(unsafeRaw: "INSERT INTO box (id, size) VALUES (2, \(bad))"))
                }
            }
        }
    }

    @Test func collationsAndUnloggedTablesAreReportedAndGeneratedColumnsKept() async throws {
        let introspection = try await withTestDatabase(.standard) { db in
            try await db.execute("""
                CREATE UNLOGGED TABLE cache (id integer PRIMARY KEY, name text COLLATE "C", upper_name text GENERATED ALWAYS AS (upper(name)) STORED);
                """)
            return try await introspectReporting(db)
        }
        let cache = try #require(introspection.schema.table(named: "cache"))
        #expect(cache.column(named: "upper_name")?.defaultValue == nil, "a generation expression is not a default")
        #expect(cache.column(named: "upper_name")?.generated == GeneratedColumn(sql: "upper(name)"))
        #expect(introspection.report.entries.map(\.description) == [
            "table cache: UNLOGGED in the database; written as a logged table",
            "column cache.name: has a non-default collation in the database; written with the type's default collation",
        ])
    }

    @Test func sequencesAndOpaqueTypesSurviveTheSnapshot() throws {
        let yaml = """
            sequences:
              countdown: { type: integer, increment: -1, owned_by: t.n }
            tables:
              t:
                columns:
                  id: { type: integer, primary_key: true }
                  n: { type: integer, default: { sql: "nextval('countdown'::regclass)" } }
                  period: { type: { sql: int4range }, nullable: true }
            """
        let schema = try Fixtures.yaml(yaml)
        #expect(schema.sequences == [SchemaSequence(name: "countdown", type: .integer, increment: -1, ownedBy: SequenceOwner(table: "t", column: "n"))])
        #expect(schema.sequences[0].minValue == Int64(Int32.min) && schema.sequences[0].start == -1)
        let decoded = try JSONDecoder().decode(Schema.self, from: JSONEncoder().encode(schema))
        #expect(decoded.sequences == schema.sequences)
        #expect(decoded.tables == schema.tables)
        // A snapshot from before `sequences:` has no such key, and one without sequences writes none.
        let plain = try Fixtures.yaml("tables:\n  t:\n    columns:\n      id: integer\n")
        let text = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!text.contains("sequences"))
        #expect(try JSONDecoder().decode(Schema.self, from: Data(text.utf8)).sequences == [])
    }
}
