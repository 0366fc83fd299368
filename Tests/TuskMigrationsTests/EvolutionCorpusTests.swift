import Testing
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// Every evolution of the corpus on a real PostgreSQL 15: the before schema plus the up
/// migration gives the catalog of the after schema created directly; the down migration gives
/// the before catalog back; seeded rows survive; the introspected models agree.
@Suite struct EvolutionCorpusTests {
    @Test(arguments: Evolutions.all)
    func upMatchesDirectCreationAndDownGoesBack(_ evolution: Evolution) async throws {
        let (before, after) = try evolution.schemas()
        let plan = MigrationPlanner.plan(from: before, to: after, options: evolution.options)
        let (direct, directModel) = try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: after)))
            let dump = try await CatalogDump.read(db, columnOrder: false)
            #expect(dump.viewColumnMismatches(after) == [], "declared view columns differ from the server's")
            return (dump, try await introspect(db).ignoringColumnOrder)
        }
        try await withTestDatabase(.standard) { db in
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: before)))
            let original = try await CatalogDump.read(db, columnOrder: false)
            if let seed = evolution.seed { try await db.execute(SQLScript(unsafeRaw: seed)) }
            var rowsBefore: [[String?]]? = nil
            if let query = evolution.dataBefore { rowsBefore = try await db.query(SQLScript(unsafeRaw: query)) }
            // The header's queries for the rows that would make a step fail run on the database
            // as it is before the migration, and find none on data the migration accepts.
            for query in plan.hazards.compactMap(\.offendingRowsQuery) {
                #expect(try await db.query(SQLScript(unsafeRaw: query)) == [], "\(query)")
            }

            // Each segment is one migration: its own transaction, or none for CONCURRENTLY.
            for segment in plan.segments { try await db.execute(SQLScript(unsafeRaw: segment.upSQL())) }
            let migrated = try await CatalogDump.read(db, columnOrder: false)
            #expect(migrated == direct, "up differs from direct creation:\n\(migrated.difference(from: direct))")
            // The same through introspected models, and convergence: diffing the migrated
            // database against the directly created one finds nothing to do.
            let migratedModel = try await introspect(db).ignoringColumnOrder
            #expect(migratedModel == directModel)
            #expect(MigrationPlanner.plan(from: migratedModel, to: directModel).isEmpty)
            if let query = evolution.dataAfter {
                #expect(try await db.query(SQLScript(unsafeRaw: query)) == rowsBefore, "rows changed")
            }

            for segment in plan.segments.reversed() { try await db.execute(SQLScript(unsafeRaw: segment.downSQL())) }
            let restored = try await CatalogDump.read(db, columnOrder: false)
            #expect(restored == original, "down does not restore the before catalog:\n\(restored.difference(from: original))")
        }
    }
}
