import Foundation
import Testing
import TuskMigrations

/// The `tusk` executable as users run it: exit codes, stdout, stderr.
@Suite struct CLITests {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// Built next to the test bundle by `swift build --build-tests`.
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tusk")

    static func tusk(_ arguments: String...) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func sqlPrintsTheCreateScript() throws {
        let run = try Self.tusk("sql", "schema.yaml")
        #expect(run.status == 0)
        #expect(run.stdout == SchemaDDL.createScript(for: try Fixtures.rootSchema()))
        #expect(run.stderr.isEmpty)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func validateReportsEveryProblemOnStderrAndExitsOne() throws {
        let good = try Self.tusk("validate", "schema.yaml")
        #expect(good.status == 0)
        #expect(good.stdout.contains("schema.yaml: ok"))
        let path = Fixtures.directory.appendingPathComponent("invalid.yaml").path
        let bad = try Self.tusk("validate", path)
        #expect(bad.status == 1)
        #expect(bad.stdout.isEmpty)
        #expect(bad.stderr.contains("invalid.yaml:4:"))
        #expect(bad.stderr.split(separator: "\n").count >= 2)
        let missing = try Self.tusk("sql", "no-such-file.yaml")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no-such-file.yaml:1:1: error: cannot read the schema file"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: executable.path)))
    func helpListsTheSubcommands() throws {
        let run = try Self.tusk("--help")
        #expect(run.status == 0)
        #expect(run.stdout.contains("validate"))
        #expect(run.stdout.contains("sql"))
    }
}
