import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-migration --name add_tags`
///
/// Runs `tusk migration new` in the package directory: diffs schema.yaml against
/// Generated/schema.snapshot.json and writes Generated/Migrations/<version>_<name>.sql,
/// the snapshot and tusk.sum. Every argument is passed through (`--name`, `--allow-destructive`,
/// `--online`, `--expand-contract`, `--batch-size`, `--dry-run`, `--check`, `--schema`, `--generated`). No database, no network.
@main
struct GenerateMigration: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "tusk")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["migration", "new"] + arguments
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            throw GenerateMigrationError.failed(status: process.terminationStatus)
        }
    }
}

enum GenerateMigrationError: Error, CustomStringConvertible {
    case failed(status: Int32)
    var description: String { "generate-migration failed (tusk exited with status \(status)); see the messages above" }
    private var status: Int32 { if case .failed(let s) = self { s } else { 0 } }
}
