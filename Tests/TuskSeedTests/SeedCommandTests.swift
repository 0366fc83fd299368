import Foundation
import Testing
import Tusk
import TuskMigrations
import TuskSchema
import TuskTesting

/// `tusk seed` as users run it: options, the printed report, exit codes and messages.
@Suite struct SeedCommandTests {
    /// Built next to the test bundle by `swift build --build-tests`.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tusk")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func seedsTheNamedTablesWithTheirCountsAndReportsBadInputWithExitOne() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("seed-\(UUID().uuidString).yaml")
        try SeedFixtureTests.league.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let schema = try SchemaLoader.load(file: file)
        try await withTestDatabase { database in
            try await database.execute(SQLScript(unsafeRaw: SchemaDDL.createScript(for: schema)))
            let arguments = ["seed", "--schema", file.path, "--database-url", database.url, "--seed", "4"]
            let run = try await ChildProcess.run(Self.executable, arguments + ["--rows", "30", "--table", "teams", "--table", "people=12"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("teams: 30 rows"))
            #expect(run.stdout.contains("people: 12 rows"))
            #expect(run.stdout.contains("42 rows in 2 tables"))
            #expect(try await database.query("SELECT count(*) FROM people") == [["12"]])

            let unknown = try await ChildProcess.run(Self.executable, arguments + ["--table", "players"])
            #expect(unknown.status == 1)
            #expect(unknown.stderr.hasPrefix("error: players: --table: no such table in the schema; fix: use one of: people, teams\n"))
            #expect(unknown.stderr.contains("nothing was inserted"))
            #expect(try await database.query("SELECT count(*) FROM people") == [["12"]])
        }
    }
}
