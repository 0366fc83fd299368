import Foundation
import Tusk
import TuskMigrator

extension Database {
    /// Applies the pending migrations of a `Generated/` directory (its `Migrations/` and `tusk.sum`).
    @discardableResult
    public func migrate(generatedDirectory: URL) async throws -> Migrator.Report {
        let workspace = MigrationWorkspace(directory: generatedDirectory)
        return try await migrate(MigrationSource.load(directory: workspace.migrationsDirectory), sum: workspace.sum())
    }
}
