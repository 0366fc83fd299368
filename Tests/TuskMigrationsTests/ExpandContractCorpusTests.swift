import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// The expand/contract evolutions on a real PostgreSQL 15, through the generated files and the
/// migrator: before + expand + contract gives the catalog of the after schema created directly
/// (and no trigger or function is left), re-diffing finds nothing, each down goes back one
/// state (contract's down to the expanded catalog, expand's down to the before catalog), and
/// the seeded rows survive every step.
@Suite struct ExpandContractCorpusTests {
    @Test(arguments: Evolutions.expandContract)
    func expandThenContractMatchesDirectCreationAndDownsGoBack(_ evolution: Evolution) async throws {
        let (before, after) = try evolution.schemas()
        let run = try ExpandContractRun(from: before, to: after, batchSize: 10)
        let (direct, directModel) = try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: after)))
            return (try await CatalogDump.readSchema(db), try await introspect(db).ignoringColumnOrder)
        }
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: before)))
            let original = try await CatalogDump.readSchema(db)
            if let seed = evolution.seed { try await db.execute(SQLScript(unsafeRaw: seed)) }
            let rowsBefore = try await db.query(SQLScript(unsafeRaw: try #require(evolution.dataBefore)))
            let dataAfter = try #require(evolution.dataAfter)

            try await run.withMigrator(db) { migrator in
                let expanded = try await migrator.up()
                #expect(expanded.ran == run.expand.map(\.id))
                #expect(expanded.heldBack == run.contract.first?.id)
                let window = try await CatalogDump.readSchema(db)
                #expect(try await syncObjects(db).count == 2, "expand installs one trigger and its function")

                #expect(try await migrator.up(includingContracts: true).ran == run.contract.map(\.id))
                let migrated = try await CatalogDump.readSchema(db)
                #expect(migrated == direct, "expand + contract differs from direct creation:\n\(migrated.difference(from: direct))")
                #expect(try await syncObjects(db) == [])
                let model = try await introspect(db).ignoringColumnOrder
                #expect(model == directModel)
                #expect(MigrationPlanner.plan(from: model, to: directModel).isEmpty)
                #expect(try await db.query(SQLScript(unsafeRaw: dataAfter)) == rowsBefore, "rows changed")

                #expect(try await migrator.down(steps: run.contract.count).ran == run.contract.map(\.id))
                let reopened = try await CatalogDump.readSchema(db)
                #expect(reopened == window, "contract's down does not restore the expanded catalog:\n\(reopened.difference(from: window))")
                #expect(try await syncObjects(db).count == 2)

                #expect(try await migrator.down(steps: run.expand.count).ran == run.expand.map(\.id).reversed())
                let restored = try await CatalogDump.readSchema(db)
                #expect(restored == original, "expand's down does not restore the before catalog:\n\(restored.difference(from: original))")
                #expect(try await syncObjects(db) == [])
                #expect(try await db.query(SQLScript(unsafeRaw: try #require(evolution.dataBefore))) == rowsBefore, "rows changed by the downs")
            }
        }
    }
}
