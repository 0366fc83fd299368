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
        // Migrations to embed for db.migrate(), and the typed SQL catalog: the Generated
        // directory generate-migration and `tusk queries` write for this schema (see
        // `generatedDirectory(for:in:)`).
        // Not listed as inputs: SwiftPM keeps a plugin's planned inputs, so a listed file deleted later
        // (a branch switch, `rm -rf Generated`) would fail every build with "missing inputs".
        // Instead `tusk migration new` touches schema.yaml after writing, which re-runs the tool,
        // and a checkout or merge that brings migrations changes schema.yaml too.
        let generated = Self.generatedDirectory(for: schema, in: context.package)
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

    /// `<package>/Generated` when `schema` is the package's schema (the one the commands find
    /// over the targets under Sources/: the root schema.yaml, or a single target's own, as in
    /// Examples/AgentService); for any other schema (a test target with a schema.yaml of its
    /// own), the Generated directory beside it, so it never embeds another schema's migrations
    /// or typed SQL.
    static func generatedDirectory(for schema: URL, in package: Package) -> URL {
        let packageGenerated = package.directoryURL.appendingPathComponent("Generated")
        let sources = package.directoryURL.appendingPathComponent("Sources").standardizedFileURL.path + "/"
        let targets = package.targets.compactMap { $0 as? SourceModuleTarget }
            .filter { target in target.sourceFiles.contains { $0.url.standardizedFileURL.path.hasPrefix(sources) } }
            .map { (name: $0.name, files: $0.sourceFiles.map(\.url)) }
        guard let packageSchema = try? SchemaLocation.find(packageDirectory: package.directoryURL, targets: targets),
            packageSchema.standardizedFileURL.path != schema.standardizedFileURL.path
        else { return packageGenerated }
        return schema.deletingLastPathComponent().appendingPathComponent("Generated")
    }
}
