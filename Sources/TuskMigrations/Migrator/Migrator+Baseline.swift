import Foundation
import Tusk
import TuskMigrator
import TuskSchema

extension Migrator {
    /// Adopts an existing database whose catalog already is what the migrations build: records
    /// every migration as applied without running it, after checking the live catalog against
    /// `snapshot` (the schema the migrations produce, `Generated/schema.snapshot.json`). Any
    /// drift refuses with `MigratorError.baselineDrift`, each difference listed.
    @discardableResult
    public func baseline(matching snapshot: Schema) async throws -> Report {
        try await baseline { connection in
            SchemaDrift.differences(expected: snapshot, actual: try await CatalogIntrospector.read(connection))
        }
    }
}

extension Database {
    /// `tusk migrate baseline` from code: records the migrations of a `Generated/` directory as
    /// applied on this database, which must already match its snapshot (see docs/adopting.md).
    @discardableResult
    public func baseline(generatedDirectory: URL) async throws -> Migrator.Report {
        let workspace = MigrationWorkspace(directory: generatedDirectory)
        let sources = try MigrationSource.load(directory: workspace.migrationsDirectory)
        let snapshot = try workspace.snapshot()
        let sum = try workspace.sum()
        return try await withConnection { connection in
            try await Migrator(connection: connection, migrations: sources, sum: sum).baseline(matching: snapshot)
        }
    }
}
