import Foundation
import Tusk
import TuskMigrations

/// `/migrations`: each migration's state as `tusk migrate status` computes it (the migrator's
/// ``Migrator/status()``: applied, pending, failed, edited — its checksum differs from the applied
/// one —, missing file), the drift `tusk migrate check` reports (the catalog against
/// Generated/schema.snapshot.json), and the SQL of each migration.
struct MigrationsPage {
    let app: StudioApp

    func render() async throws -> String {
        let workspace = MigrationWorkspace(directory: app.generatedDirectory)
        var body = "<h1>Migrations</h1><p class=\"muted\">\(HTML.escape(workspace.migrationsDirectory.path))</p>"
        let sources: [MigrationSource]
        do {
            sources = try MigrationSource.load(directory: workspace.migrationsDirectory)
        } catch {
            return app.page("Migrations", body + HTML.message("error", "The migration files could not be read: \(error)"))
        }
        let sum = try? workspace.sum()
        let states = try await app.db.withConnection { connection in
            try await Migrator(connection: connection, migrations: sources, sum: sum).status()
        }
        var counts: [String: Int] = [:]
        for state in states { counts[state.state.rawValue, default: 0] += 1 }
        body += "<p id=\"migration-summary\">" + counts.keys.sorted().map { "\(counts[$0]!) \($0)" }.joined(separator: ", ") + "</p>"
        body += "<table id=\"migrations\"><tr><th>State</th><th>Migration</th></tr>"
        for (id, state) in states {
            let sql = sources.first { $0.id == id }.map { "<details><summary>SQL</summary><pre>\(HTML.escape($0.contents))</pre></details>" } ?? ""
            body += "<tr class=\"state-\(HTML.escape(state.rawValue.replacingOccurrences(of: " ", with: "-")))\"><td>\(HTML.escape(state.rawValue))</td><td>\(HTML.escape(id))\(sql)</td></tr>"
        }
        body += "</table><h2>Drift</h2>"
        do {
            let expected = try workspace.snapshot()
            let actual = try await CatalogIntrospector.read(app.db)
            let drift = SchemaDrift.differences(expected: expected, actual: actual)
            body += drift.isEmpty
                ? HTML.message("ok", "The database matches Generated/schema.snapshot.json.")
                : HTML.message("notice", "The database differs from Generated/schema.snapshot.json:\n" + drift.joined(separator: "\n"))
        } catch {
            body += HTML.message("error", "Drift could not be computed: \(error)")
        }
        return app.page("Migrations", body)
    }
}
