import Foundation
import PackagePlugin

/// Build-tool plugin: turns the target's `schema.yaml` into Swift (Row, Insert, Patch, Columns, enums, queries)
/// in the plugin work directory, compiled into the target.
///
/// The schema is found by `SchemaLocation` (SchemaLocation.swift, shared with TuskSchema): `schema.yaml` inside the target's directory (one; any depth), else the one at
/// the package root. The tool `tusk-codegen` (TuskSchema + TuskCodegen only: no database, no
/// network) writes a fixed set of files, rewriting one only when its bytes change.
@main
struct TuskGenerator: BuildToolPlugin {
    /// Must match `CodeGenerator.outputFileNames` (a test in TuskCodegenTests checks it): a
    /// build command names its outputs before the tool runs, and plugins cannot import TuskCodegen.
    /// Must match `MigrationEmbedding.fileName`: the embedded Generated/Migrations for db.migrate().
    static let migrationsFileName = "TuskGenerated+Migrations.swift"
    /// Must match `SQLQueriesGenerator.fileName`: the typed functions of Generated/queries.json.
    static let sqlQueriesFileName = "TuskGenerated+SQLQueries.swift"
    static let outputFileNames = ["TuskGenerated+Enums.swift", "TuskGenerated+Queries.swift", "TuskGenerated+Support.swift", "TuskGenerated+Tables.swift"]

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let schema = try SchemaLocation.find(
            targetName: target.name, targetFiles: target.sourceFiles.map(\.url),
            packageDirectory: context.package.directoryURL)
        let outputDirectory = context.pluginWorkDirectoryURL.appendingPathComponent("TuskGenerated")
        // Migrations to embed for db.migrate(): the Generated directory beside the schema
        // (<package>/Generated for the root schema.yaml), written by generate-migration. A target
        // with a schema.yaml of its own never embeds the root schema's migrations or typed SQL.
        // Not listed as inputs: SwiftPM keeps a plugin's planned inputs, so a listed file deleted later
        // (a branch switch, `rm -rf Generated`) would fail every build with "missing inputs".
        // Instead `tusk migration new` touches schema.yaml after writing, which re-runs the tool,
        // and a checkout or merge that brings migrations changes schema.yaml too.
        let generated = schema.deletingLastPathComponent().appendingPathComponent("Generated")
        // Generated/queries.json (`tusk queries`) is an input when it exists, so a checkout or a
        // `tusk queries` run that changes it regenerates the typed SQL functions.
        let queryCatalog = generated.appendingPathComponent("queries.json")
        let catalogInputs = FileManager.default.fileExists(atPath: queryCatalog.path) ? [queryCatalog] : []
        return [
            .buildCommand(
                displayName: "Tusk: generating Swift for \(target.name) from \(schema.path)",
                executable: try context.tool(named: "tusk-codegen").url,
                arguments: [schema.path, outputDirectory.path, generated.path],
                inputFiles: [schema] + catalogInputs,
                outputFiles: (Self.outputFileNames + [Self.migrationsFileName, Self.sqlQueriesFileName]).map { outputDirectory.appendingPathComponent($0) }),
        ]
    }
}
