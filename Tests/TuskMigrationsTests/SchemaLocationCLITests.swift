import Foundation
import Testing

/// `tusk` without a schema path finds it by the build plugin's rule (SchemaLocation).
@Suite struct SchemaLocationCLITests {
    /// A package directory with the given files (path -> contents); removed after `body`.
    func withPackage(_ files: [String: String], _ body: (URL) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-locate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try await body(root)
    }

    func tusk(in directory: URL, _ arguments: String...) async throws -> CLITests.Run {
        try await CLITests.tusk(arguments, in: directory)
    }

    static let schema = "tables:\n  notes:\n    columns:\n      id: { type: bigint, primary_key: true }\n"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func aTargetsSchemaIsFoundWithoutArguments() async throws {
        try await withPackage(["Package.swift": "", "Sources/App/main.swift": "", "Sources/App/schema.yaml": Self.schema]) { root in
            let run = try await tusk(in: root, "validate")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("Sources/App/schema.yaml: ok"))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func severalSchemasAreListedWithHowToChoose() async throws {
        try await withPackage(["Sources/App/schema.yaml": Self.schema, "Sources/Worker/schema.yaml": Self.schema]) { root in
            let run = try await tusk(in: root, "migration", "new", "--dry-run")
            #expect(run.status == 1)
            #expect(run.stderr.contains("Sources/App/schema.yaml") && run.stderr.contains("Sources/Worker/schema.yaml"))
            #expect(run.stderr.contains("--schema PATH"))
            let chosen = try await tusk(in: root, "sql", "--schema", "Sources/Worker/schema.yaml")
            #expect(chosen.status == 0, "\(chosen.stderr)")
            #expect(chosen.stdout.contains("notes"))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: CLITests.executable.path)))
    func noSchemaNamesEveryPathTried() async throws {
        try await withPackage(["Sources/App/main.swift": ""]) { root in
            let run = try await tusk(in: root, "sql")
            #expect(run.status == 1)
            #expect(run.stderr.contains("Sources/App/**/schema.yaml") && run.stderr.contains(root.path + "/schema.yaml"))
        }
    }
}
