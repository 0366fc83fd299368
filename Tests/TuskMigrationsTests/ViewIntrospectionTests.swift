import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// Views and materialized views read back from a real PostgreSQL 15: kind, columns as the
/// server reports them (every one nullable), a materialized view's indexes; what
/// `tusk introspect` writes loads back to the same views; drift names a view changed by hand.
@Suite struct ViewIntrospectionTests {
    static let yaml = schema(Evolutions.messages) + Evolutions.views(Evolutions.totals, Evolutions.stats)

    @Test func viewsReadBackAndDriftNamesAViewChangedByHand() async throws {
        let declared = try SchemaLoader.parse(yaml: Self.yaml, fileName: "views.yaml")
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: declared)))
            let found = try await introspect(db)
            #expect(found.views.map(\.name) == ["stats", "totals"])
            #expect(found.views.map(\.isMaterialized) == [true, false])
            #expect(found.view(named: "stats")?.indexes == declared.view(named: "stats")?.indexes)
            #expect(found.views.map { $0.columns.map(\.type) } == declared.views.map { $0.columns.map(\.type) })
            // The server keeps no NOT NULL for a view's columns; the declaration is the contract.
            #expect(found.views.allSatisfy { $0.columns.allSatisfy(\.isNullable) })
            #expect(SchemaDrift.differences(expected: declared, actual: found) == [])

            let written = SchemaYAMLWriter.render(found)
            #expect(try SchemaLoader.parse(yaml: written, fileName: "introspected.yaml").views == found.views, "\(written)")

            try await db.execute(SQLScript(unsafeRaw: "DROP VIEW totals; CREATE VIEW totals AS SELECT user_id::text AS user_id FROM messages;"))
            try await db.execute(SQLScript(unsafeRaw: "DROP INDEX stats_user_id_idx;"))
            #expect(SchemaDrift.differences(expected: declared, actual: try await introspect(db)) == [
                #"indexes of view stats: expected ["stats_user_id_idx unique btree [\"user_id\"]"], found []"#,
                #"columns of view totals: expected ["user_id integer", "n bigint"], found ["user_id text"]"#,
            ])
        }
    }
}
