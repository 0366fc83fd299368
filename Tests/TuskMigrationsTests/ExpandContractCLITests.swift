import Foundation
import Testing
import TuskMigrations
import TuskSchema
import TuskTesting

/// `tusk migration new --expand-contract` (what `swift package generate-migration --expand-contract`
/// runs) in a scratch package, then `tusk migrate up` holding the contract back until `--contract`.
@Suite struct ExpandContractCLITests {
    static let before = "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_key: true }\n      body: text\n"
    static let after = "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_key: true }\n      content: { type: text, renamed_from: body }\n"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func writesBothHalvesAndTheMigratorHoldsTheContract() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-ec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let schemaFile = directory.appendingPathComponent("schema.yaml")
        let generated = directory.appendingPathComponent("Generated").path
        func run(_ arguments: String...) async throws -> CLITests.Run {
            try await CLITests.tusk(["migration", "new", "--schema", schemaFile.path, "--generated", generated] + arguments)
        }
        try Self.before.write(to: schemaFile, atomically: true, encoding: .utf8)
        #expect(try await run("--name", "notes").status == 0)
        try (Self.after + "      extra: text?\n").write(to: schemaFile, atomically: true, encoding: .utf8)
        let refused = try await run("--name", "content", "--expand-contract")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: expand/contract migrations hold only column renames and type changes;"))
        #expect(refused.stderr.contains("  add column notes.extra"))

        try Self.after.write(to: schemaFile, atomically: true, encoding: .utf8)
        let both = try await run("--name", "content", "--expand-contract", "--online")
        #expect(both.status == 1)
        #expect(both.stderr.hasPrefix("error: --online does not apply with --expand-contract"))
        let written = try await run("--name", "content", "--expand-contract", "--batch-size", "2")
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("Wrote ") }.count == 4)
        #expect(written.stdout.contains("_content_contract.sql (1 step)"))
        #expect(written.stderr.contains("warning: TK205"))
        #expect(try await run("--check").status == 0, "the snapshot is the contracted schema")
        #expect(try await run("--name", "again", "--expand-contract").stdout.hasPrefix("No changes"))

        try await withTestDatabase(.standard) { db in
            let target = ["--database-url", db.connectionString, "--generated", generated]
            let up = try await CLITests.tusk(["migrate", "up"] + target)
            #expect(up.status == 0, "\(up.stderr)")
            #expect(up.stdout.contains("_content_expand_3\nHeld back "))
            #expect(up.stdout.contains("run `tusk migrate up --contract` once every instance runs the new code"))
            try await db.execute("INSERT INTO notes (id, body) VALUES (1, 'old code')")
            try await db.execute("INSERT INTO notes (id, content) VALUES (2, 'new code')")
            #expect(try await db.query("SELECT body, content FROM notes ORDER BY id") == [["old code", "old code"], ["new code", "new code"]])
            let contract = try await CLITests.tusk(["migrate", "up", "--contract"] + target)
            #expect(contract.status == 0, "\(contract.stderr)")
            #expect(contract.stdout.hasSuffix("_content_contract\n"))
            #expect(try await db.query("SELECT content FROM notes ORDER BY id") == [["old code"], ["new code"]])
            #expect(try await CLITests.tusk(["migrate", "check"] + target).status == 0)
        }
    }
}
