import Foundation
import Testing
import TuskCodegen

/// `tusk queries` on a real (throwaway) server: what it records, `--check` on a stale file, and
/// a query that a schema change broke, reported as file.sql:LINE:COL with the server's message.
@Suite struct QueriesCLITests {
    static let schema = """
        tables:
          notes:
            columns:
              id:   { type: bigint, primary_key: true, identity: true }
              body: text
              note: text?

        """
    static let notes = """
        -- name: ListNotes :many
        SELECT id, body, note, length(body) AS len, body AS "b?", note AS "n!"
        FROM notes WHERE id > @after ORDER BY id

        """

    /// A package directory with schema.yaml and notes.sql; removed afterwards.
    func withPackage(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-queries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.schema.write(to: directory.appendingPathComponent("schema.yaml"), atomically: true, encoding: .utf8)
        try Self.notes.write(to: directory.appendingPathComponent("notes.sql"), atomically: true, encoding: .utf8)
        try await body(directory)
    }

    func queries(_ directory: URL, _ extra: String...) async throws -> CLITests.Run {
        try await CLITests.tusk(["queries", directory.appendingPathComponent("schema.yaml").path,
                           "--generated", directory.appendingPathComponent("Generated").path] + extra)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func recordsTypesAndNullabilityThenChecksStaleness() async throws {
        try await withPackage { directory in
            let run = try await queries(directory)
            #expect(run.status == 0, "\(run.stderr)")
            let catalog = try QueryCatalog.decode(Data(contentsOf: directory.appendingPathComponent("Generated/queries.json")))
            let query = try #require(catalog.queries.first)
            #expect(query.sql == "SELECT id, body, note, length(body) AS len, body AS \"b?\", note AS \"n!\"\nFROM notes WHERE id > $1 ORDER BY id")
            #expect(query.parameters == [.init(name: "after", type: "int8")])
            // NOT NULL table columns; a nullable one; computed (nullable); the two overrides.
            #expect(query.columns == [
                .init(name: "id", type: "int8", nullable: false), .init(name: "body", type: "text", nullable: false),
                .init(name: "note", type: "text", nullable: true), .init(name: "len", type: "int4", nullable: true),
                .init(name: "b", type: "text", nullable: true), .init(name: "n", type: "text", nullable: false),
            ])
            #expect(try await queries(directory, "--check").status == 0)

            try (Self.notes + "-- name: CountNotes :one\nSELECT count(*) AS n FROM notes\n")
                .write(to: directory.appendingPathComponent("notes.sql"), atomically: true, encoding: .utf8)
            let stale = try await queries(directory, "--check")
            #expect(stale.status == 1)
            #expect(stale.stderr.contains("queries.json is older than the .sql files: run `tusk queries` and commit it"), "\(stale.stderr)")

            #expect(try await queries(directory).status == 0)
            #expect(try await queries(directory, "--check").status == 0)
            try Self.schema.replacingOccurrences(of: "note: text?", with: "note: text?\n      pinned: { type: boolean, default: false }")
                .write(to: directory.appendingPathComponent("schema.yaml"), atomically: true, encoding: .utf8)
            let otherSchema = try await queries(directory, "--check")
            #expect(otherSchema.status == 1)
            #expect(otherSchema.stderr.contains("queries.json was written for another schema"), "\(otherSchema.stderr)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func aQueryTheSchemaBrokeFailsWithFileLineColumn() async throws {
        try await withPackage { directory in
            #expect(try await queries(directory).status == 0)
            try Self.schema.replacingOccurrences(of: "note: text?", with: "remark: { type: text, nullable: true, renamed_from: note }")
                .write(to: directory.appendingPathComponent("schema.yaml"), atomically: true, encoding: .utf8)
            let broken = try await queries(directory, "--check")
            #expect(broken.status == 1)
            #expect(broken.stderr == "notes.sql:2:18: error: ListNotes: column \"note\" does not exist (SQLSTATE 42703)\n")
            // Without --check nothing is written either.
            #expect(try await queries(directory).status == 1)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func aTypeWithoutASwiftTypeIsAnError() async throws {
        try await withPackage { directory in
            try "-- name: Where :one\nSELECT point(1, 2) AS p, 1 AS \"n!\"\n"
                .write(to: directory.appendingPathComponent("notes.sql"), atomically: true, encoding: .utf8)
            let run = try await queries(directory)
            #expect(run.status == 1)
            #expect(run.stderr == "notes.sql:1:1: error: Where: column p has type point, which Tusk has no Swift type for; cast it in the SQL (e.g. ::text)\n")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("Generated/queries.json").path))
        }
    }
}
