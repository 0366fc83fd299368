import Foundation
import Tusk

extension Database {
    /// Applies the pending migrations on one pooled connection, under the migration lock.
    /// Give the files (for example embedded by a build plugin) and, when available, tusk.sum.
    @discardableResult
    public func migrate(_ migrations: [MigrationSource], sum: TuskSum? = nil) async throws -> Migrator.Report {
        try await withConnection { connection in
            try await Migrator(connection: connection, migrations: migrations, sum: sum).up()
        }
    }

    /// Applies the pending migrations of a `Generated/` directory (its `Migrations/` and `tusk.sum`).
    @discardableResult
    public func migrate(generatedDirectory: URL) async throws -> Migrator.Report {
        let workspace = MigrationWorkspace(directory: generatedDirectory)
        return try await migrate(MigrationSource.load(directory: workspace.migrationsDirectory), sum: workspace.sum())
    }
}
