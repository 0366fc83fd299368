import Foundation
import TuskSchema

/// The one path from a schema file to generated files on disk, shared by the build plugin's
/// tool (`tusk-codegen`) and `tusk generate`, so both always write the same bytes.
public enum SchemaFileGeneration {
    /// Loads and validates `schemaFile`, generates the fixed file set and writes the files
    /// whose bytes changed. Returns the names written.
    /// Throws `SchemaError` (every diagnostic, `file:line:col`) or `CodegenError`.
    /// With `generatedDirectory` (the build plugin passes `<package>/Generated`), also writes
    /// `MigrationEmbedding.fileName` embedding its migrations for `db.migrate()`, and
    /// `SQLQueriesGenerator.fileName` from its `queries.json` (`tusk queries`).
    /// Warnings (`file:line:col: warning: ...`) go to `warn`; they never stop generation.
    @discardableResult
    public static func run(
        schemaFile: URL, outputDirectory: URL, generatedDirectory: URL? = nil, warn: (String) -> Void = { _ in }
    ) throws -> [String] {
        let (schema, warnings) = try SchemaLoader.loadReportingWarnings(file: schemaFile)
        for warning in warnings { warn(warning.description) }
        var files = try CodeGenerator.generate(schema, sourceName: schemaFile.lastPathComponent)
        if let generatedDirectory {
            let access: SwiftAccess = schema.swift.access == .public ? .public : .internal
            files.append(try MigrationEmbedding.file(generatedDirectory: generatedDirectory, access: access, sourceName: schemaFile.lastPathComponent))
            files.append(try SQLQueriesGenerator.file(
                catalog: try queryCatalog(in: generatedDirectory), schema: schema.withoutOpaqueColumns, access: access,
                sourceName: schemaFile.lastPathComponent))
        }
        return try GeneratedFileWriter.write(files, to: outputDirectory)
    }

    /// `Generated/queries.json`, or nil when the package has no typed SQL files.
    static func queryCatalog(in generatedDirectory: URL) throws -> QueryCatalog? {
        let file = generatedDirectory.appendingPathComponent(QueryCatalog.fileName)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        do {
            return try QueryCatalog.decode(Data(contentsOf: file))
        } catch {
            throw CodegenError(problems: ["\(file.path) cannot be read (\(error)); run `tusk queries` to write it again"])
        }
    }

    /// The lines to print on stderr for an error `run` threw: diagnostics as
    /// `file:line:col: error: ...`, naming problems as `file: error: ...`.
    public static func errorLines(for error: any Error, schemaFile: URL) -> [String] {
        switch error {
        case let error as SchemaError: error.diagnostics.map(\.description)
        case let error as CodegenError: error.problems.map { "\(schemaFile.relativePath): error: \($0)" }
        default: ["\(schemaFile.relativePath): error: \(error)"]
        }
    }
}
