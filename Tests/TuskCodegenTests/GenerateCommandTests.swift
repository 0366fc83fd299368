import Foundation
import Testing
import TuskCodegen
import TuskSchema
import TuskTesting

/// `tusk generate --output DIR SCHEMA` as users run it: the same files the plugin's tool writes.
@Suite struct GenerateCommandTests {
    /// Built next to the test bundle by `swift build --build-tests`.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tusk")
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func tusk(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let run = try await ChildProcess.run(executable, arguments, currentDirectory: packageRoot)
        return (run.status, run.stdout, run.stderr)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func writesWhatThePluginGenerates() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-generate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let first = try await Self.tusk(["generate", "--output", output.path, "schema.yaml"])
        #expect(first.status == 0, "\(first.stderr)")
        let count = CodeGenerator.outputFileNames.count
        #expect(first.stdout == "Generated \(count) files in \(output.path) (\(count) written, 0 unchanged)\n")
        let expected = try CodeGenerator.generate(try SchemaLoader.load(file: Self.packageRoot.appendingPathComponent("schema.yaml")))
        for file in expected {
            #expect(try String(contentsOf: output.appendingPathComponent(file.name), encoding: .utf8) == file.contents, "\(file.name)")
        }
        let again = try await Self.tusk(["generate", "-o", output.path, "schema.yaml"])
        #expect(again.stdout.hasSuffix("(0 written, \(count) unchanged)\n"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func schemaErrorsGoToStderrWithExitStatusOne() async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tusk-generate-\(UUID().uuidString)")
        let run = try await Self.tusk(["generate", "--output", output.path, "no-such-file.yaml"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no-such-file.yaml:1:1: error: cannot read the schema file"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
        let missingOption = try await Self.tusk(["generate", "schema.yaml"])
        #expect(missingOption.status != 0)
        #expect(missingOption.stderr.contains("--output"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func helpDescribesTheOutput() async throws {
        let run = try await Self.tusk(["generate", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("--output"))
        #expect(run.stdout.contains("TuskGenerator"))
    }
}
