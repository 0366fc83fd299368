import ArgumentParser
import Foundation
import TuskMigrations
import TuskSchema

/// `tusk migration ...`: writing migration files.
struct MigrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migration",
        abstract: "Write SQL migrations from the changes in schema.yaml.",
        subcommands: [NewMigrationCommand.self])
}

/// `tusk migration new --name add_tags`: what `swift package generate-migration` runs.
struct NewMigrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Diff schema.yaml against Generated/schema.snapshot.json and write the migration.",
        discussion: """
            Writes Generated/Migrations/<UTC yyyyMMddHHmmss>_<name>.sql (more than one file when --online \
            needs statements outside a transaction), then updates Generated/schema.snapshot.json and \
            Generated/tusk.sum. With --expand-contract, column renames and type changes become \
            <name>_expand files and a <name>_contract file (see docs/migrations.md). With no changes it says so and writes nothing. Exit 1 on errors, on \
            destructive changes without --allow-destructive, and with --check when a migration is missing.
            """)

    @Option(help: "The migration's name: lower-case letters, digits and underscores.")
    var name: String = "migration"

    @Option(help: "The schema file (default: found as the build plugin finds it: the target's schema.yaml, else the package root's).")
    var schema: String?

    @Option(help: "The directory holding Migrations/, schema.snapshot.json and tusk.sum.")
    var generated: String = "Generated"

    @Flag(help: "Allow steps that lose data (drop table or column, narrowing types, removing enum values, SET NOT NULL).")
    var allowDestructive = false

    @Flag(help: "Write lock-friendly forms: CREATE INDEX CONCURRENTLY, NOT VALID then VALIDATE.")
    var online = false

    @Flag(help: "Write column renames and type changes as two migrations that running code survives: <name>_expand (new column, sync trigger, batched backfill) and <name>_contract (applied after the deploy with `tusk migrate up --contract`).")
    var expandContract = false

    @Option(help: "With --expand-contract: rows per backfill batch (each batch commits on its own).")
    var batchSize: Int = ExpandContractPlanner.defaultBatchSize

    @Flag(help: "Print the migration instead of writing it.")
    var dryRun = false

    @Flag(help: "Write nothing; exit 1 when schema.yaml has changes without a migration or tusk.sum does not match (for CI).")
    var check = false

    func run() throws {
        if expandContract && online {
            Console.error("error: --online does not apply with --expand-contract, whose steps are lock-friendly already (indexes CONCURRENTLY, checks NOT VALID then validated, the backfill in batches)")
            throw ExitCode.failure
        }
        let schema = try SchemaFileArgument(file: self.schema).path()
        let target = try SchemaFileArgument(file: schema).load()
        let workspace = MigrationWorkspace(directory: URL(fileURLWithPath: generated))
        do {
            let problems = try workspace.verify()
            if !problems.isEmpty {
                Console.error("error: the migrations do not match \(workspace.sumFile.relativePath):\n" + problems.map { "  " + $0 }.joined(separator: "\n"))
                throw ExitCode.failure
            }
            let snapshot = try workspace.snapshot()
            if check {
                let plan = MigrationPlanner.plan(from: snapshot, to: target)
                if plan.isEmpty {
                    Console.output("No changes: \(schema) matches \(workspace.snapshotFile.relativePath).\n")
                    return
                }
                Console.error("error: \(schema) has changes without a migration; run `swift package --allow-writing-to-package-directory generate-migration --name NAME`:\n"
                    + plan.steps.map { "  " + $0.summary }.joined(separator: "\n"))
                throw ExitCode.failure
            }
            let options = MigrationGenerator.Options(plan: PlanOptions(online: online), allowDestructive: allowDestructive)
            let written = expandContract
                ? try MigrationGenerator.generateExpandContract(
                    name: name, from: snapshot, to: target, existing: workspace.migrations(), batchSize: batchSize, allowDestructive: allowDestructive)
                : try MigrationGenerator.generate(name: name, from: snapshot, to: target, existing: workspace.migrations(), options: options)
            guard let generated = written else {
                Console.output("No changes: \(schema) matches \(workspace.snapshotFile.relativePath); nothing written.\n")
                return
            }
            if dryRun {
                for file in generated.files { Console.output("-- \(file.fileName)\n" + file.text) }
                return
            }
            try workspace.write(generated)
            // The TuskGenerator plugin re-runs its tool when schema.yaml changes; a new modification
            // date makes the next build embed the new migration (SwiftPM keeps a plugin's planned
            // inputs, so the plugin cannot list migration files without going stale).
            try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: schema)
            for file in generated.files {
                Console.output("Wrote \(workspace.migrationsDirectory.relativePath)/\(file.fileName) (\(file.plan.steps.count) step\(file.plan.steps.count == 1 ? "" : "s"))\n")
            }
            for hazard in generated.files.flatMap(\.plan.hazards) { Console.error("warning: \(hazard)") }
        } catch let error as MigrationFileError {
            Console.error("error: \(error)")
            throw ExitCode.failure
        } catch let error as ExpandContractError {
            Console.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
