import Foundation
import Tusk

extension Database {
    /// Applies the pending migrations on one pooled connection, under the migration lock.
    /// Give the files (for example embedded by a build plugin) and, when available, tusk.sum.
    /// A pending contract migration (expand/contract) and those after it wait unless `includingContracts`.
    @discardableResult
    public func migrate(_ migrations: [MigrationSource], sum: TuskSum? = nil, includingContracts: Bool = false) async throws -> Migrator.Report {
        try await withConnection { connection in
            try await Migrator(connection: connection, migrations: migrations, sum: sum).up(includingContracts: includingContracts)
        }
    }

    /// Applies migrations given as (file name, contents), with tusk.sum's text when there is one:
    /// what the TuskGenerator plugin embeds (`db.migrate()` in the generated code calls this).
    @discardableResult
    public func migrate(embedded files: [(name: String, contents: String)], sum: String?, includingContracts: Bool = false) async throws -> Migrator.Report {
        let sources = try files.map { try MigrationSource(fileName: $0.name, contents: $0.contents) }
        return try await migrate(sources, sum: try sum.map { try TuskSum(text: $0) }, includingContracts: includingContracts)
    }
}
