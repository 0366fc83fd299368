import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// `tusk sql` applied to real servers: the catalog read back matches the schema, and equals
/// the catalog of equivalent hand-written SQL that leaves every name to PostgreSQL.
@Suite struct DDLCatalogTests {
    @Test func rootSchemaOnPostgres16WithPgvector() async throws {
        let schema = try Fixtures.rootSchema()
        try await check(schema: schema, handWritten: Fixtures.text("schema.handwritten.sql"), flavor: .pgvector)
    }

    @Test func focusedSchemaOnPostgres15() async throws {
        try await check(schema: Fixtures.schema("focused.yaml"), handWritten: Fixtures.text("focused.handwritten.sql"), flavor: .standard)
    }

    private func check(schema: Schema, handWritten: String, flavor: PostgresFlavor) async throws {
        let byTusk = try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: schema)))
            let dump = try await CatalogDump.read(db)
            try assertMatches(dump, schema)
            return dump
        }
        let byHand = try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: handWritten))
            return try await CatalogDump.read(db)
        }
        #expect(byTusk == byHand, "tusk sql and hand-written SQL differ:\n\(byTusk.difference(from: byHand))")
    }

    /// Every table, column (type, nullability, default present, identity), constraint and
    /// index of the model is in the catalog under its resolved name, and nothing else is.
    private func assertMatches(_ dump: CatalogDump, _ schema: Schema) throws {
        let enums = Set(schema.enums.map(\.name))
        #expect(dump.lines(startingWith: "table").count == schema.tables.count)
        var constraintNames: [String] = []
        var indexNames: [String] = []
        for table in schema.tables {
            let columns = dump.lines(startingWith: "column").map { $0.components(separatedBy: " | ") }
                .filter { $0[0] == "column \(table.name)" }
            #expect(columns.count == table.columns.count, "columns of \(table.name)")
            for (position, column) in table.columns.enumerated() {
                guard let row = columns.first(where: { $0[1] == String(position + 1) }) else {
                    Issue.record("column \(table.name).\(column.name) missing"); continue
                }
                #expect(row[2] == column.name)
                let parsed = try SQLType.parse(row[3], enumNames: enums).get().type
                #expect(parsed == column.type, "type of \(table.name).\(column.name): \(row[3])")
                #expect(row[4] == (column.isNullable ? "NULL" : "NOT NULL"), "nullability of \(table.name).\(column.name)")
                #expect(row[5] == (column.identity == .always ? "a" : column.identity == .byDefault ? "d" : ""), "identity of \(table.name).\(column.name)")
                #expect(row[6] == (column.generated == nil ? "" : "s"), "generation of \(table.name).\(column.name)")
                #expect((row[7] != "∅") == (column.defaultValue != nil || column.generated != nil), "default or expression of \(table.name).\(column.name)")
            }
            constraintNames += (table.primaryKey.map { [$0.name] } ?? []) + table.uniqueConstraints.map(\.name)
                + table.checks.map(\.name) + table.foreignKeys.map(\.name)
            indexNames += (table.primaryKey.map { [$0.name] } ?? []) + table.uniqueConstraints.map(\.name) + table.indexes.map(\.name)
        }
        // Views: the declared columns are what the server computed from each SELECT.
        #expect(dump.lines(startingWith: "view").count - dump.lines(startingWith: "view column").count == schema.views.count)
        #expect(dump.viewColumnMismatches(schema) == [])
        indexNames += schema.views.flatMap { $0.indexes.map(\.name) }
        let catalogConstraints = dump.lines(startingWith: "constraint").map { $0.components(separatedBy: " | ")[1] }
        #expect(catalogConstraints.sorted() == constraintNames.sorted())
        let catalogIndexes = dump.lines(startingWith: "index").map { $0.dropFirst("index ".count).components(separatedBy: " | ")[0] }
        #expect(catalogIndexes.sorted() == indexNames.sorted())
    }
}
