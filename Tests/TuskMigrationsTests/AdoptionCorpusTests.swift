import Foundation
import Testing
import TuskCodegen
import TuskMigrations
import TuskSchema
import Tusk
import TuskTesting

/// Issue 16, item 8: databases written in plain SQL (Fixtures/Adoption/*.sql) are introspected,
/// the YAML `tusk introspect` prints is validated, `tusk sql` of it builds a fresh database, and
/// that database has the same catalog for everything Tusk manages; what it does not manage is
/// exactly what the fixture's `-- left out:` lines name (`-- before tusk sql:` lines create what
/// the tables need but Tusk does not manage). On PostgreSQL 15 and 16.
@Suite struct AdoptionCorpusTests {
    static let directory = Fixtures.directory.appendingPathComponent("Adoption")

    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".sql") }.sorted()
    }()

    @Test func theCorpusHasTenCatalogsAtLeast() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures, [PostgresFlavor.standard, .pgvector])
    func introspectValidateRebuild(fixture: String, flavor: PostgresFlavor) async throws {
        let sql = try String(contentsOf: Self.directory.appendingPathComponent(fixture), encoding: .utf8)
        let expectedLeftOut = sql.split(separator: "\n").compactMap { line in
            line.hasPrefix("-- left out: ") ? String(line.dropFirst("-- left out: ".count)) : nil
        }
        // Objects Tusk does not create but the tables use (a composite type, a function in a
        // default), created by hand first, as the report tells a user to.
        let prerequisites = sql.split(separator: "\n").compactMap { line in
            line.hasPrefix("-- before tusk sql: ") ? String(line.dropFirst("-- before tusk sql: ".count)) : nil
        }
        let (original, introspection) = try await withTestDatabase(flavor) { db in
            try await db.execute(SQLScript(unsafeRaw: sql))
            let introspection = try await introspectReporting(db)
            return (try await ManagedCatalog.read(db, leaving: introspection.report), introspection)
        }
        #expect(introspection.report.entries.map(\.description).sorted() == expectedLeftOut.sorted(),
                "the left-out list of \(fixture) differs")

        let yaml = SchemaYAMLWriter.render(introspection.schema)
        let reloaded: Schema
        do {
            reloaded = try SchemaLoader.parse(yaml: yaml, fileName: "\(fixture).yaml")
        } catch {
            Issue.record("tusk validate rejects what tusk introspect wrote for \(fixture): \(error)\n\(yaml)")
            return
        }
        #expect(throws: Never.self, "the generated Swift of \(fixture)") { try CodeGenerator.generate(reloaded) }
        try await withTestDatabase(flavor) { db in
            for statement in prerequisites { try await db.execute(SQLScript(unsafeRaw: statement)) }
            try await db.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: reloaded)))
            let rebuilt = try await ManagedCatalog.read(db, leaving: introspection.report)
            let missing = original.filter { !rebuilt.contains($0) }, extra = rebuilt.filter { !original.contains($0) }
            #expect(missing.isEmpty && extra.isEmpty, "\(fixture): tusk sql builds a different catalog\nmissing:\n\(missing.joined(separator: "\n"))\nextra:\n\(extra.joined(separator: "\n"))\n\(yaml)")
            // Introspecting the rebuilt database gives the same schema: nothing to migrate.
            let again = try await introspectReporting(db)
            #expect(MigrationPlanner.plan(from: reloaded, to: again.schema).isEmpty, "\(fixture) does not converge")
            #expect(SchemaDrift.differences(expected: reloaded, actual: again.schema) == [])
        }
    }
}
