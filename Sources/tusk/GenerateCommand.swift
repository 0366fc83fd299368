import ArgumentParser
import Foundation
import TuskCodegen

/// `tusk generate --output DIR [FILE]`: the Swift the TuskGenerator build plugin generates, written
/// to a directory of your choice (for builds without SwiftPM plugins, or to read the output).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate the Swift types for the schema into a directory.",
        discussion: """
            Writes \(CodeGenerator.outputFileNames.joined(separator: ", ")): per table a namespace \
            with Row, Insert, Patch, Columns, the row decoder and the query entry points, and a Swift \
            enum per schema enum. The code imports the Tusk runtime. Files whose bytes would not \
            change are left untouched. This is exactly what the TuskGenerator build plugin runs on \
            every build.
            """)

    @Option(name: .shortAndLong, help: "The directory for the generated files (created when missing).")
    var output: String

    @OptionGroup var schema: SchemaFileArgument

    func run() throws {
        let file = URL(fileURLWithPath: try schema.path())
        let written: [String]
        do {
            written = try SchemaFileGeneration.run(schemaFile: file, outputDirectory: URL(fileURLWithPath: output), warn: Console.error)
        } catch {
            Console.error(SchemaFileGeneration.errorLines(for: error, schemaFile: file).joined(separator: "\n"))
            throw ExitCode.failure
        }
        let unchanged = CodeGenerator.outputFileNames.count - written.count
        Console.output("Generated \(CodeGenerator.outputFileNames.count) files in \(output) (\(written.count) written, \(unchanged) unchanged)\n")
    }
}
